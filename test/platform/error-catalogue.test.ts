/**
 * The README's error catalogue against the source: every `extensions.code` the server can
 * send has a row (with its HTTP status, when it happens and what to do), and every row is a
 * code the server sends. Then, over real HTTP and WebSocket, `extensions.field` on input
 * errors that come from the variables, before any resolver runs.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.js';
import { postJson, send } from '../helpers/http.js';
import { serverForTests } from '../helpers/server.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return /\.tsx?$/.test(name) ? [file] : [];
  });
}

/** The codes the source can send: the ErrorCode type, the request codes, and every literal `code: '…'` or JSON error of our own. */
function codesInSource(): Set<string> {
  const codes = new Set<string>();
  const errors = readFileSync(path.join(projectRoot, 'src/errors.ts'), 'utf8');
  const union = /export type ErrorCode =([^;]+);/.exec(errors)![1]!;
  const requestCodes = /const REQUEST_CODES = new Set\(\[([^\]]+)\]/.exec(errors)![1]!;
  for (const block of [union, requestCodes]) for (const [, code] of block.matchAll(/'([A-Z_]+)'/g)) codes.add(code!);
  for (const file of sourceFiles(path.join(projectRoot, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const [, code] of text.matchAll(/\bcode: '([A-Z][A-Z_]+)'/g)) codes.add(code!);
    for (const [, code] of text.matchAll(/sendJsonError\([^,]+, \d+, '([A-Z_]+)'/g)) codes.add(code!);
    for (const [, code] of text.matchAll(/new AppError\(\s*'([A-Z_]+)'/g)) codes.add(code!);
  }
  return codes;
}

interface Row {
  code: string;
  status: string;
  when: string;
  todo: string;
}

function catalogue(): Row[] {
  const readme = readFileSync(path.join(projectRoot, 'README.md'), 'utf8');
  const table = readme.slice(readme.indexOf('| Code | HTTP status | When | What a client should do |'));
  const lines = table.split('\n').slice(2);
  const rows: Row[] = [];
  for (const line of lines) {
    if (!line.startsWith('|')) break;
    const [code = '', status = '', when = '', todo = ''] = line.split(' | ').map((cell) => cell.replace(/^\| ?| ?\|$/g, '').trim());
    rows.push({ code: code.replace(/`/g, ''), status, when, todo });
  }
  return rows;
}

describe('the README error catalogue', () => {
  const rows = catalogue();
  const source = codesInSource();

  it('reads the source and the table (so the next checks mean something)', () => {
    expect(source.size).toBeGreaterThanOrEqual(15);
    expect(source).toContain('GRAPHQL_VALIDATION_FAILED');
    expect(rows.length).toBeGreaterThanOrEqual(15);
  });

  it('has a row for every code the source can send', () => {
    const listed = new Set(rows.map((row) => row.code));
    expect([...source].filter((code) => !listed.has(code)).sort()).toEqual([]);
  });

  it('lists only codes the source sends, each once', () => {
    expect(rows.map((row) => row.code).filter((code) => !source.has(code))).toEqual([]);
    expect(new Set(rows.map((row) => row.code)).size).toBe(rows.length);
  });

  it('gives every code an HTTP status, when it happens and what to do', () => {
    for (const row of rows) {
      expect(row.status, row.code).toMatch(/\b[2-5]\d\d\b/);
      expect(row.when.length, row.code).toBeGreaterThan(20);
      expect(row.todo.length, row.code).toBeGreaterThan(10);
    }
  });
});

describe('extensions.field on variable errors', () => {
  const test = serverForTests();

  type Answer = { errors: Array<{ message: string; extensions: { code: string; field?: string } }> };
  const ask = async (query: string, variables: unknown) => JSON.parse((await send(test.server.url, postJson({ query, variables }))).text) as Answer;

  it.each([
    ['a scalar variable of the wrong type', 'query($n: Int!) { interests(first: $n) { edges { cursor } } }', { n: 'many' }, 'n'],
    ['a required variable not given', 'query($handle: String!) { user(handle: $handle) { handle } }', {}, 'handle'],
    [
      'an input field of the wrong type',
      'mutation($input: LogInInput!) { logIn(input: $input) { token } }',
      { input: { handle: 5, password: 'x' } },
      'handle',
    ],
    ['an input field missing', 'mutation($input: LogInInput!) { logIn(input: $input) { token } }', { input: { handle: 'demo' } }, 'password'],
    ['an input field unknown', 'mutation($input: LogInInput!) { logIn(input: $input) { token } }', { input: { handle: 'demo', password: 'x', pin: 1 } }, 'pin'],
  ])('names the input at fault: %s', async (_name, query, variables, field) => {
    const answer = await ask(query, variables);
    expect(answer.errors.map((error) => error.extensions)).toEqual([{ code: 'BAD_USER_INPUT', field }]);
  });
});
