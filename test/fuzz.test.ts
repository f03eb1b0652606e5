/**
 * Fuzzing: property-based tests (fast-check) that throw generated inputs at every mutation
 * and generated documents at the schema, over real HTTP and WebSocket, against one real
 * server on the run's real Neo4j.
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
 *  - no unhandled rejection or uncaught exception in this process (the server runs in it).
 *
 * Deterministic: every property has its own seed derived from FUZZ_SEED (default below).
 * A failure names the seed, the path and the shrunk counterexample; rerun it with
 * FUZZ_SEED=<base seed>. The worlds (handles, ids) are fresh per run, so the generated
 * choices repeat, the random suffixes do not. FUZZ_MUTATION_RUNS (default 60) sets the runs
 * per mutation; each mutation test prints what its inputs reached (accepted, or status and codes).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { buildSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType, parse, type GraphQLFormattedError } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Role } from '../src/auth/roles.js';
import { INTEREST_CATALOGUE } from '../src/interests/catalogue.js';
import { normaliseHandle } from '../src/shared/validate.js';
import { PASSWORD, signUp, type Person } from './helpers/people.js';
import { startTestServer, type TestServer } from './helpers/server.js';

// ---------------------------------------------------------------------------------------
// Run-wide state: seed, unhandled rejections, the server
// ---------------------------------------------------------------------------------------

const SCHEMA_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../schema/schema.graphql');
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
process.on('unhandledRejection', onRejection);
process.on('uncaughtException', onException);

let test: TestServer;
const agent = new Agent({ keepAlive: true, maxSockets: 4 });
let bureauToken: string;
let verifierToken: string;
let safetyToken: string;
let docsPerson: Person;

beforeAll(async () => {
  test = await startTestServer();
  const tokens = test.server.app.tokens;
  bureauToken = tokens.issueForService(Role.CREDIT_BUREAU, 3600).token;
  verifierToken = tokens.issueForService(Role.IDENTITY_VERIFIER, 3600).token;
  safetyToken = tokens.issueForService(Role.TRUST_AND_SAFETY, 3600).token;
  docsPerson = await signUp(test.client, 'fzdocs');
});

afterAll(async () => {
  agent.destroy();
  await test?.close();
  process.off('unhandledRejection', onRejection);
  process.off('uncaughtException', onException);
});

/** Runs a property with its own seed; a failure says how to reproduce it. */
async function check<Ts extends [unknown, ...unknown[]]>(name: string, property: fc.IAsyncProperty<Ts>, numRuns: number): Promise<void> {
  const seed = seedOf(name);
  try {
    await fc.assert(property, { seed, numRuns, endOnFailure: false });
  } catch (error) {
    (error as Error).message = `[fuzz "${name}": FUZZ_SEED=${BASE_SEED}, property seed ${seed}]\n${(error as Error).message}`;
    throw error;
  }
  expectNoUnhandled();
}

function expectNoUnhandled(): void {
  expect(unhandled.map(({ kind, reason }) => `${kind}: ${reason instanceof Error ? reason.stack : String(reason)}`)).toEqual([]);
}

// ---------------------------------------------------------------------------------------
// HTTP: raw bodies (so JSON-invalid numbers can be sent), replies checked for safety
// ---------------------------------------------------------------------------------------

interface Reply {
  status: number;
  contentType: string;
  text: string;
  body: { data?: Record<string, unknown> | null; errors?: GraphQLFormattedError[] } | undefined;
  bytesSent: number;
  ms: number;
}

function httpCall(method: 'GET' | 'POST', pathAndQuery: string, body: string | undefined, headers: Record<string, string>): Promise<Reply> {
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

const post = (body: string, token?: string) =>
  httpCall('POST', '/graphql', body, { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) });

/** A JSON value sent as written: NaN, Infinity, 1e400, 01… (JSON-invalid ones make the body invalid). */
class RawJson {
  constructor(readonly text: string) {}
  toString() {
    return `RawJson(${this.text})`;
  }
}
/** An enum value: a bare name in a document, a string in variables. */
class EnumValue {
  constructor(readonly name: string) {}
  toString() {
    return `EnumValue(${JSON.stringify(this.name)})`;
  }
}

/** JSON with RawJson values spliced in verbatim. */
function encodeJson(value: unknown): string {
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
function literal(value: unknown): string {
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
function effective(value: unknown): unknown {
  try {
    return JSON.parse(encodeJson({ v: value })).v;
  } catch {
    return undefined;
  }
}

const ALLOWED_STATUS = [200, 400, 413];
const ALLOWED_CODES = new Set([
  // The contract
  'UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'CREDIT_TOO_LOW', 'VERIFICATION_REQUIRED', 'RATE_LIMITED',
  // GraphQL's and Apollo's request codes (src/errors.ts), and our HTTP ones
  'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'OPERATION_RESOLUTION_FAILURE', 'BAD_REQUEST', 'PAYLOAD_TOO_LARGE',
  'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED',
]);
/** Stack frames, file positions, driver and Cypher text: what must never reach a client. */
const LEAK =
  /\bat [\w.<>$[\]]+ \(|node:internal|node_modules|\.[cm]?[jt]s:\d+|Neo4jError|Neo\.(?:Client|Transient|Database)Error|neo4j-driver|\b(?:MATCH|MERGE|CREATE|UNWIND)\s+\(\w*:(?:User|Circle|Post|Interest|CreditScoreRecord|ClosedAccount)\b|Invalid input '|line \d+, column \d+ \(offset|\b(?:Type|Reference|Range|Syntax)Error\b|Cannot read propert|is not a function|is not iterable/;

/** Every string inside a generated value (what an error message may legitimately echo). */
function stringsIn(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (value instanceof RawJson) into.push(value.text);
  else if (value instanceof EnumValue) into.push(value.name);
  else if (Array.isArray(value)) value.forEach((v) => stringsIn(v, into));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) (into.push(k), stringsIn(v, into));
  return into;
}

/** Removes what the client sent (and its normalised and quoted forms) from a text before looking for leaks. */
function scrub(text: string, echoed: readonly string[]): string {
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
function expectSafeReply(reply: Reply, echoed: readonly string[], allowedStatus: readonly number[] = ALLOWED_STATUS): void {
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

async function expectAlive(): Promise<void> {
  const reply = await post(JSON.stringify({ query: '{ __typename }' }));
  expect(reply.status).toBe(200);
  expect(reply.body?.data).toEqual({ __typename: 'Query' });
}

async function gql<T = Record<string, any>>(query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const reply = await post(JSON.stringify({ query, variables }), token);
  expect(reply.body?.errors, `${query}: ${reply.text.slice(0, 400)}`).toBeUndefined();
  return reply.body!.data as T;
}

// ---------------------------------------------------------------------------------------
// The graph around a world: a cheap fingerprint to compare before and after
// ---------------------------------------------------------------------------------------

interface World {
  owner: Person;
  member: Person;
  outsider: Person;
  doomed: Person;
  people: Person[];
  circle: { id: string; slug: string };
  ownerPost: string;
  memberPost: string;
}

/** Nodes a refused mutation might have created away from the world. */
interface Probe {
  handles?: string[];
  slugs?: string[];
}

function canonical(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonical).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  return value;
}

interface Fingerprint {
  text: string;
  /** Every string property of the world's nodes, relationships and neighbours, by where it is. */
  strings: Array<[string, string]>;
}

async function fingerprint(world: World, probe: Probe = {}): Promise<Fingerprint> {
  const rows = await test.database.forRequest().read(async (q) => {
    const around = await q.rows<Record<string, unknown>>(
      `CALL () {
         MATCH (n:User) WHERE n.id IN $users RETURN n
         UNION
         MATCH (n:Circle) WHERE n.id IN $circles RETURN n
       }
       OPTIONAL MATCH (n)-[r]-(m)
       RETURN n.id AS id, labels(n) AS labels, properties(n) AS props,
              collect(CASE WHEN r IS NULL THEN null ELSE {
                type: type(r), out: startNode(r) = n, props: properties(r),
                other: coalesce(m.id, m.slug, elementId(m)), otherLabels: labels(m), otherProps: properties(m)
              } END) AS rels`,
      { users: world.people.map((p) => p.id), circles: [world.circle.id] },
    );
    const handles = await q.rows<Record<string, unknown>>('MATCH (u:User) WHERE u.handle IN $handles RETURN u.handle AS handle, u.id AS id', {
      handles: probe.handles ?? [],
    });
    const slugs = await q.rows<Record<string, unknown>>('MATCH (c:Circle) WHERE c.slug IN $slugs RETURN c.slug AS slug, c.id AS id', {
      slugs: probe.slugs ?? [],
    });
    return { around, handles, slugs };
  });
  const strings: Array<[string, string]> = [];
  const collect = (where: string, props: unknown) => {
    for (const [key, value] of Object.entries((props ?? {}) as Record<string, unknown>)) {
      if (key === 'passwordHash') continue;
      for (const item of Array.isArray(value) ? value : [value]) if (typeof item === 'string') strings.push([`${where}.${key}`, item]);
    }
  };
  for (const row of rows.around) {
    collect(String(row.id), row.props);
    for (const rel of row.rels as Array<Record<string, unknown>>) {
      collect(`${String(row.id)}-[${String(rel.type)}]`, rel.props);
      collect(`${String(rel.other)}`, rel.otherProps);
    }
  }
  return { text: JSON.stringify(canonical(rows)), strings };
}

/**
 * What text validation refuses (src/shared/validate.ts), written out again so the oracle does
 * not trust the code: nothing stored may hold it. Zero-width (non-)joiners are text.
 */
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\p{Cs}]/u;
const HANDLE = /^[a-z][a-z0-9_]{2,29}$/;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

async function makeWorld(tag: string): Promise<World> {
  const [owner, member, outsider, doomed] = [
    await signUp(test.client, `fz${tag}o`),
    await signUp(test.client, `fz${tag}m`),
    await signUp(test.client, `fz${tag}x`),
    await signUp(test.client, `fz${tag}d`),
  ] as [Person, Person, Person, Person];
  await gql(
    'mutation($h: String!) { recordCreditScore(handle: $h, score: 720, source: "FuzzBureau", observedAt: "2025-01-01T00:00:00Z") { id } }',
    { h: owner.handle },
    bureauToken,
  );
  const slug = `fz-${tag.replace(/[^a-z0-9]/g, '')}-${randomBytes(5).toString('hex')}`;
  const circle = await gql<{ createCircle: { id: string } }>(
    'mutation($input: CreateCircleInput!) { createCircle(input: $input) { id } }',
    { input: { slug, name: 'Fuzz circle', description: 'Where generated inputs meet', interestSlugs: ['tea-culture'] } },
    owner.token,
  );
  for (const person of [member, doomed]) await gql('mutation($s: String!) { joinCircle(slug: $s) { id } }', { s: slug }, person.token);
  const postAs = async (person: Person, body: string) =>
    (await gql<{ createPost: { id: string } }>('mutation($input: CreatePostInput!) { createPost(input: $input) { id } }', { input: { circleSlug: slug, body } }, person.token))
      .createPost.id;
  const ownerPost = await postAs(owner, 'The owner says hello');
  const memberPost = await postAs(member, 'A member says hello');
  const request = 'mutation($h: String!, $m: String!) { sendConnectionRequest(handle: $h, message: $m) { createdAt } }';
  await gql(request, { h: owner.handle, m: 'Tea some time?' }, member.token);
  await gql(request, { h: owner.handle, m: 'Hello there' }, outsider.token);
  await gql('mutation($h: String!) { respondToConnectionRequest(fromHandle: $h, accept: true) { status } }', { h: outsider.handle }, owner.token);
  await gql('mutation($h: String!) { trustUser(handle: $h, weight: 0.5) { weight } }', { h: member.handle }, owner.token);
  await gql('mutation($h: String!) { blockUser(handle: $h) }', { h: doomed.handle }, outsider.token);
  return { owner, member, outsider, doomed, people: [owner, member, outsider, doomed], circle: { id: circle.createCircle.id, slug }, ownerPost, memberPost };
}

// ---------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i));
const C0 = range(0x00, 0x1f);
const C1 = range(0x7f, 0x9f);
const BIDI = [...range(0x202a, 0x202e), ...range(0x2066, 0x2069), '\u200e', '\u200f', '\u061c'];
const INVISIBLE = ['\u200b', '\u200c', '\u200d', '\u2060', '\u2061', '\u2062', '\u2063', '\u2064', '\ufeff', '\u00ad', '\u180e', '\u034f', '\u115f', '\u3164', '\u{e0001}', '\u{e0041}'];
const SPACES = ['\u00a0', '\u1680', '\u2000', '\u2003', '\u2009', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000'];
const COMBINING = [...range(0x300, 0x36f), '\u20dd', '\u0489', '\u1ab0', '\u{1d167}'];
const EMOJI = ['😀', '👍🏽', '👨‍👩‍👧‍👦', '🏳️‍🌈', '🇨🇳', '🧑🏿‍🚀', '❤️', '#️⃣', '\u{1f9d1}\u{200d}\u{1f4bb}'];
const FULL_WIDTH = range(0xff01, 0xff5e);
const LOOK_ALIKES = ['а', 'е', 'о', 'р', 'с', 'х', 'і', 'ı', 'İ', 'ſ', 'K', 'ﬁ', 'ﬀ', 'ℌ', '𝐚', '𝕒', 'ⓐ', 'ᵃ', '²', 'ⅱ', 'ℓ', 'µ', 'Ω', 'ǅ'];
const ILL_FORMED = ['\ud800', '\udfff', '\udbff\udbff', 'a\ud83d', '\ude00b', '\ufffe', '\uffff', '\u{10ffff}', '\ufdd0', '\ufffd'];
const INJECTIONS = [
  "' OR 1=1 --",
  '" OR ""="',
  '") RETURN n //',
  "'}) MATCH (u:User) DETACH DELETE u //",
  '"}) WITH 1 AS x MATCH (n) DETACH DELETE n RETURN x //',
  'MATCH (n) DETACH DELETE n',
  '`) RETURN 1 //',
  '$handle',
  '{handle: $handle}',
  'CALL db.labels()',
  'CALL dbms.components() YIELD name RETURN name',
  'LOAD CSV FROM "file:///etc/passwd" AS l RETURN l',
  '{{7*7}}',
  '${7*7}',
  '#{7*7}',
  '<%= 7*7 %>',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '$where',
  '{"$where": "sleep(1000)"}',
  '{"$gt": ""}',
  '\u0000',
  'nul\u0000l',
  '%00',
  '../../../../etc/passwd',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '; DROP TABLE users; --',
  "Robert'); DROP TABLE Students;--",
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '%s%s%s%s%n',
  '\r\n\r\nHTTP/1.1 200 OK\r\n',
  'query { __schema { types { name } } }',
  'mutation { deleteMyAccount(password: "x") }',
  '\\',
  '\\u0000',
  '"',
  "'",
  '`',
  '${process.exit(1)}',
  'A'.repeat(64),
];

const piece = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 8 }) },
  { weight: 2, arbitrary: fc.stringMatching(/^[a-z][a-z0-9_]{2,12}$/) },
  { weight: 2, arbitrary: fc.constantFrom(...C0, ...C1) },
  { weight: 2, arbitrary: fc.constantFrom(...BIDI) },
  { weight: 2, arbitrary: fc.constantFrom(...INVISIBLE) },
  { weight: 1, arbitrary: fc.constantFrom(...SPACES) },
  { weight: 2, arbitrary: fc.constantFrom(...COMBINING) },
  { weight: 2, arbitrary: fc.constantFrom(...EMOJI) },
  { weight: 2, arbitrary: fc.constantFrom(...FULL_WIDTH) },
  { weight: 2, arbitrary: fc.constantFrom(...LOOK_ALIKES) },
  { weight: 1, arbitrary: fc.constantFrom(...ILL_FORMED) },
  { weight: 2, arbitrary: fc.constantFrom(...INJECTIONS) },
);
const mixedString = fc.array(piece, { maxLength: 10 }).map((parts) => parts.join(''));

const LENGTHS = [0, 1, 2, 3, 29, 30, 31, 48, 49, 79, 80, 81, 99, 100, 101, 199, 200, 201, 279, 280, 281, 499, 500, 501, 999, 1000, 1001, 4999, 5000, 5001];
/** Exactly at and around every length rule, in units that count differently (bytes, code units, code points, NFC). */
const lengthBoundary = fc
  .tuple(fc.constantFrom('x', '中', '😀', 'e\u0301', 'ﬁ', '\u3000'), fc.constantFrom(...LENGTHS), fc.constantFrom('', '  ', '\t', '\u3000'))
  .map(([unit, n, pad]) => `${pad}${unit.repeat(n)}${pad}`);

/** Big strings: under and over MAX_BODY_BYTES (100 KB by default). */
const hugeString = fc
  .tuple(fc.constantFrom('a', 'é', '中', '😀', '\u0000', '\u202e', 'e\u0301', 'ﬁ', ' ', '\\', '"', '<script>'), fc.constantFrom(6_000, 40_000, 90_000, 101_000, 140_000, 210_000))
  .map(([unit, bytes]) => unit.repeat(Math.ceil(bytes / Buffer.byteLength(unit))));

const weirdString = fc.oneof(
  { weight: 5, arbitrary: mixedString },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 3, arbitrary: fc.constantFrom(...INJECTIONS) },
  { weight: 2, arbitrary: lengthBoundary },
  { weight: 1, arbitrary: hugeString },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\t', '\n', '\r\n', '\u3000', '\u00a0', '\u200b') },
);

/** Values of the wrong JSON type for any argument. */
const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
  fc.constantFrom(new RawJson('{"__proto__": {"isAdmin": true}}'), new RawJson('[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]'), new RawJson('{"$where": "1"}')),
);

/**
 * Every argument mixes plausible values (valid, or one normalisation away from valid) with
 * trouble. `p` weighs the plausible ones: a run is either chaos (p = 1: most fields odd) or
 * near-valid (p = 12: mostly one odd field at a time), so that successes, and the oracles
 * on them, are reached as well as refusals.
 */
const pick = (p: number, plausible: fc.Arbitrary<unknown>, trouble: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: p, arbitrary: plausible }, { weight: 2, arbitrary: trouble });

/** Valid text for every text rule that allows 1–80 characters on one line, odd but acceptable. */
const VALID_TEXTS = [
  'Hello', 'Tea at three?', '王芳', '  padded  ', 'Café', 'Cafe\u0301', 'Ｈｅｌｌｏ', 'Tea 🍵', 'ﬁne', '👍🏽', '🇨🇳 中国',
  "' OR 1=1 --", '") RETURN n //', 'MATCH (n) DETACH DELETE n', '{{7*7}}', '${7*7}', '<script>alert(1)</script>', '$where', '__proto__',
  '%s%s%n', '\\', '"', "Robert'); DROP TABLE Students;--", 'x'.repeat(80), '中'.repeat(80), '😀'.repeat(80), 'e\u0301'.repeat(80),
];
const plausibleText = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...VALID_TEXTS) },
  {
    weight: 1,
    arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).filter((t) => t.trim() !== '' && !CONTROL.test(t.normalize('NFC')) && !/[\r\n\t]/.test(t)),
  },
);
const textArg = (p: number) =>
  pick(p, plausibleText, fc.oneof({ weight: 8, arbitrary: weirdString }, { weight: 1, arbitrary: fc.constantFrom('line one\nline two', 'tab\there') }, { weight: 1, arbitrary: wrongType }));

const fullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
/** Forms that NFKC, trimming and lower-casing fold back into `s`. */
const foldsOf = (s: string) => fc.constantFrom(s, s, s.toUpperCase(), fullWidth(s), fullWidth(s.toUpperCase()), `  ${s}\u3000`, `\u00a0${s}`, s.replace(/s/g, 'ſ').replace(/k/g, '\u212a'), s.replace(/fi/g, 'ﬁ'));
/** Forms that look the same and do not fold (or are not even allowed). */
const nonFoldsOf = (s: string) =>
  fc.constantFrom(`${s}\u200b`, `\u202e${s}`, s.replace(/a/g, 'а').replace(/e/g, 'е').replace(/o/g, 'о'), s.normalize('NFD') + '\u0301', `${s}\u0000`, s.replace(/i/g, 'ı'), `${s}\u00ad`);

const handleArg = (world: World, p: number) =>
  pick(
    p,
    fc.constantFrom(...world.people.map((person) => person.handle)).chain(foldsOf),
    fc.oneof(
      { weight: 2, arbitrary: fc.constantFrom(...world.people.map((person) => person.handle)).chain(nonFoldsOf) },
      { weight: 1, arbitrary: fc.stringMatching(/^[a-z][a-z0-9_]{2,29}$/) },
      { weight: 4, arbitrary: weirdString },
      { weight: 1, arbitrary: wrongType },
    ),
  );

const slugArg = (world: World, p: number) =>
  pick(
    p,
    // The world's circle, and one no test has (circle slugs are global: stay in our namespace).
    fc.constantFrom(world.circle.slug, `${world.circle.slug}-none`).chain(foldsOf),
    fc.oneof(
      { weight: 2, arbitrary: fc.constantFrom(world.circle.slug, 'tea-culture').chain(nonFoldsOf) },
      { weight: 1, arbitrary: fc.constantFrom('tea--culture', '-tea', 'tea-', 'tea_culture', 'a', 'a'.repeat(48), 'a'.repeat(49), 'TEA CULTURE') },
      { weight: 1, arbitrary: fc.stringMatching(/^[a-z0-9]{1,10}(?:-[a-z0-9]{1,8}){0,2}$/).map((t) => `zz-fuzz-${t}`) },
      { weight: 3, arbitrary: weirdString },
      { weight: 1, arbitrary: wrongType },
    ),
  );

const CATALOGUE = INTEREST_CATALOGUE.map((i) => i.slug);
const slugList = (world: World, p: number) =>
  pick(
    p,
    fc.uniqueArray(fc.constantFrom(...CATALOGUE).chain(foldsOf), { minLength: 1, maxLength: 5 }),
    fc.oneof(
      { weight: 3, arbitrary: fc.array(slugArg(world, 1), { maxLength: 6 }) },
      { weight: 1, arbitrary: fc.uniqueArray(fc.constantFrom(...CATALOGUE), { minLength: 28, maxLength: 33 }) },
      { weight: 1, arbitrary: fc.constantFrom(Array(3000).fill('tea-culture'), Array(40).fill('TEA-CULTURE'), [null], [['tea-culture']], [], ['tea-culture', 'TEA-CULTURE', 'ｔｅａ-ｃｕｌｔｕｒｅ']) },
      { weight: 1, arbitrary: wrongType },
    ),
  );

const INT_BOUNDARIES = [0, -1, 1, 349, 350, 351, 549, 550, 599, 600, 649, 650, 699, 700, 720, 721, 949, 950, 951, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1e21];
const RAW_NUMBERS = ['NaN', 'Infinity', '-Infinity', '1e400', '-1e400', '350.0', '3.5e2', '-0', '9007199254740993', '1' + '0'.repeat(400), '01', '.5', '+1', '0x15E', '1_000', 'undefined', '350e-0'];
const intArg = (p: number, min = 350, max = 950) =>
  pick(
    p,
    fc.oneof(fc.integer({ min, max }), fc.constantFrom(min, max)),
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...INT_BOUNDARIES) },
      { weight: 2, arbitrary: fc.integer({ min: 300, max: 1000 }) },
      { weight: 1, arbitrary: fc.integer() },
      { weight: 2, arbitrary: fc.constantFrom(349.5, 350.0001, 0.5, -0.5, 1e-7, 950.0000000000001, 700.1) },
      { weight: 1, arbitrary: fc.constantFrom('350', '9.5e2', 'NaN', 'Infinity', '', ' 700 ', '0x2BC') },
      { weight: 2, arbitrary: fc.constantFrom(...RAW_NUMBERS.map((t) => new RawJson(t))) },
      { weight: 1, arbitrary: wrongType },
    ),
  );
const floatArg = (p: number) =>
  pick(
    p,
    fc.oneof(fc.double({ min: Number.EPSILON, max: 1, noNaN: true }), fc.constantFrom(1, 0.5, 5e-324, 1e-300)),
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(0, -0, 1.0000000000000002, 2, -1, 1e308, -5e-324, 2 ** 31, -(2 ** 31) - 1) },
      { weight: 2, arbitrary: fc.double().map((d) => (Number.isFinite(d) ? d : new RawJson(String(d)))) },
      { weight: 1, arbitrary: fc.constantFrom('0.5', '1', 'NaN', 'Infinity', '') },
      { weight: 2, arbitrary: fc.constantFrom(...RAW_NUMBERS.map((t) => new RawJson(t))) },
      { weight: 1, arbitrary: wrongType },
    ),
  );
const boolArg = (p: number) =>
  pick(p, fc.boolean(), fc.oneof(fc.constantFrom('true', 'false', 0, 1, '', 'TRUE', new RawJson('True'), new RawJson('tru')), wrongType));
const enumArg = (values: string[], p: number) =>
  pick(
    p,
    fc.constantFrom(...values).map((v) => new EnumValue(v)),
    fc.oneof(
      { weight: 2, arbitrary: fc.constantFrom(...values).chain((v) => fc.constantFrom(v.toLowerCase(), fullWidth(v), ` ${v}`, `${v}\u200b`)).map((v) => new EnumValue(v)) },
      { weight: 1, arbitrary: fc.constantFrom('__proto__', 'ADMIN', 'true', 'null', '').map((v) => new EnumValue(v)) },
      { weight: 1, arbitrary: weirdString },
      { weight: 1, arbitrary: wrongType },
    ),
  );
const BASE_TIME = Date.parse('2025-06-01T00:00:00Z');
const dateArg = (p: number) =>
  pick(
    p,
    fc.oneof(
      fc.integer({ min: 0, max: 10 * 365 * 86_400 }).map((s) => new Date(BASE_TIME - s * 1000).toISOString()),
      fc.constantFrom('2025-01-01T00:00:00Z', '1970-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z', '2024-02-29T12:00:00Z', '2024-01-01T00:00:00+14:00', '2024-01-01T00:00:00.123456789Z'),
    ),
    fc.oneof(
      {
        weight: 3,
        arbitrary: fc.constantFrom(
          '0000-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '2023-02-29T12:00:00Z', '2024-02-30T00:00:00Z', '2024-13-01T00:00:00Z',
          '2016-12-31T23:59:60Z', '2024-01-01T24:00:00Z', '2024-01-01', '2024-01-01T00:00:00', '2024-01-01 00:00:00Z',
          '+275760-09-13T00:00:00Z', '-000001-01-01T00:00:00Z', 'now', '', 'yesterday', '2024-W01', '２０２４-０１-０１T00:00:00Z',
        ),
      },
      { weight: 1, arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()) },
      { weight: 1, arbitrary: fc.constantFrom(0, -1, 1_700_000_000_000, 8.64e15, new RawJson('1e400')) },
      { weight: 1, arbitrary: weirdString },
      { weight: 1, arbitrary: wrongType },
    ),
  );
/** Passwords are compared in NFKC (src/auth/passwords.ts): the first three are the password, the rest are not. */
const PASSWORD_FOLDS = [PASSWORD, fullWidth(PASSWORD), PASSWORD.replace(/ /g, '\u3000')];
const PASSWORD_MISSES = [PASSWORD.toUpperCase(), ` ${PASSWORD}`, `${PASSWORD} `, PASSWORD.slice(0, -1), `${PASSWORD}\u200b`, `${PASSWORD}\u0000`, PASSWORD.replace('o', 'о')];
const passwordArg = (p: number) =>
  pick(
    p,
    fc.constantFrom(...PASSWORD_FOLDS),
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...PASSWORD_MISSES) },
      { weight: 4, arbitrary: weirdString },
      { weight: 1, arbitrary: fc.constantFrom('x'.repeat(9), 'x'.repeat(10), 'x'.repeat(200), 'x'.repeat(201), '😀'.repeat(10), '😀'.repeat(201)) },
      { weight: 1, arbitrary: wrongType },
    ),
  );
const idArg = (world: World, p: number) =>
  pick(
    p,
    fc.constantFrom(world.memberPost, world.ownerPost),
    fc.oneof(
      { weight: 2, arbitrary: fc.constantFrom(world.memberPost, world.ownerPost).chain((id) => fc.constantFrom(id.toUpperCase(), ` ${id}`, fullWidth(id), `${id}\u0000`)) },
      { weight: 1, arbitrary: fc.uuid() },
      { weight: 3, arbitrary: weirdString },
      { weight: 1, arbitrary: fc.integer() },
      { weight: 1, arbitrary: wrongType },
    ),
  );
/** Input objects: fields sometimes missing, sometimes extra ones a client has no business sending. */
const inputObject = (fields: Record<string, fc.Arbitrary<unknown>>) =>
  fc
    .tuple(
      fc.record(fields, { requiredKeys: [] }),
      fc.oneof(
        { weight: 6, arbitrary: fc.constant({}) },
        { weight: 1, arbitrary: fc.constantFrom({ isAdmin: true }, { id: 'someone-else' }, { role: 'OWNER' }, { passwordHash: 'scrypt$1$1$1$x$y' }, { verified: true }) },
      ),
    )
    .map(([record, extra]) => ({ ...record, ...extra }));
/** Mostly every field present, so that the values (not the shape) are what is tested. */
const mostlyComplete = (fields: Record<string, fc.Arbitrary<unknown>>, required: string[]) =>
  fc.oneof({ weight: 5, arbitrary: fc.record(fields, { requiredKeys: required }) }, { weight: 1, arbitrary: inputObject(fields) });

// ---------------------------------------------------------------------------------------
// Every mutation: how to call it, with what, as whom, and what success implies
// ---------------------------------------------------------------------------------------

type Actor = 'anonymous' | 'owner' | 'member' | 'outsider' | 'doomed' | 'bureau' | 'verifier' | 'safety';
type Vars = Record<string, unknown>;

interface Spec {
  name: string;
  as: Actor;
  args: Array<[name: string, type: string]>;
  select?: string;
  gen: (world: World, p: number) => fc.Arbitrary<Vars>;
  /** Checks what a success implies. `vars` are as the server saw them (RawJson resolved). */
  oracle?: (vars: Vars, data: any, world: World) => void;
  /** Checks what must succeed (when the right token was sent). */
  mustSucceed?: (vars: Vars, world: World) => boolean;
  probe?: (vars: Vars) => Probe;
}

const USER = 'id handle realName bio verified';
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const nfcTrim = (v: string) => v.normalize('NFC').trim();
const handleOf = (world: World, v: unknown) => {
  const s = str(v);
  return s === undefined ? undefined : world.people.find((p) => p.handle === normaliseHandle(s));
};
const handleProbe = (...values: unknown[]): Probe => ({
  handles: values.flatMap((v) => (typeof v === 'string' && v.length <= 1000 ? [v, v.toLowerCase(), normaliseHandle(v), v.normalize('NFC').trim()] : [])),
});

const SPECS: Spec[] = [
  {
    name: 'signUp',
    as: 'anonymous',
    args: [['input', 'SignUpInput!']],
    select: 'token user { id handle realName }',
    gen: (w, p) => fc.record({ input: mostlyComplete({ handle: handleArg(w, p), realName: textArg(p), password: passwordArg(p) }, ['handle', 'realName', 'password']) }),
    probe: (v) => handleProbe((v.input as Vars | undefined)?.handle),
    oracle: (v, data) => {
      const input = v.input as Vars;
      expect(data.signUp.user.handle).toBe(normaliseHandle(input.handle as string));
      expect(data.signUp.user.handle).toMatch(HANDLE);
      expect(data.signUp.user.realName).toBe(nfcTrim(input.realName as string));
      expect([...(input.password as string)].length).toBeGreaterThanOrEqual(10);
    },
  },
  {
    name: 'logIn',
    as: 'anonymous',
    args: [['input', 'LogInInput!']],
    select: 'token user { id handle }',
    gen: (w, p) => fc.record({ input: mostlyComplete({ handle: handleArg(w, p), password: passwordArg(p) }, ['handle', 'password']) }),
    oracle: (v, data, w) => {
      const input = v.input as Vars;
      expect(data.logIn.user.handle).toBe(normaliseHandle(input.handle as string));
      if (handleOf(w, input.handle)) expect((input.password as string).normalize('NFKC')).toBe(PASSWORD);
    },
    mustSucceed: (v, w) => {
      const input = v.input as Vars | undefined;
      const keys = Object.keys(input ?? {}).sort().join();
      return keys === 'handle,password' && Boolean(handleOf(w, input!.handle)) && str(input!.password)?.normalize('NFKC') === PASSWORD;
    },
  },
  {
    name: 'updateProfile',
    as: 'owner',
    args: [['input', 'UpdateProfileInput!']],
    select: `${USER} scoreVisibility`,
    gen: (_w, p) =>
      fc.record({
        input: inputObject({
          bio: fc.oneof(textArg(p), fc.constant(null)),
          realName: fc.oneof(textArg(p), fc.constant(null)),
          scoreVisibility: enumArg(['PUBLIC', 'BAND_ONLY', 'CONNECTIONS_ONLY', 'PRIVATE'], p),
        }),
      }),
    oracle: (v, data) => {
      const input = v.input as Vars;
      if (typeof input.bio === 'string') expect(data.updateProfile.bio).toBe(nfcTrim(input.bio) === '' ? null : nfcTrim(input.bio));
      if (input.bio === null) expect(data.updateProfile.bio).toBeNull();
      if (typeof input.realName === 'string') expect(data.updateProfile.realName).toBe(nfcTrim(input.realName));
    },
  },
  {
    name: 'setInterests',
    as: 'owner',
    args: [['slugs', '[String!]!']],
    select: `id interests { slug }`,
    gen: (w, p) => fc.record({ slugs: slugList(w, p) }),
    oracle: (v, data) => {
      const wanted = new Set((v.slugs as string[]).map((s) => s.normalize('NFKC').trim().toLowerCase()));
      expect(wanted.size).toBeLessThanOrEqual(30);
      for (const interest of data.setInterests.interests) expect(wanted.has(interest.slug)).toBe(true);
      expect(data.setInterests.interests.length).toBe(wanted.size);
    },
  },
  {
    name: 'recordCreditScore',
    as: 'bureau',
    args: [['handle', 'String!'], ['score', 'Int!'], ['source', 'String!'], ['observedAt', 'DateTime!']],
    select: 'id',
    gen: (w, p) =>
      fc.record({
        handle: handleArg(w, p),
        score: intArg(p),
        source: fc.oneof({ weight: 2, arbitrary: fc.constantFrom('FuzzBureau', 'Sesame Credit v2') }, { weight: 3, arbitrary: textArg(p) }),
        observedAt: dateArg(p),
      }),
    oracle: (v, data, w) => {
      expect(Number.isInteger(v.score)).toBe(true);
      expect(v.score as number).toBeGreaterThanOrEqual(350);
      expect(v.score as number).toBeLessThanOrEqual(950);
      if (typeof v.observedAt === 'string') expect(new Date(v.observedAt).getTime()).toBeLessThanOrEqual(Date.now() + 60_000);
      const person = handleOf(w, v.handle);
      if (person) expect(data.recordCreditScore.id).toBe(person.id);
    },
  },
  {
    name: 'verifyRealName',
    as: 'verifier',
    args: [['handle', 'String!']],
    select: USER,
    gen: (w, p) => fc.record({ handle: handleArg(w, p) }),
    oracle: (v, data) => {
      expect(data.verifyRealName.handle).toBe(normaliseHandle(v.handle as string));
      expect(data.verifyRealName.verified).toBe(true);
    },
  },
  {
    name: 'createCircle',
    as: 'owner',
    args: [['input', 'CreateCircleInput!']],
    select: 'id slug name description minCreditScore requiresVerified',
    gen: (w, p) =>
      fc.record({
        input: mostlyComplete(
          {
            slug: fc.oneof(
              { weight: 2, arbitrary: fc.stringMatching(/^[a-z0-9]{1,6}$/).chain((suffix) => foldsOf(`${w.circle.slug}-${suffix}`)) },
              { weight: 3, arbitrary: slugArg(w, p) },
            ),
            name: textArg(p),
            description: fc.oneof(textArg(p), fc.constant(null)),
            interestSlugs: slugList(w, p),
            minCreditScore: fc.oneof(intArg(p, 350, 720), fc.constant(null)),
            requiresVerified: boolArg(p),
            membersOnly: boolArg(p),
          },
          ['slug', 'name', 'interestSlugs'],
        ),
      }),
    probe: (v) => {
      const s = str((v.input as Vars | undefined)?.slug);
      return { slugs: s === undefined || s.length > 1000 ? [] : [s, s.toLowerCase(), s.normalize('NFKC').trim().toLowerCase()] };
    },
    oracle: (v, data) => {
      const input = v.input as Vars;
      const circle = data.createCircle;
      expect(circle.slug).toMatch(SLUG);
      expect(circle.slug).toBe((input.slug as string).normalize('NFKC').trim().toLowerCase());
      expect(circle.name).toBe(nfcTrim(input.name as string));
      const min = input.minCreditScore ?? null;
      // The owner (score 720, not verified) must meet the circle's own gates.
      if (min !== null) expect(min as number).toBeGreaterThanOrEqual(350);
      if (min !== null) expect(min as number).toBeLessThanOrEqual(720);
      expect(input.requiresVerified ?? false).toBe(false);
    },
  },
  {
    name: 'joinCircle',
    as: 'outsider',
    args: [['slug', 'String!']],
    select: 'id slug',
    gen: (w, p) => fc.record({ slug: slugArg(w, p) }),
    oracle: (v, data) => expect(data.joinCircle.slug).toBe((v.slug as string).normalize('NFKC').trim().toLowerCase()),
  },
  {
    name: 'leaveCircle',
    as: 'member',
    args: [['slug', 'String!']],
    gen: (w, p) => fc.record({ slug: slugArg(w, p) }),
  },
  {
    name: 'setMemberRole',
    as: 'owner',
    args: [['circleSlug', 'String!'], ['handle', 'String!'], ['role', 'CircleRole!']],
    select: 'role user { id }',
    gen: (w, p) => fc.record({ circleSlug: slugArg(w, p), handle: handleArg(w, p), role: enumArg(['OWNER', 'MODERATOR', 'MEMBER'], p) }),
    oracle: (v, data, w) => {
      expect(data.setMemberRole.role).toBe(v.role);
      expect([w.owner.id, w.member.id, w.doomed.id]).toContain(data.setMemberRole.user.id);
    },
  },
  {
    name: 'banMember',
    as: 'owner',
    args: [['circleSlug', 'String!'], ['handle', 'String!'], ['reason', 'String']],
    gen: (w, p) => fc.record({ circleSlug: slugArg(w, p), handle: handleArg(w, p), reason: fc.oneof(textArg(p), fc.constant(null)) }, { requiredKeys: ['circleSlug', 'handle'] }),
    oracle: (v, _data, w) => expect(handleOf(w, v.handle)?.id).not.toBe(w.owner.id),
  },
  {
    name: 'unbanMember',
    as: 'owner',
    args: [['circleSlug', 'String!'], ['handle', 'String!']],
    gen: (w, p) => fc.record({ circleSlug: slugArg(w, p), handle: handleArg(w, p) }),
  },
  {
    name: 'createPost',
    as: 'member',
    args: [['input', 'CreatePostInput!']],
    select: 'id body author { id } circle { id }',
    gen: (w, p) =>
      fc.record({
        input: mostlyComplete({ circleSlug: slugArg(w, p), body: textArg(p), idempotencyKey: fc.oneof(textArg(p), fc.constant(null)) }, ['circleSlug', 'body']),
      }),
    oracle: (v, data, w) => {
      const input = v.input as Vars;
      expect(data.createPost.author.id).toBe(w.member.id);
      expect(data.createPost.body).toBe(nfcTrim(input.body as string));
      expect([...data.createPost.body].length).toBeLessThanOrEqual(5000);
    },
  },
  {
    name: 'editPost',
    as: 'member',
    args: [['input', 'EditPostInput!']],
    select: 'id body editedAt',
    gen: (w, p) => fc.record({ input: mostlyComplete({ id: idArg(w, p), body: textArg(p) }, ['id', 'body']) }),
    oracle: (v, data, w) => {
      const input = v.input as Vars;
      expect(data.editPost.id).toBe(w.memberPost);
      expect(data.editPost.body).toBe(nfcTrim(input.body as string));
      expect(data.editPost.editedAt).toBeTypeOf('string');
    },
  },
  {
    name: 'deletePost',
    as: 'member',
    args: [['id', 'ID!']],
    gen: (w, p) => fc.record({ id: idArg(w, p) }),
    // A member (not a moderator) deletes only their own post.
    oracle: (v, _data, w) => expect(String(v.id)).toBe(w.memberPost),
  },
  {
    name: 'trustUser',
    as: 'owner',
    args: [['handle', 'String!'], ['weight', 'Float!']],
    select: 'weight from { id } to { id }',
    gen: (w, p) => fc.record({ handle: handleArg(w, p), weight: floatArg(p) }),
    oracle: (v, data, w) => {
      expect(typeof v.weight === 'number' && Number.isFinite(v.weight) && v.weight > 0 && v.weight <= 1, `weight ${String(v.weight)}`).toBe(true);
      expect(data.trustUser.from.id).toBe(w.owner.id);
      expect(data.trustUser.to.id).not.toBe(w.owner.id);
    },
  },
  {
    name: 'revokeTrust',
    as: 'owner',
    args: [['handle', 'String!']],
    gen: (w, p) => fc.record({ handle: handleArg(w, p) }),
  },
  {
    name: 'sendConnectionRequest',
    as: 'outsider',
    args: [['handle', 'String!'], ['message', 'String!']],
    select: 'message status from { id } to { id }',
    gen: (w, p) => fc.record({ handle: handleArg(w, p), message: textArg(p) }),
    oracle: (v, data, w) => {
      expect(data.sendConnectionRequest.message).toBe(nfcTrim(v.message as string));
      expect([...data.sendConnectionRequest.message].length).toBeLessThanOrEqual(280);
      expect(data.sendConnectionRequest.from.id).toBe(w.outsider.id);
      expect(data.sendConnectionRequest.to.id).not.toBe(w.outsider.id);
      // The outsider blocked `doomed`: no request across a block.
      expect(data.sendConnectionRequest.to.id).not.toBe(w.doomed.id);
    },
  },
  {
    name: 'respondToConnectionRequest',
    as: 'owner',
    args: [['fromHandle', 'String!'], ['accept', 'Boolean!']],
    select: 'status from { id } to { id }',
    gen: (w, p) => fc.record({ fromHandle: handleArg(w, p), accept: boolArg(p) }),
    oracle: (v, data, w) => {
      expect(data.respondToConnectionRequest.from.id).toBe(w.member.id);
      expect(data.respondToConnectionRequest.status).toBe(v.accept ? 'ACCEPTED' : 'DECLINED');
    },
  },
  {
    name: 'withdrawConnectionRequest',
    as: 'member',
    args: [['handle', 'String!']],
    gen: (w, p) => fc.record({ handle: handleArg(w, p) }),
  },
  {
    name: 'disconnect',
    as: 'owner',
    args: [['handle', 'String!']],
    gen: (w, p) => fc.record({ handle: handleArg(w, p) }),
  },
  {
    name: 'blockUser',
    as: 'outsider',
    args: [['handle', 'String!']],
    gen: (w, p) => fc.record({ handle: handleArg(w, p) }),
    oracle: (v, _data, w) => expect(handleOf(w, v.handle)?.id).not.toBe(w.outsider.id),
  },
  {
    name: 'unblockUser',
    as: 'outsider',
    args: [['handle', 'String!']],
    gen: (w, p) => fc.record({ handle: handleArg(w, p) }),
  },
  {
    name: 'deleteMyAccount',
    as: 'doomed',
    args: [['password', 'String!']],
    gen: (_w, p) => fc.record({ password: passwordArg(p) }),
    // Passwords are compared in NFKC (src/auth/passwords.ts): nothing else may delete the account.
    oracle: (v) => expect(str(v.password)?.normalize('NFKC')).toBe(PASSWORD),
  },
  {
    name: 'suspendUser',
    as: 'safety',
    args: [['handle', 'String!'], ['reason', 'String!']],
    select: `${USER} suspended`,
    gen: (w, p) => fc.record({ handle: handleArg(w, p), reason: textArg(p) }),
    oracle: (v, data) => {
      expect(data.suspendUser.handle).toBe(normaliseHandle(v.handle as string));
      expect(data.suspendUser.suspended).toBe(true);
    },
  },
  {
    name: 'reinstateUser',
    as: 'safety',
    args: [['handle', 'String!']],
    select: `${USER} suspended`,
    gen: (w, p) => fc.record({ handle: handleArg(w, p) }),
    oracle: (v, data) => {
      expect(data.reinstateUser.handle).toBe(normaliseHandle(v.handle as string));
      expect(data.reinstateUser.suspended).toBe(false);
    },
  },
];

type TokenMode = 'right' | 'none' | 'wrong-role' | 'garbage';

function tokenFor(actor: Actor, mode: TokenMode, world: World): string | undefined {
  if (mode === 'none') return undefined;
  if (mode === 'garbage') return `${world.owner.token.slice(0, -4)}AAAA`;
  if (mode === 'wrong-role') return ['bureau', 'verifier', 'safety'].includes(actor) ? world.owner.token : verifierToken;
  switch (actor) {
    case 'anonymous':
      return undefined;
    case 'bureau':
      return bureauToken;
    case 'verifier':
      return verifierToken;
    case 'safety':
      return safetyToken;
    default:
      return world[actor].token;
  }
}

function documentFor(spec: Spec, vars: Vars, inline: boolean): { query: string; variables?: Vars } {
  const present = spec.args.filter(([name]) => vars[name] !== undefined);
  const selection = spec.select ? ` { ${spec.select} }` : '';
  if (inline) {
    const args = present.map(([name]) => `${name}: ${literal(vars[name])}`).join(', ');
    return { query: `mutation Fuzz { ${spec.name}${args ? `(${args})` : ''}${selection} }` };
  }
  const definitions = spec.args.map(([name, type]) => `$${name}: ${type}`).join(', ');
  const args = spec.args.map(([name]) => `${name}: $${name}`).join(', ');
  return { query: `mutation Fuzz(${definitions}) { ${spec.name}(${args})${selection} }`, variables: vars };
}

/** Sends one generated call and checks everything that must hold around it. */
async function fuzzOnce(spec: Spec, world: World, vars: Vars, inline: boolean, tokenMode: TokenMode): Promise<string> {
  const document = documentFor(spec, vars, inline);
  const body = encodeJson(document);
  const seen = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, effective(v)]));
  const probe = spec.probe?.(seen) ?? {};
  const before = await fingerprint(world, probe);
  const reply = await post(body, tokenFor(spec.as, tokenMode, world));
  const after = await fingerprint(world, probe);

  expectSafeReply(reply, stringsIn(vars));
  const errors = reply.body!.errors ?? [];
  const data = reply.body!.data ?? null;
  const succeeded = errors.length === 0 && data !== null && data[spec.name] !== undefined && data[spec.name] !== null;
  // A mutation succeeds whole or not at all: no data with errors.
  if (errors.length > 0) expect(data?.[spec.name] ?? null, reply.text.slice(0, 400)).toBeNull();
  if (!succeeded) {
    expect(after.text, `a refused ${spec.name} changed the graph: ${reply.text.slice(0, 400)}`).toBe(before.text);
  }
  if (succeeded) {
    const anonymousOk = spec.as === 'anonymous';
    expect(anonymousOk || tokenMode === 'right', `${spec.name} succeeded with a ${tokenMode} token`).toBe(true);
    if (!inline) spec.oracle?.(seen, data, world);
  }
  if (!succeeded && !inline && tokenMode === 'right' && spec.mustSucceed?.(seen, world)) {
    expect.fail(`${spec.name} was refused where it must succeed: ${reply.text.slice(0, 400)}`);
  }
  // Nothing stored around the world holds control or invisible characters.
  for (const [where, value] of after.strings) expect(CONTROL.test(value), `${where} = ${JSON.stringify(value).slice(0, 200)}`).toBe(false);
  for (const [where, value] of after.strings) if (where.endsWith('.handle')) expect(value, where).toMatch(HANDLE);
  return succeeded ? 'accepted' : `${reply.status} ${[...new Set(errors.map((e) => String(e.extensions?.code)))].join('+')}`;
}

/** Counts outcomes, for a line per property saying what the generated inputs reached. */
class Tally {
  private readonly counts = new Map<string, number>();
  add(outcome: string): void {
    this.counts.set(outcome, (this.counts.get(outcome) ?? 0) + 1);
  }
  toString(): string {
    return [...this.counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ×${n}`).join(', ');
  }
}

const MUTATION_RUNS = Number(process.env.FUZZ_MUTATION_RUNS ?? 60);

describe('every mutation, with generated arguments', () => {
  it('covers every mutation of the schema', () => {
    const schema = buildSchema(readFileSync(SCHEMA_FILE, 'utf8'));
    const mutations = Object.keys(schema.getMutationType()!.getFields()).sort();
    expect(SPECS.map((s) => s.name).sort()).toEqual(mutations);
    for (const spec of SPECS) {
      const field = schema.getMutationType()!.getFields()[spec.name]!;
      expect(spec.args.map(([name, type]) => `${name}: ${type}`).sort()).toEqual(field.args.map((a) => `${a.name}: ${String(a.type)}`).sort());
    }
  });

  for (const spec of SPECS) {
    it(`${spec.name}: never a 5xx or an internal error, and a refusal changes nothing`, { timeout: 120_000 }, async () => {
      const world = await makeWorld(spec.name.toLowerCase().slice(0, 8));
      // Arguments in variables (JSON, with JSON-invalid numbers spliced in) or as literals in the document.
      const inlineMode = fc.oneof({ weight: 2, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });
      const tokenMode = fc.oneof(
        { weight: 12, arbitrary: fc.constant<TokenMode>('right') },
        { weight: 1, arbitrary: fc.constantFrom<TokenMode>('none', 'wrong-role', 'garbage') },
      );
      const tally = new Tally();
      await check(
        spec.name,
        fc.asyncProperty(fc.oneof(spec.gen(world, 1), spec.gen(world, 12)), inlineMode, tokenMode, async (vars, inline, mode) => tally.add(await fuzzOnce(spec, world, vars, inline, mode))),
        MUTATION_RUNS,
      );
      console.info(`fuzz ${spec.name}: ${tally}`);
      await expectAlive();
    });
  }
});

describe('accepted text', () => {
  /**
   * JSON may carry lone UTF-16 surrogates ("\ud800"); Bolt sends strings as UTF-8, so the
   * driver turns each into U+FFFD. Text must be refused or stored exactly as accepted.
   */
  it('is stored exactly as it was accepted, also with lone surrogates', { timeout: 60_000 }, async () => {
    const person = await signUp(test.client, 'fzsurr');
    await check(
      'lone surrogates',
      fc.asyncProperty(
        plausibleText,
        fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff', '\ud83d'),
        fc.nat(),
        async (base, surrogate, at) => {
          const chars = [...base];
          const cut = at % (chars.length + 1);
          const bio = [...chars.slice(0, cut), surrogate, ...chars.slice(cut)].join('');
          const reply = await post(JSON.stringify({ query: 'mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { bio } }', variables: { input: { bio } } }), person.token);
          expectSafeReply(reply, [bio]);
          const codes = (reply.body!.errors ?? []).map((e) => e.extensions?.code);
          if (codes.length > 0) {
            expect(codes).toEqual(['BAD_USER_INPUT']);
          } else {
            const stored = (reply.body!.data as { updateProfile: { bio: string } }).updateProfile.bio;
            expect(stored, `accepted ${JSON.stringify(bio)}, stored ${JSON.stringify(stored)}`).toBe(nfcTrim(bio));
          }
        },
      ),
      25,
    );
  });
});

// ---------------------------------------------------------------------------------------
// Requests that are not GraphQL at all, or barely
// ---------------------------------------------------------------------------------------

describe('malformed requests', () => {
  const bodies = fc.oneof(
    fc.constantFrom(
      '',
      '{',
      '[]',
      'null',
      '"query"',
      '{"query": null}',
      '{"query": 42}',
      '{"query": ["{ __typename }"]}',
      '{"query": "{ __typename }", "variables": "x"}',
      '{"query": "{ __typename }", "variables": [1, 2]}',
      '{"query": "{ __typename }", "operationName": 7}',
      '{"query": "{ __typename }", "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "abc"}}}',
      '{"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "abc"}}}',
      '[{"query": "{ __typename }"}, {"query": "{ __typename }"}]',
      '{"query": "{ __typename }", "__proto__": {"query": "mutation { deleteMyAccount(password: \\"x\\") }"}}',
      '{"query": "query($x: Int) { __typename }", "variables": {"x": NaN}}',
      '{"query": "query($x: Float) { __typename }", "variables": {"x": Infinity}}',
      '{"query": "query($x: Float) { __typename }", "variables": {"x": 1e400}}',
      '{"query": "{ __typename }"}\u0000',
      '\ufeff{"query": "{ __typename }"}',
      '{"query": "\\ud800"}',
      `{"query": "{ __typename }", "variables": ${'['.repeat(5000)}${']'.repeat(5000)}}`,
      `${'['.repeat(50_000)}`,
      `{"query": "{ __typename }", "variables": {"x": ${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}}}`,
    ),
    fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.record({ query: fc.oneof(weirdString, fc.jsonValue({ maxDepth: 2 })), variables: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(undefined)), operationName: fc.oneof(weirdString, fc.constant(undefined)) }).map((v) => JSON.stringify(v)),
  );

  it('never a 5xx, always JSON with known codes', { timeout: 60_000 }, async () => {
    await check(
      'malformed bodies',
      fc.asyncProperty(bodies, fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/graphql-response+json', 'text/plain', 'application/x-www-form-urlencoded'), async (body, contentType) => {
        const reply = await httpCall('POST', '/graphql', body, { 'content-type': contentType, authorization: `Bearer ${docsPerson.token}` });
        expectSafeReply(reply, [body]);
        await expectAlive();
      }),
      120,
    );
  });
});

// ---------------------------------------------------------------------------------------
// Generated documents at the schema, over HTTP and graphql-ws
// ---------------------------------------------------------------------------------------

const schemaText = readFileSync(SCHEMA_FILE, 'utf8');
const sdl = buildSchema(schemaText);
const TYPE_NAMES = Object.keys(sdl.getTypeMap());
const FIELD_NAMES = [
  ...new Set(
    Object.values(sdl.getTypeMap()).flatMap((type) =>
      isObjectType(type) || isInterfaceType(type) || isInputObjectType(type) ? Object.keys(type.getFields()) : isEnumType(type) ? type.getValues().map((v) => v.name) : [],
    ),
  ),
  '__typename',
  '__schema',
  '__type',
];
const ARG_NAMES = [...new Set(['first', 'after', 'handle', 'slug', 'input', 'circleSlug', 'toHandle', 'maxHops', 'interest', 'search', 'minCreditBand', 'id', 'password'])];

const nameArb = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...FIELD_NAMES) }, { weight: 1, arbitrary: fc.stringMatching(/^[_A-Za-z][_0-9A-Za-z]{0,8}$/) });
const typeNameArb = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...TYPE_NAMES) }, { weight: 1, arbitrary: fc.stringMatching(/^[A-Z][a-z]{0,6}$/) });

const { value: valueArb } = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.integer().map(String),
    fc.constantFrom('0', '-1', '2147483647', '2147483648', '-2147483649', '1e400', '1.5', '100', '101', '1000000', '99999999999999999999'),
    weirdString.filter((s) => s.length < 2000).map((s) => JSON.stringify(s)),
    fc.constantFrom('true', 'false', 'null', 'PUBLIC', 'EXCELLENT', 'OWNER', 'NOPE', '$v', '$first', '$undefinedVar', '"""block\nstring"""'),
    fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(', ')}]`),
    fc.array(fc.tuple(nameArb, tie('value')), { maxLength: 3 }).map((fields) => `{${fields.map(([k, v]) => `${k}: ${v}`).join(', ')}}`),
  ),
}));

const directiveArb = fc.oneof(
  fc.constantFrom('@include(if: true)', '@include(if: false)', '@skip(if: true)', '@skip(if: $v)', '@include(if: "yes")', '@deprecated', '@specifiedBy(url: "x")', '@defer', '@stream(initialCount: 1)', '@nope', '@include', '@skip(if: true) @skip(if: true)'),
  valueArb.map((v) => `@include(if: ${v})`),
);

const { selectionSet: selectionSetArb } = fc.letrec<{ selectionSet: string; selection: string }>((tie) => ({
  selectionSet: fc.array(tie('selection'), { minLength: 0, maxLength: 5 }).map((s) => `{ ${s.join(' ')} }`),
  selection: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nameArb,
    fc
      .tuple(
        fc.option(nameArb.map((a) => `${a}: `), { nil: '' }),
        nameArb,
        fc.option(fc.array(fc.tuple(fc.oneof(fc.constantFrom(...ARG_NAMES), nameArb), valueArb), { minLength: 1, maxLength: 3 }).map((args) => `(${args.map(([k, v]) => `${k}: ${v}`).join(', ')})`), { nil: '' }),
        fc.option(directiveArb, { nil: '' }),
        fc.option(tie('selectionSet'), { nil: '' }),
      )
      .map(([alias, name, args, directive, set]) => `${alias}${name}${args} ${directive} ${set}`),
    fc.tuple(fc.option(typeNameArb, { nil: undefined }), fc.option(directiveArb, { nil: '' }), tie('selectionSet')).map(([type, directive, set]) => `... ${type ? `on ${type} ` : ''}${directive} ${set}`),
    fc.constantFrom('...F0', '...F1', '...F2', '...Nope'),
  ),
}));

const variableDefinitionsArb = fc
  .array(
    fc.tuple(
      fc.constantFrom('$v', '$first', '$h', '$x', '$v'),
      fc.constantFrom('Int', 'Int!', 'String', 'String!', '[String!]!', 'Boolean', 'CreditBand', 'ScoreVisibility!', 'SignUpInput', 'Nope', 'User', '[[Int]]', 'DateTime', 'ID!', 'Float'),
      fc.option(valueArb.map((v) => ` = ${v}`), { nil: '' }),
    ),
    { maxLength: 3 },
  )
  .map((defs) => (defs.length ? `(${defs.map(([n, t, d]) => `${n}: ${t}${d}`).join(', ')})` : ''));

const operationArb = fc
  .tuple(
    fc.constantFrom('', 'query', 'query', 'mutation', 'subscription'),
    fc.option(fc.stringMatching(/^[A-Z][a-zA-Z]{0,6}$/), { nil: '' }),
    variableDefinitionsArb,
    fc.option(directiveArb, { nil: '' }),
    selectionSetArb,
  )
  .map(([kind, name, defs, directive, set]) => (kind === '' ? set : `${kind} ${name}${defs} ${directive} ${set}`));

const fragmentArb = fc.tuple(fc.constantFrom('F0', 'F1', 'F2', 'F0'), typeNameArb, selectionSetArb).map(([name, type, set]) => `fragment ${name} on ${type} ${set}`);

const structuredDocument = fc.tuple(fc.array(operationArb, { minLength: 1, maxLength: 2 }), fc.array(fragmentArb, { maxLength: 3 })).map(([ops, frags]) => [...ops, ...frags].join('\n'));

const TOKENS = ['{', '}', '(', ')', '[', ']', ':', ',', '...', '@', '$', '=', '!', '|', '&', '#', '"', '"""', 'query', 'mutation', 'subscription', 'fragment', 'on', 'true', 'null', '\n', '\u00a0', '\u2028'];
const tokenSoup = fc
  .array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...TOKENS) }, { weight: 3, arbitrary: nameArb }, { weight: 1, arbitrary: valueArb }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) }), { maxLength: 120 })
  .map((tokens) => tokens.join(' '));

const INTROSPECTION = `query IntrospectionQuery { __schema { queryType { name } mutationType { name } subscriptionType { name }
  types { ...FullType } directives { name locations args { ...InputValue } } } }
fragment FullType on __Type { kind name fields(includeDeprecated: true) { name args { ...InputValue } type { ...TypeRef } } inputFields { ...InputValue } interfaces { ...TypeRef } enumValues(includeDeprecated: true) { name } possibleTypes { ...TypeRef } }
fragment InputValue on __InputValue { name type { ...TypeRef } defaultValue }
fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } }`;

const shapedDocument = fc.oneof(
  // Deep nesting, balanced or not
  fc.tuple(fc.integer({ min: 1, max: 700 }), fc.integer({ min: -2, max: 2 })).map(([d, skew]) => `${'{ me '.repeat(d)}${'}'.repeat(Math.max(0, d + skew))}`),
  fc.integer({ min: 1, max: 40 }).map((d) => `{ ${'me { circles { edges { node { members { edges { node { user { '.repeat(Math.ceil(d / 8))}id${' } } } } } } } }'.repeat(Math.ceil(d / 8))} }`),
  fc.integer({ min: 1, max: 3000 }).map((n) => `{ ${'{'.repeat(n)}`),
  // Many aliases, many fields, many directives
  fc.integer({ min: 1, max: 1200 }).map((n) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }`),
  fc.integer({ min: 1, max: 3000 }).map((n) => `{ ${'__typename '.repeat(n)}}`),
  fc.integer({ min: 1, max: 300 }).map((n) => `{ __typename ${'@skip(if: false) '.repeat(n)}}`),
  fc.integer({ min: 1, max: 120 }).map((n) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: circles(first: 100) { edges { node { members(first: 100) { edges { node { role } } } } } }`).join(' ')} }`),
  // Fragment cycles and self-spreads
  fc.constantFrom(
    '{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }',
    '{ ...A } fragment A on Query { __typename ...A }',
    'query { ...A } fragment A on Query { me { ...U } } fragment U on User { circles { edges { node { members { edges { node { user { ...U } } } } } } } }',
    '{ ...A } fragment A on Query { __typename } fragment A on Query { me { id } }',
  ),
  // Fragment fan-out, small enough to stay cheap even when each spread is walked separately
  fc.tuple(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 1, max: 5 })).map(([k, n]) => fanOut(k, n)),
  // Introspection, whole and in pieces
  fc.constantFrom(INTROSPECTION, '{ __schema { types { name } } }', '{ __type(name: "User") { fields { name } } }', '{ __type(name: "\\u0000") { name } }', '{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } }'),
  // Subscriptions that name real fields
  fc.tuple(fc.constantFrom('postAdded', 'circleActivity'), weirdString.filter((s) => s.length < 500)).map(([field, slug]) => `subscription { ${field}(circleSlug: ${JSON.stringify(slug)}) { __typename } }`),
  fc.constantFrom('subscription { connectionRequestReceived { message } }', 'subscription A { connectionRequestReceived { message } } subscription B { connectionRequestReceived { message } }', 'subscription { __typename }', 'subscription { connectionRequestReceived { message } connectionRequestReceived { message } }'),
  // Several operations, with and without a name to pick
  fc.constantFrom('query A { __typename } query B { __typename }', 'query A { __typename } { __typename }', 'query A { __typename } query A { me { id } }'),
);

/** `{ ...F0 }` with F_i spreading F_{i+1} k times: k^n paths through n fragments of size O(k). */
function fanOut(k: number, n: number): string {
  const defs = Array.from({ length: n }, (_, i) => `fragment F${i} on Query { ${Array.from({ length: k }, () => `...F${i + 1}`).join(' ')} }`);
  return `{ ...F0 }\n${defs.join('\n')}\nfragment F${n} on Query { __typename }`;
}

const documentArb = fc.oneof(
  { weight: 4, arbitrary: structuredDocument },
  { weight: 2, arbitrary: tokenSoup },
  { weight: 3, arbitrary: shapedDocument },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
);
const docVariables = fc.oneof(
  fc.constant(undefined),
  fc.record({ v: fc.oneof(intArg(1), textArg(1), boolArg(1)), first: intArg(1, 1, 100), h: textArg(1), x: fc.jsonValue({ maxDepth: 3 }) }, { requiredKeys: [] }),
  fc.constantFrom('not an object', [1, 2, 3], null, 42),
);

/** Variables as a graphql-ws client can send them: an object that survives JSON (NaN and friends do not). */
function asVariables(value: unknown): Record<string, unknown> | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  try {
    return JSON.parse(encodeJson(value)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

describe('generated documents', () => {
  it('over HTTP: never a 5xx or an internal error, and the server keeps answering', { timeout: 120_000 }, async () => {
    await check(
      'documents over HTTP',
      fc.asyncProperty(documentArb, docVariables, fc.option(fc.stringMatching(/^[A-Z][a-zA-Z]{0,4}$/), { nil: undefined }), fc.boolean(), async (query, variables, operationName, asGet) => {
        let reply: Reply;
        const params = new URLSearchParams({ query, ...(variables !== undefined && { variables: encodeJson(variables) }), ...(operationName && { operationName }) });
        // (Past Node's 16 KB header limit the URL gets a bare 431 from Node's parser: not ours to test.)
        if (asGet && params.toString().length < 8000) {
          reply = await httpCall('GET', `/graphql?${params}`, undefined, { 'apollo-require-preflight': 'true', authorization: `Bearer ${docsPerson.token}` });
          // GET may not run mutations (405); everything else as for POST.
          expectSafeReply(reply, [query], [200, 400, 405]);
        } else {
          reply = await post(encodeJson({ query, variables, operationName }), docsPerson.token);
          expectSafeReply(reply, [query, ...stringsIn(variables)]);
        }
        await expectAlive();
      }),
      250,
    );
  });

  it('over graphql-ws: never closed with 4500, 1011 or 1006, errors with known codes, and the server keeps answering', { timeout: 120_000 }, async () => {
    const closes: number[] = [];
    let client: Client | undefined;
    const open = () =>
      createClient({
        url: test.server.wsUrl,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${docsPerson.token}` },
        retryAttempts: 0,
        lazy: true,
        on: { closed: (event) => void closes.push((event as { code: number }).code) },
      });
    try {
      await check(
        'documents over graphql-ws',
        fc.asyncProperty(documentArb, docVariables, async (query, variables) => {
          client ??= open();
          const closedBefore = closes.length;
          const outcome = await new Promise<{ errors?: GraphQLFormattedError[]; results: unknown[]; closed?: number; other?: unknown }>((resolve) => {
            const results: unknown[] = [];
            let done = false;
            let unsubscribe = () => {};
            const finish = (value: { errors?: GraphQLFormattedError[]; closed?: number; other?: unknown }) => {
              if (done) return;
              done = true;
              clearTimeout(timer);
              unsubscribe();
              resolve({ ...value, results });
            };
            // A subscription that starts stays open: that is an answer too.
            const timer = setTimeout(() => finish({}), 750);
            unsubscribe = client!.subscribe(
              { query, variables: asVariables(variables) },
              {
                next: (result) => void results.push(result),
                error: (error) => {
                  if (Array.isArray(error)) finish({ errors: error as GraphQLFormattedError[] });
                  else if (error && typeof error === 'object' && 'code' in error) finish({ closed: (error as { code: number }).code });
                  else finish({ other: error });
                },
                complete: () => finish({}),
              },
            );
          });
          const where = `${JSON.stringify(outcome).slice(0, 500)} for ${query.slice(0, 300)}`;
          expect(outcome.other, where).toBeUndefined();
          const newCloses = closes.slice(closedBefore);
          if (outcome.closed !== undefined) newCloses.push(outcome.closed);
          for (const code of newCloses) expect([4500, 1011, 1006], `closed with ${code}: ${where}`).not.toContain(code);
          if (newCloses.length > 0) {
            await client.dispose();
            client = undefined;
          }
          const errors = [...(outcome.errors ?? []), ...outcome.results.flatMap((r) => (r as { errors?: GraphQLFormattedError[] }).errors ?? [])];
          for (const error of errors) {
            const code = String(error.extensions?.code);
            expect(code, where).not.toBe('INTERNAL_SERVER_ERROR');
            expect(ALLOWED_CODES.has(code), `unexpected code ${code}: ${where}`).toBe(true);
            expect(scrub(`${error.message}\n${JSON.stringify(error.extensions ?? {})}`, [query, ...stringsIn(variables)]), where).not.toMatch(LEAK);
          }
        }),
        150,
      );
    } finally {
      await client?.dispose();
    }
    await expectAlive();
  });

  it('checking a document takes time in proportion to its size, also with fragments spread many times', { timeout: 180_000 }, async () => {
    // A linear check answers any of these in a few milliseconds; walking every spread path
    // separately costs k^n. Bounded at k^n <= 10^7 so that a failure costs seconds, not hours.
    await check(
      'fragment fan-out',
      fc.asyncProperty(
        fc.oneof(
          fc.tuple(fc.integer({ min: 2, max: 10 }), fc.integer({ min: 2, max: 10 })).filter(([k, n]) => k ** n <= 1e7),
          // k^n between a million and ten million: a few hundred characters each
          fc.constantFrom<[number, number]>([10, 7], [8, 7], [6, 8], [5, 9], [4, 11], [3, 14], [2, 23]),
        ),
        async ([k, n]) => {
          const query = fanOut(k, n);
          const reply = await post(JSON.stringify({ query }), docsPerson.token);
          expectSafeReply(reply, [query]);
          expect(reply.ms, `${k} spreads x ${n} fragments (${query.length} characters) took ${Math.round(reply.ms)} ms`).toBeLessThan(1000);
        },
      ),
      40,
    );
  });
});

// ---------------------------------------------------------------------------------------
// Subscription operations where they do not belong, or with @skip/@include on their root
// ---------------------------------------------------------------------------------------

describe('subscription operations', () => {
  const slugLiteral = fc.oneof(fc.constantFrom('tea-culture', '', 'no-such-circle'), weirdString.filter((s) => s.length < 300)).map((s) => JSON.stringify(s));
  /** [field with its arguments, its selection set] */
  const rootField = fc.oneof(
    fc.tuple(fc.constant('connectionRequestReceived'), fc.constantFrom('{ message }', '{ __typename }', '{ from { id } }')),
    fc.tuple(fc.constantFrom('postAdded', 'circleActivity'), slugLiteral).map(([field, slug]): [string, string] => [`${field}(circleSlug: ${slug})`, '{ __typename }']),
  );
  /** Subscriptions are served over graphql-ws; an HTTP client sending one gets a request error, not a run resolver. */
  it('sent over HTTP, are refused as requests, never run into an internal error', { timeout: 60_000 }, async () => {
    await check(
      'subscriptions over HTTP',
      fc.asyncProperty(rootField, fc.boolean(), async ([field, selection], signedIn) => {
        const query = `subscription { ${field} ${selection} }`;
        const reply = await post(JSON.stringify({ query }), signedIn ? docsPerson.token : undefined);
        expectSafeReply(reply, [query]);
        await expectAlive();
      }),
      40,
    );
  });

  const condition = fc.constantFrom<[string, string, Record<string, unknown> | undefined]>(
    ['', 'true', undefined],
    ['', 'false', undefined],
    ['', '0', undefined],
    ['', '"no"', undefined],
    ['', 'null', undefined],
    ['($v: Boolean!)', '$v', { v: true }],
    ['($v: Boolean!)', '$v', { v: false }],
    ['($v: Boolean = false)', '$v', undefined],
    ['($v: Boolean)', '$v', { v: true }],
  );
  /**
   * graphql-js 16's SingleFieldSubscriptionsRule evaluates @skip/@include with no variables
   * and throws instead of reporting (the spec now forbids them there, graphql-spec#860).
   */
  it('with @skip or @include on the root field: a validation error over HTTP and graphql-ws, never a 5xx or "parse failed"', { timeout: 60_000 }, async () => {
    const client = createClient({ url: test.server.wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${docsPerson.token}` }, retryAttempts: 0, lazy: true });
    try {
      await check(
        'subscription root directives',
        fc.asyncProperty(rootField, fc.constantFrom('include', 'skip'), condition, async ([field, selection], directive, [definitions, value, variables]) => {
          const query = `subscription${definitions} { ${field} @${directive}(if: ${value}) ${selection} }`;
          expect(() => parse(query, { maxTokens: 1000 })).not.toThrow();
          // (Whether a subscription over HTTP may run at all is the property above; here: no 5xx.)
          const reply = await post(JSON.stringify({ query, variables }), docsPerson.token);
          expect(reply.status, `${query} over HTTP: ${reply.text.slice(0, 300)}`).toBeLessThan(500);
          expect(reply.body, reply.text.slice(0, 300)).toBeTypeOf('object');
          const errors = await new Promise<GraphQLFormattedError[]>((resolve) => {
            let unsubscribe = () => {};
            const timer = setTimeout(() => (unsubscribe(), resolve([])), 750);
            unsubscribe = client.subscribe(
              { query, variables },
              {
                next: () => {},
                error: (error) => (clearTimeout(timer), resolve(Array.isArray(error) ? (error as GraphQLFormattedError[]) : [{ message: String(error) }])),
                complete: () => (clearTimeout(timer), resolve([])),
              },
            );
          });
          const codes = errors.map((e) => e.extensions?.code);
          expect(codes, `${query} over graphql-ws: ${JSON.stringify(errors).slice(0, 300)}`).not.toContain('INTERNAL_SERVER_ERROR');
          // The document parses: "parse failed" would send the client looking in the wrong place.
          expect(codes, `${query} over graphql-ws: ${JSON.stringify(errors).slice(0, 300)}`).not.toContain('GRAPHQL_PARSE_FAILED');
        }),
        40,
      );
    } finally {
      await client.dispose();
    }
  });
});

// ---------------------------------------------------------------------------------------
// Raw graphql-transport-ws frames
// ---------------------------------------------------------------------------------------

describe('raw WebSocket frames', () => {
  const idArb = fc.oneof(fc.constantFrom('1', '', 'a'.repeat(10_000), '__proto__', '\u0000', '😀'), fc.string({ unit: 'binary', maxLength: 10 }), fc.integer(), fc.constant(null));
  const frameArb: fc.Arbitrary<string | Buffer> = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    fc.constantFrom('', '{', 'null', '[]', '{"type": null}', '{"type": "connection_init"}', '{"type": "next", "id": "1", "payload": {}}', '{"type": "error", "id": "1", "payload": []}', '{"type": "complete"}', '{"type": "ping", "payload": "x"}', '{"type": "pong"}', '{"type": "subscribe"}', '{"type": "subscribe", "id": "1", "payload": null}', '{"type": "subscribe", "id": "1", "payload": {"query": 1}}', '{"type": "subscribe", "id": "1", "payload": {"query": "{ __typename }", "variables": "x"}}', '{"type": "subscribe", "id": "1", "payload": {"query": "{ __typename }", "extensions": []}}'),
    fc.record({ type: fc.constantFrom('subscribe', 'complete', 'ping', 'pong', 'connection_init', 'SUBSCRIBE', 'start', 'stop'), id: idArb, payload: fc.oneof(fc.record({ query: fc.oneof(documentArb, fc.jsonValue()), variables: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined)), operationName: fc.oneof(fc.string(), fc.integer(), fc.constant(undefined)) }, { requiredKeys: [] }), fc.jsonValue({ maxDepth: 2 })) }, { requiredKeys: ['type'] }).map((v) => JSON.stringify(v)),
    // Messages only a server may send (well-formed, so that only their direction is wrong), and ones the protocol does not know
    fc.constantFrom(
      '{"type":"next","id":"1","payload":{"data":null}}',
      '{"type":"error","id":"1","payload":[{"message":"from the client"}]}',
      '{"type":"connection_ack"}',
      '{"type":"connection_ack","payload":{}}',
    ),
    fc.record({ type: fc.constantFrom('next', 'error', 'connection_ack', 'pong', 'ka', 'data', 'connection_error'), id: idArb, payload: fc.jsonValue({ maxDepth: 2 }) }, { requiredKeys: ['type'] }).map((v) => JSON.stringify(v)),
    fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
    fc.constant('x'.repeat(110 * 1024)),
  );

  it('never close with 4500, 1011 or 1006, and the server keeps answering', { timeout: 120_000 }, async () => {
    await check(
      'raw ws frames',
      fc.asyncProperty(fc.array(frameArb, { minLength: 1, maxLength: 5 }), fc.boolean(), async (frames, duplicateSubscribe) => {
        const socket = new WebSocket(test.server.wsUrl, 'graphql-transport-ws');
        const messages: unknown[] = [];
        const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
        socket.on('error', () => {});
        socket.on('message', (data) => messages.push(JSON.parse(data.toString())));
        await new Promise<void>((resolve) => socket.on('open', () => resolve()));
        socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${docsPerson.token}` } }));
        const acked = await Promise.race([
          new Promise<boolean>((resolve) => socket.on('message', (data) => JSON.parse(data.toString()).type === 'connection_ack' && resolve(true))),
          closed.then(() => false),
        ]);
        expect(acked).toBe(true);
        const sent = duplicateSubscribe ? ['{"type":"subscribe","id":"d","payload":{"query":"subscription { connectionRequestReceived { message } }"}}', ...frames, '{"type":"subscribe","id":"d","payload":{"query":"{ __typename }"}}'] : frames;
        for (const frame of sent) if (socket.readyState === WebSocket.OPEN) socket.send(frame);
        const ending = await Promise.race([closed, new Promise<null>((resolve) => setTimeout(() => resolve(null), 300))]);
        if (ending === null) socket.close(1000);
        const { code, reason } = ending ?? (await closed);
        const where = `closed ${code} "${reason}" after ${JSON.stringify(sent).slice(0, 400)}; messages ${JSON.stringify(messages).slice(0, 400)}`;
        expect([4500, 1011, 1006], where).not.toContain(code);
        expect(reason, where).not.toMatch(LEAK);
        for (const message of messages as Array<{ type?: string; payload?: unknown }>) {
          const errors = message.type === 'error' ? (message.payload as GraphQLFormattedError[]) : message.type === 'next' ? ((message.payload as { errors?: GraphQLFormattedError[] }).errors ?? []) : [];
          for (const error of errors) {
            expect(error.extensions?.code, where).not.toBe('INTERNAL_SERVER_ERROR');
            expect(ALLOWED_CODES.has(String(error.extensions?.code)), `unexpected code: ${where}`).toBe(true);
          }
        }
        await expectAlive();
      }),
      60,
    );
  });
});

// ---------------------------------------------------------------------------------------
// Handles: one person per handle, whatever it looks like
// ---------------------------------------------------------------------------------------

describe('handles', () => {
  /** A character and forms of it that NFKC and lower-casing fold into it. */
  const FOLDS: Record<string, string[]> = {
    ...Object.fromEntries(
      'abcdefghijklmnopqrstuvwxyz'.split('').map((c) => [
        c,
        [
          c.toUpperCase(),
          String.fromCharCode(c.charCodeAt(0) + 0xfee0), // full-width small, U+FF41–FF5A
          String.fromCharCode(c.toUpperCase().charCodeAt(0) + 0xfee0), // full-width capital, U+FF21–FF3A
          String.fromCodePoint(0x1d41a + c.charCodeAt(0) - 97), // mathematical bold small
          String.fromCodePoint(0x1d400 + c.charCodeAt(0) - 97), // mathematical bold capital
          String.fromCodePoint(0x24d0 + c.charCodeAt(0) - 97), // circled small
        ],
      ]),
    ),
    ...Object.fromEntries('0123456789'.split('').map((d) => [d, [String.fromCharCode(d.charCodeAt(0) + 0xfee0), String.fromCodePoint(0x1d7ce + Number(d))]])),
    _: ['\uff3f'],
  };
  FOLDS.s!.push('ſ'); // long s
  FOLDS.k!.push('\u212a'); // Kelvin sign
  FOLDS.l!.push('ℓ');
  FOLDS.i!.push('ⅰ'); // small roman numeral one
  const LIGATURES: Array<[string, string]> = [['fi', 'ﬁ'], ['fl', 'ﬂ'], ['ff', 'ﬀ'], ['ffi', 'ﬃ'], ['st', 'ﬆ'], ['ii', 'ⅱ'], ['iv', 'ⅳ'], ['dz', 'ǳ'], ['lj', 'ǉ'], ['nj', 'ǌ']];

  const plainHandle = fc
    .tuple(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), fc.stringMatching(/^[a-z0-9_]{2,14}$/), fc.constantFrom('fi', 'st', 'ff', 'sk', 'il', 'iv', ''))
    .map(([first, rest, tail]) => `${first}${rest}${tail}`);

  /** A look-alike of `plain`: every character replaced, or kept, by one of its folding forms. */
  const variantOf = (plain: string) =>
    fc
      .tuple(
        fc.array(fc.nat(), { minLength: plain.length, maxLength: plain.length }),
        fc.boolean(),
        fc.constantFrom('', ' ', '\u3000', '\u00a0', '\u2003'),
      )
      .map(([choices, ligatures, pad]) => {
        let text = plain;
        if (ligatures) for (const [from, to] of LIGATURES) text = text.split(from).join(to);
        const chars = [...text].map((c, i) => {
          const forms = FOLDS[c];
          if (!forms) return c;
          const pick = choices[i % choices.length]! % (forms.length + 1);
          return pick === forms.length ? c : forms[pick]!;
        });
        return `${pad}${chars.join('')}${pad}`;
      });

  it('look-alikes of a taken handle are refused with CONFLICT, and user(handle:) finds the same person', { timeout: 120_000 }, async () => {
    const viewer = await signUp(test.client, 'fzlook');
    await check(
      'handle look-alikes',
      fc.asyncProperty(
        plainHandle.chain((plain) => fc.tuple(fc.constant(plain), fc.array(variantOf(plain), { minLength: 1, maxLength: 4 }))),
        async ([base, variants]) => {
          const plain = `${base}_${randomBytes(3).toString('hex')}`.slice(0, 30);
          const made = await post(
            JSON.stringify({ query: 'mutation($input: SignUpInput!) { signUp(input: $input) { user { id handle } } }', variables: { input: { handle: plain, realName: 'Look Alike', password: PASSWORD } } }),
          );
          expect(made.body?.errors, made.text).toBeUndefined();
          const id = (made.body!.data as any).signUp.user.id as string;
          // The suffix is plain ASCII: its look-alikes too.
          const suffix = plain.slice(base.length);
          for (const head of variants) {
            const variant = `${head.trimEnd()}${fullWidth(suffix)}${head.slice(head.trimEnd().length)}`;
            expect(normaliseHandle(variant), `${JSON.stringify(variant)} should fold into ${plain}`).toBe(plain);
            const again = await post(
              JSON.stringify({ query: 'mutation($input: SignUpInput!) { signUp(input: $input) { user { id } } }', variables: { input: { handle: variant, realName: 'Someone Else', password: PASSWORD } } }),
            );
            expectSafeReply(again, [variant]);
            expect(again.body!.errors?.map((e) => e.extensions?.code), `${JSON.stringify(variant)}: ${again.text}`).toEqual(['CONFLICT']);
            const found = await post(JSON.stringify({ query: 'query($h: String!) { user(handle: $h) { id handle } }', variables: { h: variant } }), viewer.token);
            expect((found.body?.data as any)?.user, `user(handle: ${JSON.stringify(variant)}): ${found.text}`).toEqual({ id, handle: plain });
            const logIn = await post(JSON.stringify({ query: 'mutation($input: LogInInput!) { logIn(input: $input) { user { id } } }', variables: { input: { handle: variant, password: PASSWORD } } }));
            expect((logIn.body?.data as any)?.logIn?.user?.id, `logIn as ${JSON.stringify(variant)}: ${logIn.text}`).toBe(id);
          }
          const count = await test.database.forRequest().read((q) =>
            q.one<{ n: number }>('MATCH (u:User) WHERE u.handle = $h OR u.handle IN $variants RETURN count(u) AS n', { h: plain, variants: variants }),
          );
          expect(count?.n).toBe(1);
        },
      ),
      40,
    );
  });

  it('homoglyphs that do not fold (Cyrillic, Greek, dotless i, invisible characters) are refused as invalid, never stored', { timeout: 60_000 }, async () => {
    const SWAPS: Array<[string, string]> = [['a', 'а'], ['e', 'е'], ['o', 'о'], ['p', 'р'], ['c', 'с'], ['x', 'х'], ['i', 'ı'], ['i', 'і'], ['v', 'ν'], ['o', 'ο'], ['k', 'κ']];
    await check(
      'handle homoglyphs',
      fc.asyncProperty(
        fc.stringMatching(/^[a-z][a-z0-9_]{4,20}$/),
        fc.constantFrom(...SWAPS, ['', '\u200b'] as [string, string], ['', '\u202e'] as [string, string], ['', '\u00ad'] as [string, string], ['', '\u0301'] as [string, string]),
        async (base, [from, to]) => {
          const plain = `${base.slice(0, 2)}${from}${base.slice(2)}`.slice(0, 30);
          const variant = `${plain.slice(0, 2)}${to}${plain.slice(2 + from.length)}`;
          fc.pre(variant !== plain);
          const reply = await post(
            JSON.stringify({ query: 'mutation($input: SignUpInput!) { signUp(input: $input) { user { id handle } } }', variables: { input: { handle: variant, realName: 'Homoglyph', password: PASSWORD } } }),
          );
          expectSafeReply(reply, [variant]);
          expect(reply.body!.errors?.map((e) => e.extensions?.code), `${JSON.stringify(variant)}: ${reply.text}`).toEqual(['BAD_USER_INPUT']);
          const stored = await test.database.forRequest().read((q) => q.one<{ n: number }>('MATCH (u:User) WHERE u.handle IN $h RETURN count(u) AS n', { h: [variant, variant.toLowerCase(), normaliseHandle(variant)] }));
          expect(stored?.n).toBe(0);
        },
      ),
      60,
    );
  });
});

describe('the process', () => {
  it('saw no unhandled rejection or uncaught exception during the run', async () => {
    await expectAlive();
    // Give anything still settling a moment to surface.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expectNoUnhandled();
  });
});
