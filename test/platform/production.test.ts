/**
 * Production defaults (NODE_ENV=production, which needs JWT_SECRET): introspection off and
 * field suggestions ("Did you mean …?") hidden unless INTROSPECTION=true — over HTTP and
 * over WebSocket; no playground unless PLAYGROUND=true; no stack traces anywhere; CORS only
 * for the origins in CORS_ORIGINS (none by default); security headers; CSRF prevention.
 *
 * testConfig sets PLAYGROUND=false and DIAGNOSTICS=true for ordinary tests: the production
 * servers here pass them empty, so the production defaults apply.
 */
import type { GraphQLFormattedError } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { postJson, send } from '../helpers/http.js';
import { countUsers, PASSWORD, signUp, uniqueHandle, type Person } from '../helpers/people.js';
import { serverForTests, startTestServer, type TestServer } from '../helpers/server.js';
import { socketsPerTest } from '../helpers/subscriptions.js';

/** What makes a server start with production defaults (see the note above). */
const PRODUCTION = { NODE_ENV: 'production', PLAYGROUND: '', INTROSPECTION: '', DIAGNOSTICS: '' };

const prod = serverForTests(PRODUCTION);
const sockets = socketsPerTest();
let person: Person;

beforeAll(async () => {
  person = await signUp(prod.client, 'prod');
});

// ---------------------------------------------------------------------------------------

interface Payload {
  query: string;
  variables?: Record<string, unknown>;
}

interface Answer {
  data: unknown;
  errors: GraphQLFormattedError[];
  /** The raw text, to search for anything that must not be there. */
  text: string;
}

async function overWs(target: TestServer, token: string, payload: Payload): Promise<Answer & { closeCode?: number }> {
  const { results, errors: ended, closeCode } = await sockets.runOnce(target, { authorization: `Bearer ${token}` }, payload);
  const errors = [...results.flatMap((result) => result.errors ?? []), ...(ended ?? [])];
  return { data: results[0]?.data, errors, text: JSON.stringify({ results, errors }), closeCode };
}

async function overHttp(target: TestServer, payload: Payload, token = person.token): Promise<Answer & { status: number }> {
  const reply = await send(target.server.url, postJson(payload, { authorization: `Bearer ${token}`, accept: 'application/graphql-response+json' }));
  const body = JSON.parse(reply.text) as { data?: unknown; errors?: GraphQLFormattedError[] };
  return { status: reply.status, data: body.data, errors: body.errors ?? [], text: reply.text };
}

async function overBoth(target: TestServer, payload: Payload, token = person.token) {
  return { http: await overHttp(target, payload, token), ws: await overWs(target, token, payload) };
}

/** No stack trace, source location or internal detail in anything a client receives. */
function expectNoInternals(text: string, what: string): void {
  expect(text, what).not.toMatch(/stacktrace/i);
  expect(text, what).not.toMatch(/\bat [\w.<>]+ \(|node:internal|node_modules|\/work\/|\.ts:\d+:\d+|\.js:\d+:\d+/);
  expect(text, what).not.toMatch(/Neo4jError|Neo\.ClientError|Neo\.TransientError|ECONNREFUSED|bolt:\/\//);
}

// ---------------------------------------------------------------------------------------

describe('production configuration', () => {
  it('refuses to start without JWT_SECRET, or with one shorter than 32 bytes', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'too-short' })).toThrow(/at least 32 bytes/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: `${'k'.repeat(40)},short` })).toThrow(/at least 32 bytes/);
  });

  it('defaults to no introspection, no playground, no CORS origins and no diagnostics', () => {
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'k'.repeat(40) });
    expect(config.introspection).toBe(false);
    expect(config.playground).toBe(false);
    expect(config.corsOrigins).toEqual([]);
    expect(config.diagnostics).toBe(false);
    // …and the server under test runs with exactly those.
    expect(prod.config.nodeEnv).toBe('production');
    expect([prod.config.introspection, prod.config.playground, prod.config.diagnostics]).toEqual([false, false, false]);
    expect(prod.config.corsOrigins, 'CORS_ORIGINS must not be set in the environment running these tests').toEqual([]);
  });
});

describe('introspection (off in production unless INTROSPECTION=true)', () => {
  const probes = [
    ['__schema', '{ __schema { queryType { name } types { name } } }'],
    ['__type', '{ __type(name: "User") { name fields { name } } }'],
    ['__schema in a fragment', 'query Q { ...F } fragment F on Query { __schema { mutationType { name } } }'],
  ] as const;

  it.each(probes)('refuses %s over HTTP and WebSocket', async (_name, query) => {
    const { http, ws } = await overBoth(prod, { query });
    for (const [transport, answer] of [['http', http], ['ws', ws]] as const) {
      expect(answer.data ?? undefined, transport).toBeUndefined();
      expect(answer.errors.length, transport).toBeGreaterThan(0);
      expect(answer.errors.map((e) => e.extensions?.code), transport).toEqual(answer.errors.map(() => 'GRAPHQL_VALIDATION_FAILED'));
      expect(answer.errors[0]!.message, transport).toMatch(/introspection/i);
      expect(answer.text, transport).not.toMatch(/"(Circle|Mutation|CreditBand)"/);
    }
    expect(http.status).toBe(400);
  });

  it('still answers __typename', async () => {
    const { http, ws } = await overBoth(prod, { query: '{ __typename }' });
    expect(http.data).toEqual({ __typename: 'Query' });
    expect(ws.data).toEqual({ __typename: 'Query' });
  });

  it('is served with INTROSPECTION=true, over HTTP and WebSocket (the control)', async () => {
    const open = await startTestServer({ ...PRODUCTION, INTROSPECTION: 'true' });
    try {
      const { http, ws } = await overBoth(open, { query: probes[0][1] });
      for (const answer of [http, ws]) {
        expect(answer.errors).toEqual([]);
        expect((answer.data as { __schema: { types: Array<{ name: string }> } }).__schema.types.map((t) => t.name)).toContain('Circle');
      }
    } finally {
      await open.close();
    }
  });
});

describe('field suggestions ("Did you mean …?") are hidden in production', () => {
  // The third column: a schema name the error must not give away (null: the error may name it).
  const cases: Array<[string, Payload, string | null]> = [
    ['a misspelt field', { query: '{ me { handl } }' }, 'handle'],
    // "argument "handle" … is required" is fair; "Did you mean "handle"?" is not.
    ['a misspelt argument', { query: '{ user(handl: "someone") { id } }' }, null],
    ['a misspelt type', { query: 'query Q($h: Strin!) { user(handle: $h) { id } }', variables: { h: 'x' } }, 'String'],
    ['a misspelt enum value in the document', { query: 'mutation { updateProfile(input: { scoreVisibility: PUBLC }) { id } }' }, 'PUBLIC'],
    ['a misspelt input field in the document', { query: 'mutation { updateProfile(input: { bioo: "x" }) { id } }' }, 'bio'],
    [
      'a misspelt enum value in the variables',
      { query: 'mutation M($input: UpdateProfileInput!) { updateProfile(input: $input) { id } }', variables: { input: { scoreVisibility: 'PUBLC' } } },
      'PUBLIC',
    ],
    [
      'a misspelt input field in the variables',
      { query: 'mutation M($input: UpdateProfileInput!) { updateProfile(input: $input) { id } }', variables: { input: { bioo: 'x' } } },
      'bio',
    ],
  ];

  it.each(cases)('for %s, over HTTP and WebSocket', async (_name, payload, hidden) => {
    const { http, ws } = await overBoth(prod, payload);
    // Soft: a failure on one transport still reports the other.
    for (const [transport, answer] of [['http', http], ['ws', ws]] as const) {
      expect.soft(answer.errors.length, transport).toBeGreaterThan(0);
      expect.soft(answer.data ?? undefined, transport).toBeUndefined();
      for (const error of answer.errors) {
        expect.soft(error.message, transport).not.toMatch(/Did you mean/i);
        if (hidden) expect.soft(error.message, `${transport} names "${hidden}"`).not.toContain(`"${hidden}"`);
      }
    }
  });

  it('are given with INTROSPECTION=true, over HTTP and WebSocket (the control)', async () => {
    const open = await startTestServer({ ...PRODUCTION, INTROSPECTION: 'true' });
    try {
      const { http, ws } = await overBoth(open, { query: '{ me { handl } }' });
      expect(http.errors[0]!.message).toMatch(/Did you mean "handle"\?/);
      expect(ws.errors[0]!.message).toMatch(/Did you mean "handle"\?/);
    } finally {
      await open.close();
    }
  });
});

describe('playground (off in production unless PLAYGROUND=true)', () => {
  it('serves no page and no assets by default', async () => {
    const page = await send(prod.server.url, { headers: { accept: 'text/html' } });
    expect(page.headers['content-type'] ?? '').not.toMatch(/text\/html/);
    expect(page.text).not.toMatch(/<html|<script/i);
    for (const asset of ['/playground/app.js', '/playground/app.css']) {
      const reply = await send(prod.server.url, { path: asset });
      expect(reply.status, asset).toBe(404);
    }
  });

  it('is served with PLAYGROUND=true (the control)', async () => {
    const withPlayground = await startTestServer({ ...PRODUCTION, PLAYGROUND: 'true' });
    try {
      const page = await send(withPlayground.server.url, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.text).toContain('/playground/app.js');
    } finally {
      await withPlayground.close();
    }
  });
});

describe('no stack traces anywhere', () => {
  const mistakes: Array<[string, Payload]> = [
    ['a syntax error', { query: '{ me { handle ' }],
    ['an unknown field', { query: '{ noSuchField }' }],
    ['a variable of the wrong type', { query: 'query Q($n: Int!) { interests(first: $n) { edges { cursor } } }', variables: { n: 'many' } }],
    ['a resolver error', { query: '{ interests(first: 100000) { edges { cursor } } }' }],
    ['a refused permission', { query: 'mutation { verifyRealName(handle: "nobody_at_all") { id } }' }],
    ['an over-limit document', { query: `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: __typename`).join(' ')} }` }],
    ['an unknown operation name', { query: 'query A { __typename } query B { __typename }' }],
  ];

  it.each(mistakes)('for %s, over HTTP and WebSocket', async (_name, payload) => {
    const { http, ws } = await overBoth(prod, payload);
    for (const [transport, answer] of [['http', http], ['ws', ws]] as const) {
      expect(answer.errors.length, transport).toBeGreaterThan(0);
      for (const error of answer.errors) {
        expect(typeof error.extensions?.code, transport).toBe('string');
        expect(error.extensions?.stacktrace, transport).toBeUndefined();
        expect(error.extensions?.exception, transport).toBeUndefined();
      }
      expectNoInternals(answer.text, transport);
    }
  });

  it('for an unauthenticated request and a malformed body', async () => {
    const anonymous = await send(prod.server.url, postJson({ query: '{ me { handle } }' }));
    expect(anonymous.text).toContain('UNAUTHENTICATED');
    expectNoInternals(anonymous.text, 'anonymous');
    const broken = await send(prod.server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(broken.status).toBe(400);
    expectNoInternals(broken.text, 'broken JSON');
  });

  it('when the database is unreachable: SERVICE_UNAVAILABLE, without the driver’s details', async () => {
    const orphan = await startTestServer({ ...PRODUCTION, NEO4J_URI: 'bolt://127.0.0.1:1' });
    try {
      const token = orphan.server.app.tokens.issueForUser(person.id, 'a-session').token;
      const { http, ws } = await overBoth(orphan, { query: '{ me { handle } }' }, token);
      for (const [transport, answer] of [['http', http], ['ws', ws]] as const) {
        expect(answer.errors.map((e) => e.extensions?.code), transport).toEqual(['SERVICE_UNAVAILABLE']);
        expectNoInternals(answer.text, transport);
        expect(answer.text, transport).not.toContain('127.0.0.1:1');
      }
    } finally {
      await orphan.close();
    }
  }, 60_000);
});

describe('CORS (CORS_ORIGINS; none by default in production)', () => {
  it('allows no origin by default: no Access-Control-Allow-Origin, on requests and preflights', async () => {
    const origin = 'https://evil.example';
    const post = await send(prod.server.url, postJson({ query: '{ __typename }' }, { origin }));
    expect(post.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await send(prod.server.url, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-methods']).toBeUndefined();
    expect(preflight.headers['access-control-allow-headers']).toBeUndefined();
  });

  describe('with CORS_ORIGINS set', () => {
    const allowed = 'https://app.example';
    const cors = serverForTests({ ...PRODUCTION, CORS_ORIGINS: `${allowed}, https://admin.example` });

    it('answers an allowed origin with that origin (never *), and its preflight with methods and headers', async () => {
      const post = await send(cors.server.url, postJson({ query: '{ __typename }' }, { origin: allowed }));
      expect(post.headers['access-control-allow-origin']).toBe(allowed);
      expect(post.headers.vary).toMatch(/Origin/);
      const preflight = await send(cors.server.url, {
        method: 'OPTIONS',
        headers: { origin: allowed, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe(allowed);
      expect(preflight.headers['access-control-allow-methods']).toMatch(/POST/);
      expect(preflight.headers['access-control-allow-headers']).toMatch(/authorization/);
      expect(preflight.headers['access-control-allow-headers']).toMatch(/content-type/);
    });

    it('gives any other origin nothing, including look-alikes', async () => {
      for (const origin of ['https://evil.example', 'https://app.example.evil.example', 'http://app.example', 'null']) {
        const post = await send(cors.server.url, postJson({ query: '{ __typename }' }, { origin }));
        expect(post.headers['access-control-allow-origin'], origin).toBeUndefined();
        const preflight = await send(cors.server.url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
        expect(preflight.headers['access-control-allow-origin'], origin).toBeUndefined();
      }
    });
  });
});

describe('security headers', () => {
  it.each([
    ['/graphql (a query)', { method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' }],
    ['/graphql (an error)', { method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json' }, body: '{"query":"{ nope }"}' }],
    ['/healthz', { path: '/healthz' }],
    ['an unknown path', { path: '/no/such/thing' }],
  ] as const)('are on %s in production', async (_name, options) => {
    const reply = await send(prod.server.url, { ...options, headers: { ...('headers' in options ? options.headers : {}) } });
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect(reply.headers['content-security-policy']).toContain("default-src 'none'");
    expect(reply.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(reply.headers['x-powered-by']).toBeUndefined();
    expect(reply.headers['cache-control']).toBe('no-store');
  });
});

describe('CSRF prevention (on in production)', () => {
  const signUpMutation = (handle: string) => ({
    query: 'mutation S($input: SignUpInput!) { signUp(input: $input) { token } }',
    variables: { input: { handle, realName: 'Csrf Victim', password: PASSWORD } },
  });

  it('refuses a "simple" text/plain POST (a form a foreign page can send) and runs nothing', async () => {
    const handle = uniqueHandle('csrf');
    const reply = await send(prod.server.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(signUpMutation(handle)) });
    expect(reply.status).toBe(400);
    expect(reply.text).not.toContain('"token"');
    expect(await countUsers(prod.database, handle)).toBe(0);
  });

  it('refuses multipart/form-data and x-www-form-urlencoded POSTs too', async () => {
    for (const type of ['multipart/form-data; boundary=x', 'application/x-www-form-urlencoded']) {
      const handle = uniqueHandle('csrf');
      const reply = await send(prod.server.url, { method: 'POST', headers: { 'content-type': type }, body: JSON.stringify(signUpMutation(handle)) });
      expect(reply.status, type).toBe(400);
      expect(await countUsers(prod.database, handle), type).toBe(0);
    }
  });

  it('refuses a GET query without a preflight-forcing header', async () => {
    const reply = await send(prod.server.url, { path: `/graphql?query=${encodeURIComponent('{ __typename }')}` });
    expect(reply.status).toBe(400);
    expect(reply.text).toMatch(/CSRF|preflight/i);
    expect(reply.text).not.toContain('"Query"');
  });

  it('never runs a mutation sent with GET, even with the preflight header', async () => {
    const handle = uniqueHandle('csrfget');
    const { query, variables } = signUpMutation(handle);
    const search = `query=${encodeURIComponent(query)}&variables=${encodeURIComponent(JSON.stringify(variables))}`;
    const reply = await send(prod.server.url, { path: `/graphql?${search}`, headers: { 'apollo-require-preflight': 'true' } });
    expect(reply.status).toBeGreaterThanOrEqual(400);
    expect(await countUsers(prod.database, handle)).toBe(0);
  });

  it('runs the same mutation sent as application/json (the control)', async () => {
    const handle = uniqueHandle('csrfok');
    const reply = await send(prod.server.url, postJson(signUpMutation(handle)));
    expect(reply.status).toBe(200);
    expect(await countUsers(prod.database, handle)).toBe(1);
  });
});
