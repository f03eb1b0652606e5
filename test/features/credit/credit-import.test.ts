/**
 * scripts/import-credit-scores.ts, run as an operator runs it (npx tsx, a child process),
 * against the test run's Neo4j: a CSV of handle,score,source,observedAt goes through the
 * same rules as recordCreditScore, in batches; rejected rows land in a report with their
 * line and reason; progress goes to stderr; a second run records nothing new.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../../src/config.js';
import {
  CreditExtraHistoryDocument,
  CreditExtraMeDocument,
  MyCreditHistoryDocument,
  RecordCreditScoreDocument,
  UserByHandleDocument,
} from '../../generated/graphql.js';
import { errorCodes } from '../../helpers/client.js';
import { signUp, uniqueHandle, type Person } from '../../helpers/people.js';
import { serverForTests, testConfig } from '../../helpers/server.js';
import { tag } from '../../helpers/util.js';

const execFileAsync = promisify(execFile);

const test = serverForTests();
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'quanzi-import-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------
// Helpers

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function importEnv(): NodeJS.ProcessEnv {
  const config = testConfig();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    NEO4J_URI: config.neo4j.uri,
    NEO4J_USERNAME: config.neo4j.username,
    NEO4J_PASSWORD: config.neo4j.password,
    NEO4J_DATABASE: config.neo4j.database,
    LOG_LEVEL: 'warn',
  };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  return env;
}

async function runImport(args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await execFileAsync('npx', ['tsx', 'scripts/import-credit-scores.ts', ...args], {
      cwd: projectRoot,
      env: importEnv(),
      timeout: 90_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** A small RFC 4180 reader for the report (its own, so the test does not trust the script's parser). */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (ch !== '\r') field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Every credit record of these people, as the graph holds it (sorted, all properties). */
async function records(...persons: Person[]) {
  return test.database.forRequest().read((q) =>
    q.rows<{ handle: string; score: number; source: string; observedAt: string; recordedBy: string; recordedAt: string; id: string }>(
      `MATCH (u:User)-[:HAS_CREDIT_RECORD]->(r:CreditScoreRecord) WHERE u.id IN $ids
       RETURN u.handle AS handle, r.score AS score, r.source AS source, toString(r.observedAt) AS observedAt,
              r.recordedBy AS recordedBy, toString(r.recordedAt) AS recordedAt, r.id AS id
       ORDER BY handle, observedAt, source`,
      { ids: persons.map((p) => p.id) },
    ),
  );
}

/** Each person's current score as the graph holds it, and the band the owner sees through the API. */
async function currentScores(...persons: Person[]) {
  const rows = await test.database.forRequest().read((q) =>
    q.rows<{ handle: string; score: number | null }>(
      'MATCH (u:User) WHERE u.id IN $ids RETURN u.handle AS handle, u.creditScore AS score ORDER BY handle',
      { ids: persons.map((p) => p.id) },
    ),
  );
  const result: Record<string, { score: number | null; band: string | null }> = {};
  for (const row of rows) {
    const person = persons.find((p) => p.handle === row.handle)!;
    const me = await test.client.request(CreditExtraMeDocument, {}, { token: person.token });
    expect(me.errors).toBeUndefined();
    expect(me.data!.me!.creditScore).toBe(row.score);
    result[row.handle] = { score: row.score, band: me.data!.me!.creditBand ?? null };
  }
  return result;
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

// ---------------------------------------------------------------------------------------

describe('import-credit-scores CLI', () => {
  let p1: Person;
  let p2: Person;
  let p3: Person;
  let outsider: Person;
  let file: string;
  let report: string;
  let source: string;
  let inc: string;
  const T1 = iso(Date.UTC(2025, 0, 10, 8, 0, 0));
  const T2 = iso(Date.UTC(2025, 5, 10, 8, 0, 0));
  const T3 = iso(Date.UTC(2025, 8, 1, 12, 30, 0));
  let ghost: string;
  let expectedRejections: Map<number, RegExp>;
  let firstRun: Run;
  let afterFirst: Awaited<ReturnType<typeof records>>;

  beforeAll(async () => {
    [p1, p2, p3, outsider] = await Promise.all([signUp(test.client, 'imp'), signUp(test.client, 'imp'), signUp(test.client, 'imp'), signUp(test.client, 'impx')]);
    source = `Import bureau ${tag()}`;
    inc = `${source}, Inc`;
    ghost = uniqueHandle('nobody');
    const future = iso(Date.now() + 2 * 86_400_000);
    const lines = [
      'handle,score,source,observedAt', //                                        1 header
      `${p1!.handle},700,${source},${T1}`, //                                     2 created
      `${p1!.handle},720,${source},${T2}`, //                                     3 created (p1 now 720)
      `${p2!.handle},"610","${inc}",${T1}`, //                                    4 created, quoted source with a comma
      `${p3!.handle},951,${source},${T1}`, //                                     5 score too high
      `${p3!.handle},349,${source},${T1}`, //                                     6 score too low
      `${p3!.handle},abc,${source},${T1}`, //                                     7 score not a number
      `${p3!.handle},650,${source},${future}`, //                                 8 in the future
      `${p3!.handle},650,${source},2025-01-02T10:00:00`, //                       9 no zone
      `${p3!.handle},650,${source},2025-01-02`, //                               10 a date alone
      `${p3!.handle},"650,${source},${T1}`, //                                   11 broken quoting
      `${p1!.handle},705,${source},${T1}`, //                                    12 conflicts with line 2 (an earlier batch)
      '', //                                                                      13 blank: skipped
      `${p3!.handle},640,${source},${T3}`, //                                    14 created (p3 now 640)
      `${p3!.handle},645,${source},${T3}`, //                                    15 conflicts with line 14 (same batch of 2)
      `${p2!.handle},610,"${inc}",${T1}`, //                                     16 the same as line 4: unchanged
      `  ${p2!.handle.toUpperCase()} , 600 , ${source} , ${T2} `, //             17 created after trimming (p2 now 600)
      `${ghost},650,${source},${T1}`, //                                         18 unknown handle
    ];
    // Valid rows go in batches of 2: [2,3] [4,12] [14,15] [16,17] [18].
    expectedRejections = new Map([
      [5, /score/],
      [6, /score/],
      [7, /score/],
      [8, /future/],
      [9, /observedAt/],
      [10, /observedAt/],
      [11, /quot/],
      [12, /different score|already reported|conflict/i],
      [15, /different score|already reported|conflict/i],
      [18, /handle/],
    ]);
    file = path.join(dir, `scores-${tag()}.csv`);
    report = path.join(dir, 'first.rejected.csv');
    await writeFile(file, lines.join('\n') + '\n');
    firstRun = await runImport([file, '--report', report, '--batch', '2']);
    afterFirst = await records(p1!, p2!, p3!);
  }, 120_000);

  it('exits 0 and sums up what it did', () => {
    expect(firstRun.code, firstRun.stderr).toBe(0);
    // 16 data rows (the blank line is not a row): 5 recorded, 1 already recorded, 10 rejected.
    expect(firstRun.stdout).toMatch(/16 rows in [\d.]+ s: 5 recorded, 1 already recorded, 10 rejected/);
    expect(firstRun.stdout).toContain(report);
  });

  it('shows progress on stderr', () => {
    expect(firstRun.stderr).toMatch(/\d+%\s+[\d,]+ rows\s+[\d,]+ rows\/s\s+\d+ rejected/);
  });

  it('records the good rows, with their sources and observation times, as the importer', async () => {
    const basename = path.basename(file);
    expect(afterFirst.map(({ handle, score, source: s, observedAt, recordedBy }) => ({ handle, score, source: s, observedAt: new Date(observedAt).toISOString(), recordedBy }))).toEqual(
      [
        { handle: p1.handle, score: 700, source, observedAt: new Date(T1).toISOString(), recordedBy: `import:${basename}` },
        { handle: p1.handle, score: 720, source, observedAt: new Date(T2).toISOString(), recordedBy: `import:${basename}` },
        { handle: p2.handle, score: 610, source: inc, observedAt: new Date(T1).toISOString(), recordedBy: `import:${basename}` },
        { handle: p2.handle, score: 600, source, observedAt: new Date(T2).toISOString(), recordedBy: `import:${basename}` },
        { handle: p3.handle, score: 640, source, observedAt: new Date(T3).toISOString(), recordedBy: `import:${basename}` },
      ].sort((a, b) => (a.handle + a.observedAt + a.source < b.handle + b.observedAt + b.source ? -1 : 1)),
    );
    // Nothing from the rejected rows, for anyone: no 705, 645, 650, 951, 349.
    const stray = await test.database.forRequest().read((q) =>
      q.one<{ n: number }>('MATCH (r:CreditScoreRecord) WHERE r.source IN $sources AND r.score IN [705, 645, 650, 951, 349] RETURN count(r) AS n', {
        sources: [source, inc],
      }),
    );
    expect(stray!.n).toBe(0);
  });

  it('makes the latest observation each person\'s current score', async () => {
    expect(await currentScores(p1, p2, p3)).toEqual({
      [p1.handle]: { score: 720, band: 'EXCELLENT' },
      [p2.handle]: { score: 600, band: 'GOOD' },
      [p3.handle]: { score: 640, band: 'GOOD' },
    });
  });

  it('writes a report with one row per rejected line: the line, the fields, and why', async () => {
    const rows = readCsv(await readFile(report, 'utf8'));
    expect(rows[0]).toEqual(['line', 'handle', 'score', 'source', 'observedAt', 'reason']);
    const body = rows.slice(1).filter((row) => row.length > 1);
    expect(body.map((row) => Number(row[0])).sort((x, y) => x - y)).toEqual([...expectedRejections.keys()]);
    for (const row of body) {
      const line = Number(row[0]);
      expect(row.at(-1), `line ${line}: ${row.join(' | ')}`).toMatch(expectedRejections.get(line)!);
    }
    const byLine = new Map(body.map((row) => [Number(row[0]), row]));
    expect(byLine.get(5)!.slice(1, 5)).toEqual([p3.handle, '951', source, T1]);
    expect(byLine.get(18)![1]).toBe(ghost);
    expect(byLine.get(12)!.slice(1, 3)).toEqual([p1.handle, '705']);
    // The broken line is reported as it was.
    expect(byLine.get(11)!.join(',')).toContain(p3.handle);
  });

  it('records nothing new when run again, and reports the same rejections', async () => {
    const secondReport = path.join(dir, 'second.rejected.csv');
    const second = await runImport([file, '--report', secondReport, '--batch', '2']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/16 rows in [\d.]+ s: 0 recorded, 6 already recorded, 10 rejected/);
    // Not a property changed: same ids, same recordedAt.
    expect(await records(p1, p2, p3)).toEqual(afterFirst);
    expect(await currentScores(p1, p2, p3)).toEqual({
      [p1.handle]: { score: 720, band: 'EXCELLENT' },
      [p2.handle]: { score: 600, band: 'GOOD' },
      [p3.handle]: { score: 640, band: 'GOOD' },
    });
    const first = readCsv(await readFile(report, 'utf8')).map((row) => row[0]);
    const again = readCsv(await readFile(secondReport, 'utf8')).map((row) => row[0]);
    expect(again).toEqual(first);
  }, 120_000);

  it('shows the imported records to their owner in creditHistory, newest observation first, and to no one else', async () => {
    const mine = await test.client.request(MyCreditHistoryDocument, { first: 10 }, { token: p1.token });
    expect(mine.errors).toBeUndefined();
    expect(mine.data!.me!.creditScore).toBe(720);
    expect(mine.data!.me!.creditHistory!.edges.map((e) => [e.node.score, e.node.source, e.node.observedAt])).toEqual([
      [720, source, new Date(T2).toISOString()],
      [700, source, new Date(T1).toISOString()],
    ]);
    const p2History = await test.client.request(CreditExtraHistoryDocument, { handle: p2.handle, first: 10 }, { token: p2.token });
    expect(p2History.data!.user!.creditHistory!.edges.map((e) => [e.node.score, e.node.source])).toEqual([
      [600, source],
      [610, inc],
    ]);
    const other = await test.client.request(UserByHandleDocument, { handle: p1.handle }, { token: outsider.token });
    expect(other.errors).toBeUndefined();
    expect(other.data!.user!.creditHistory).toBeNull();
    // BAND_ONLY by default: the stranger sees the band, not the number.
    expect(other.data!.user).toMatchObject({ creditScore: null, creditBand: 'EXCELLENT' });
  });
});

describe('import-credit-scores CLI: file shapes', () => {
  it('accepts the columns in any order, with a byte-order mark and CRLF; writes <file>.rejected.csv by default', async () => {
    const [person] = await Promise.all([signUp(test.client, 'impo')]);
    const source = `Reordered ${tag()}`;
    const file = path.join(dir, 'reordered.csv');
    const lines = [
      '\uFEFFobservedAt,source,handle,score',
      `${iso(Date.UTC(2025, 2, 3, 8))},${source},${person.handle},655`, // recorded
      `2025-03-03T16:00:00+08:00,${source},${person.handle},655`, // the same instant, another zone: already recorded
      `${iso(Date.UTC(2025, 2, 4))},${source},${person.handle},999`, // rejected: score
    ];
    await writeFile(file, lines.join('\r\n') + '\r\n');
    const run = await runImport([file]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/3 rows in [\d.]+ s: 1 recorded, 1 already recorded, 1 rejected/);
    expect((await records(person)).map((r) => [r.score, r.source])).toEqual([[655, source]]);
    const report = readCsv(await readFile(path.join(dir, 'reordered.rejected.csv'), 'utf8'));
    expect(report[0]).toEqual(['line', 'handle', 'score', 'source', 'observedAt', 'reason']);
    expect(report).toHaveLength(2);
    // The report's columns are named handle,score,source,observedAt: the row must fill them so.
    const [header, row] = report as [string[], string[]];
    const field = (name: string) => row[header.indexOf(name)];
    expect(field('line')).toBe('4');
    expect(field('handle')).toBe(person.handle);
    expect(field('score')).toBe('999');
    expect(field('source')).toBe(source);
    expect(field('reason')).toMatch(/score/);
  }, 120_000);

  it('refuses a file whose header lacks a column, recording nothing', async () => {
    const [person] = await Promise.all([signUp(test.client, 'imph')]);
    const file = path.join(dir, 'no-source.csv');
    await writeFile(file, `handle,score,observedAt\n${person.handle},700,${iso(Date.UTC(2025, 2, 3))}\n`);
    const run = await runImport([file, '--report', path.join(dir, 'no-source.rejected.csv')]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/source/);
    expect(await records(person)).toEqual([]);
  }, 120_000);

  it.each([
    ['no file', []],
    ['a bad --batch', ['FILE', '--batch', '0']],
    ['a file that does not exist', ['/nonexistent/scores.csv']],
  ])('exits non-zero for %s', async (_name, args) => {
    const file = path.join(dir, 'usage.csv');
    await writeFile(file, 'handle,score,source,observedAt\n');
    const run = await runImport(args.map((a) => (a === 'FILE' ? file : a)));
    expect(run.code).not.toBe(0);
    expect(run.stderr.length).toBeGreaterThan(0);
  }, 120_000);
});

describe('recordCreditScore is for credit bureaus only', () => {
  it('refuses a USER with FORBIDDEN and records nothing', async () => {
    const [person] = await Promise.all([signUp(test.client, 'impf')]);
    const result = await test.client.request(
      RecordCreditScoreDocument,
      { handle: person.handle, score: 900, source: 'self-service', observedAt: iso(Date.now() - 60_000) },
      { token: person.token },
    );
    expect(errorCodes(result)).toEqual(['FORBIDDEN']);
    expect(await records(person)).toEqual([]);
    expect(await currentScores(person)).toEqual({ [person.handle]: { score: null, band: null } });
  });
});
