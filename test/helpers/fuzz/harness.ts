/**
 * Fuzzing: property-based tests (fast-check) that throw generated inputs at every mutation
 * and generated documents at the schema, over real HTTP and WebSocket, against a real
 * server on the run's real Neo4j. The properties live beside what they test:
 * features/<feature>/<feature>.fuzz.test.ts (the feature's mutations with generated
 * arguments, and its own properties) and platform/fuzz-*.test.ts (every mutation covered,
 * malformed requests, raw WebSocket frames, generated documents, the process). The
 * machinery they share is in this folder: this file (the seed, the server, raw HTTP and
 * the checks every answer passes), world.ts, arbitraries.ts, mutations.ts with
 * mutation-specs.ts, and documents.ts.
 *
 * What must hold, whatever is sent:
 *  - never a 5xx (HTTP answers are 200, 400 or 413 — 413 exactly when the body is over
 *    MAX_BODY_BYTES), always a JSON body, every error with a code from the contract or
 *    GraphQL's request codes and never INTERNAL_SERVER_ERROR, no stack traces, Cypher or
 *    driver text;
 *  - a refused mutation (errors, no data) leaves the graph around its actor unchanged
 *    (the people and circle of a small "world", every relationship at them and every node
 *    at the other end, plus the node the mutation would have created elsewhere);
 *  - stored text never holds control or invisible characters; mutations never succeed
 *    without the right role; a handful of oracles per mutation (what success implies);
 *  - WebSocket connections never close with 4500/1011/1006, and the server still answers;
 *  - handles fold look-alikes (case, full-width, NFKC forms) into one: duplicates are refused
 *    with CONFLICT and `user(handle:)` finds the same person;
 *  - no unhandled rejection or uncaught exception in the process (the server runs in it).
 *
 * Deterministic: every property has its own seed derived from FUZZ_SEED (default below).
 * A failure names the seed, the path and the shrunk counterexample; rerun it with
 * FUZZ_SEED=<base seed>. The worlds (handles, ids) are fresh per run, so the generated
 * choices repeat, the random suffixes do not. FUZZ_MUTATION_RUNS (default 60) sets the runs
 * per mutation; each mutation test prints what its inputs reached (accepted, or status and codes).
 */
import { randomBytes } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import type { GraphQLFormattedError } from 'graphql';
import { afterAll, beforeAll, expect } from 'vitest';
import { Role } from '../../../src/auth/roles.js';
import { normaliseHandle } from '../../../src/shared/validate.js';
import { startTestServer, type TestServer } from '../server.js';

// ---------------------------------------------------------------------------------------
// Run-wide state: seed, unhandled rejections, the server
// ---------------------------------------------------------------------------------------

export const SCHEMA_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../schema/schema.graphql');

const BASE_SEED = Number(process.env.FUZZ_SEED ?? 20_260_131);
/** Each property's seed: stable whatever order or subset of properties runs. */
const seedOf = (name: string) => {
  let hash = BASE_SEED | 0;
  for (const char of name) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return hash;
};

const unhandled: Array<{ kind: string; reason: unknown }> = [];
const onRejection = (reason: unknown) => void unhandled.push({ kind: 'unhandledRejection', reason });
const onException = (reason: unknown) => void unhandled.push({ kind: 'uncaughtException', reason });

/** The server of the calling test file's fuzz tests: filled in when fuzzServer's beforeAll has started it. */
export const test = {} as TestServer;
const agent = new Agent({ keepAlive: true, maxSockets: 4 });
export let bureauToken: string;
export let verifierToken: string;
export let safetyToken: string;

/**
 * Starts the fuzz tests' server before the calling file's tests and closes it after them;
 * call it once, at the top of the file. From then on every unhandled rejection and uncaught
 * exception in this process (the server runs in it) is recorded: `check` fails on any, and
 * so does the end of the file, for any that surfaced after its last property.
 */
export function fuzzServer(): TestServer {
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);

  beforeAll(async () => {
    Object.assign(test, await startTestServer());
    const tokens = test.server.app.tokens;
    bureauToken = tokens.issueForService(Role.CREDIT_BUREAU, 3600).token;
    verifierToken = tokens.issueForService(Role.IDENTITY_VERIFIER, 3600).token;
    safetyToken = tokens.issueForService(Role.TRUST_AND_SAFETY, 3600).token;
  });

  afterAll(async () => {
    try {
      expectNoUnhandled();
    } finally {
      agent.destroy();
      await test.close?.();
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
    }
  });

  return test;
}

/** Runs a property with its own seed; a failure says how to reproduce it. */
export async function check<Ts extends [unknown, ...unknown[]]>(name: string, property: fc.IAsyncProperty<Ts>, numRuns: number): Promise<void> {
  const seed = seedOf(name);
  try {
    await fc.assert(property, { seed, numRuns, endOnFailure: false });
  } catch (error) {
    (error as Error).message = `[fuzz "${name}": FUZZ_SEED=${BASE_SEED}, property seed ${seed}]\n${(error as Error).message}`;
    throw error;
  }
  expectNoUnhandled();
}

export function expectNoUnhandled(): void {
  expect(unhandled.map(({ kind, reason }) => `${kind}: ${reason instanceof Error ? reason.stack : String(reason)}`)).toEqual([]);
}

// ---------------------------------------------------------------------------------------
// HTTP: raw bodies (so JSON-invalid numbers can be sent), replies checked for safety
// ---------------------------------------------------------------------------------------

export interface Reply {
  status: number;
  contentType: string;
  text: string;
  body: { data?: Record<string, unknown> | null; errors?: GraphQLFormattedError[] } | undefined;
  bytesSent: number;
  ms: number;
}

export function httpCall(method: 'GET' | 'POST', pathAndQuery: string, body: string | undefined, headers: Record<string, string>): Promise<Reply> {
  const target = new URL(pathAndQuery, test.server.url);
  const started = performance.now();
  const bytesSent = body === undefined ? 0 : Buffer.byteLength(body);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = httpRequest(target, { method, agent, headers: { ...headers, ...(body !== undefined && { 'content-length': String(bytesSent) }) } }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: Reply['body'];
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined;
        }
        resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text, body: parsed, bytesSent, ms: performance.now() - started });
      });
    });
    // The server may answer 413 and hang up while a big body is still being sent: only its answer counts.
    req.on('error', (error) => setTimeout(() => answered || reject(error), 1000));
    req.end(body);
  });
}

export const post = (body: string, token?: string) =>
  httpCall('POST', '/graphql', body, { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) });

/** A JSON value sent as written: NaN, Infinity, 1e400, 01… (JSON-invalid ones make the body invalid). */
export class RawJson {
  constructor(readonly text: string) {}
  toString() {
    return `RawJson(${this.text})`;
  }
}
/** An enum value: a bare name in a document, a string in variables. */
export class EnumValue {
  constructor(readonly name: string) {}
  toString() {
    return `EnumValue(${JSON.stringify(this.name)})`;
  }
}

/** JSON with RawJson values spliced in verbatim. */
export function encodeJson(value: unknown): string {
  const raws: string[] = [];
  const nonce = `@@raw${randomBytes(6).toString('hex')}@@`;
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof RawJson) return `${nonce}${raws.push(v.text) - 1}`;
    if (v instanceof EnumValue) return v.name;
    return v;
  });
  return text.replace(new RegExp(`"${nonce}(\\d+)"`, 'g'), (_m, i: string) => raws[Number(i)]!);
}

/** A GraphQL literal for a generated value (strings in JSON syntax, which GraphQL shares). */
export function literal(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (value instanceof EnumValue) return /^[_A-Za-z][_0-9A-Za-z]*$/.test(value.name) ? value.name : JSON.stringify(value.name);
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  return `{${Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${literal(v)}`)
    .join(', ')}}`;
}

/** What the server sees of a value sent in variables (undefined: the body is not valid JSON). */
export function effective(value: unknown): unknown {
  try {
    return JSON.parse(encodeJson({ v: value })).v;
  } catch {
    return undefined;
  }
}

const ALLOWED_STATUS = [200, 400, 413];
export const ALLOWED_CODES = new Set([
  // The contract
  'UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'CREDIT_TOO_LOW', 'VERIFICATION_REQUIRED', 'DISCLOSURE_REQUIRED', 'RATE_LIMITED',
  // GraphQL's and Apollo's request codes (src/errors.ts), and our HTTP ones
  'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'OPERATION_RESOLUTION_FAILURE', 'BAD_REQUEST', 'PAYLOAD_TOO_LARGE',
  'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED',
]);
/** Stack frames, file positions, driver and Cypher text: what must never reach a client. */
export const LEAK =
  /\bat [\w.<>$[\]]+ \(|node:internal|node_modules|\.[cm]?[jt]s:\d+|Neo4jError|Neo\.(?:Client|Transient|Database)Error|neo4j-driver|\b(?:MATCH|MERGE|CREATE|UNWIND)\s+\(\w*:(?:User|Circle|Post|Interest|CreditScoreRecord|ClosedAccount)\b|Invalid input '|line \d+, column \d+ \(offset|\b(?:Type|Reference|Range|Syntax)Error\b|Cannot read propert|is not a function|is not iterable/;

/** Every string inside a generated value (what an error message may legitimately echo). */
export function stringsIn(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (value instanceof RawJson) into.push(value.text);
  else if (value instanceof EnumValue) into.push(value.name);
  else if (Array.isArray(value)) value.forEach((v) => stringsIn(v, into));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) (into.push(k), stringsIn(v, into));
  return into;
}

/** Removes what the client sent (and its normalised and quoted forms) from a text before looking for leaks. */
export function scrub(text: string, echoed: readonly string[]): string {
  let out = text;
  const forms = new Set<string>();
  for (const s of echoed) {
    for (const form of [s, s.trim(), s.normalize('NFC').trim(), normaliseHandle(s), s.normalize('NFKC').trim().toLowerCase()]) {
      if (form.length >= 3) {
        forms.add(form);
        forms.add(JSON.stringify(form));
        forms.add(JSON.stringify(form).slice(1, -1));
      }
    }
  }
  for (const form of [...forms].sort((a, b) => b.length - a.length)) out = out.split(form).join('');
  return out;
}

/** The checks every HTTP answer passes, whatever was sent. */
export function expectSafeReply(reply: Reply, echoed: readonly string[], allowedStatus: readonly number[] = ALLOWED_STATUS): void {
  const where = `HTTP ${reply.status}: ${reply.text.slice(0, 500)}`;
  expect(allowedStatus, where).toContain(reply.status);
  expect(reply.contentType, where).toMatch(/^application\/(graphql-response\+)?json/);
  expect(reply.body, `not JSON: ${where}`).toBeTypeOf('object');
  expect(reply.body, where).not.toBeNull();
  if (reply.status === 413) {
    expect(reply.bytesSent, where).toBeGreaterThan(test.config.maxBodyBytes);
  } else if (reply.bytesSent > test.config.maxBodyBytes) {
    expect.fail(`a body of ${reply.bytesSent} bytes (over MAX_BODY_BYTES) was not refused with 413: ${where}`);
  }
  const errors = reply.body!.errors ?? [];
  expect(Array.isArray(errors), where).toBe(true);
  if (reply.status !== 200) expect(errors.length, `an HTTP ${reply.status} without errors: ${where}`).toBeGreaterThan(0);
  for (const error of errors) {
    const code = error.extensions?.code;
    expect(code, where).not.toBe('INTERNAL_SERVER_ERROR');
    expect(ALLOWED_CODES.has(String(code)), `unexpected code ${String(code)}: ${where}`).toBe(true);
    expect(error.extensions?.stacktrace, where).toBeUndefined();
    expect(error.extensions?.exception, where).toBeUndefined();
    const text = scrub(`${error.message}\n${JSON.stringify(error.extensions ?? {})}`, echoed);
    expect(text, `internal details in an error: ${where}`).not.toMatch(LEAK);
  }
}

export async function expectAlive(): Promise<void> {
  const reply = await post(JSON.stringify({ query: '{ __typename }' }));
  expect(reply.status).toBe(200);
  expect(reply.body?.data).toEqual({ __typename: 'Query' });
}

export async function gql<T = Record<string, any>>(query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const reply = await post(JSON.stringify({ query, variables }), token);
  expect(reply.body?.errors, `${query}: ${reply.text.slice(0, 400)}`).toBeUndefined();
  return reply.body!.data as T;
}
