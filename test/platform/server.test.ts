/**
 * The server's plumbing, over real HTTP: health checks, request ids, security headers,
 * body limits, Apollo's request rules (no batching, CSRF prevention, parse and
 * validation errors), CORS, and a graceful close with requests in flight.
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { AcctDeleteMyAccountDocument, LogInDocument, MeDocument, SignUpDocument } from '../generated/graphql.js';
import { errorCodes, GraphQLClient } from '../helpers/client.js';
import { postJson, send, type Reply } from '../helpers/http.js';
import { PASSWORD, uniqueHandle } from '../helpers/people.js';
import { serverForTests, startTestServer, testConfig, testDatabase, type TestServer } from '../helpers/server.js';
import { socketsPerTest } from '../helpers/subscriptions.js';
import { pino } from 'pino';
import { createLogger } from '../../src/logger.js';
import { startServer } from '../../src/server.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const json = (reply: Reply) => JSON.parse(reply.text) as { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } & Record<string, unknown>;

/** No error of a response may carry a stack trace or internal details. */
function expectNoStackTrace(text: string): void {
  expect(text).not.toMatch(/stacktrace/i);
  expect(text).not.toMatch(/\bat [\w.<>]+ \(|node:internal|\.ts:\d+:\d+|\.js:\d+:\d+/);
  const body = JSON.parse(text) as { errors?: Array<{ extensions?: Record<string, unknown> }> };
  for (const error of body.errors ?? []) expect(error.extensions?.stacktrace).toBeUndefined();
}

const test = serverForTests();

describe('health checks', () => {
  it('answers /healthz with 200 and a JSON status', async () => {
    const reply = await send(test.server.url, { path: '/healthz' });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    expect(json(reply)).toEqual({ status: 'ok' });
  });

  it('answers /readyz with 200 while the database answers', async () => {
    const reply = await send(test.server.url, { path: '/readyz' });
    expect(reply.status).toBe(200);
    expect(json(reply)).toEqual({ status: 'ready' });
  });

  it('answers /readyz with 503 (and /healthz still 200) when the database is unreachable', async () => {
    // A server whose Neo4j is a closed port: alive, but not ready.
    const orphan = await startTestServer({ NEO4J_URI: 'bolt://127.0.0.1:1' });
    try {
      const ready = await send(orphan.server.url, { path: '/readyz' });
      expect(ready.status).toBe(503);
      expect(json(ready).status).toBe('database unavailable');
      expect((await send(orphan.server.url, { path: '/healthz' })).status).toBe(200);

      // A query that needs the database says so, without the driver's details.
      const token = orphan.server.app.tokens.issueForUser('someone-who-needs-the-database', 'a-session').token;
      const result = await send(orphan.server.url, postJson({ query: '{ me { handle } }' }, { authorization: `Bearer ${token}` }));
      const body = json(result);
      expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['SERVICE_UNAVAILABLE']);
      expect(result.text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1:1|Neo4jError|bolt:/i);
      expectNoStackTrace(result.text);
    } finally {
      await orphan.close();
    }
  });

  it('answers an unknown path with a JSON 404 that points at /graphql', async () => {
    const reply = await send(test.server.url, { path: '/no/such/thing' });
    expect(reply.status).toBe(404);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    expect(json(reply).error).toContain('/graphql');
  });
});

describe('request ids', () => {
  it('gives every response an x-request-id, a fresh one each time', async () => {
    const replies = await Promise.all([
      send(test.server.url, { path: '/healthz' }),
      send(test.server.url, { path: '/readyz' }),
      send(test.server.url, { path: '/nowhere' }),
      send(test.server.url, postJson({ query: '{ __typename }' })),
      send(test.server.url, postJson('{not json')),
    ]);
    const ids = replies.map((reply) => reply.headers['x-request-id']);
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('echoes a sane client-supplied x-request-id', async () => {
    const id = `trace-${uniqueHandle('req')}:01.a`;
    const reply = await send(test.server.url, postJson({ query: '{ __typename }' }, { 'x-request-id': id }));
    expect(reply.status).toBe(200);
    expect(reply.headers['x-request-id']).toBe(id);
    const health = await send(test.server.url, { path: '/healthz', headers: { 'x-request-id': id } });
    expect(health.headers['x-request-id']).toBe(id);
  });

  it.each([
    ['too short', 'abc'],
    ['with spaces', 'has some spaces in it'],
    ['with markup', '<script>alert(1)</script>'],
    ['too long', 'x'.repeat(129)],
  ])('replaces a client x-request-id that is %s with its own', async (_name, offered) => {
    const reply = await send(test.server.url, { path: '/healthz', headers: { 'x-request-id': offered } });
    expect(reply.headers['x-request-id']).not.toBe(offered);
    expect(reply.headers['x-request-id']).toMatch(UUID);
  });
});

describe('security headers', () => {
  it.each([
    ['/healthz', {}],
    ['/nowhere', {}],
    ['/graphql', postJson({ query: '{ __typename }' })],
    ['/graphql', postJson('{broken')],
  ])('are on the response of %s', async (path, options) => {
    const reply = await send(test.server.url, { path, ...options });
    // JSON answers: no sniffing, no framing, nothing loaded from them (page-only headers are the playground's).
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect(reply.headers['content-security-policy']).toContain("default-src 'none'");
    expect(reply.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    // Answers about people are never kept by a browser or a proxy.
    expect(reply.headers['cache-control']).toBe('no-store');
  });
});

describe('request bodies', () => {
  const small = serverForTests({ MAX_BODY_BYTES: '2048' });

  const padded = (bytes: number) => {
    const prefix = '{ __typename }\n#';
    return JSON.stringify({ query: prefix + 'x'.repeat(bytes - prefix.length - 14) });
  };

  it('accepts a body just under MAX_BODY_BYTES', async () => {
    const body = padded(2000);
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(2048);
    const reply = await send(small.server.url, postJson(body));
    expect(reply.status).toBe(200);
    expect(json(reply).data).toEqual({ __typename: 'Query' });
  });

  it('refuses a body over MAX_BODY_BYTES with 413 and a JSON error', async () => {
    const body = padded(4096);
    expect(Buffer.byteLength(body)).toBeGreaterThan(2048);
    const reply = await send(small.server.url, postJson(body));
    expect(reply.status).toBe(413);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    expect(reply.headers['x-request-id']).toMatch(UUID);
    const errors = json(reply).errors!;
    expect(errors.map((e) => e.extensions?.code)).toEqual(['PAYLOAD_TOO_LARGE']);
    expect(errors[0]!.message).toContain('2048');
    expectNoStackTrace(reply.text);
  });

  it('refuses an oversized chunked body (no Content-Length) with 413 too, and keeps serving', async () => {
    const target = new URL(small.server.url);
    const reply = await new Promise<Reply>((resolve, reject) => {
      const req = httpRequest(
        target,
        { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, agent: false },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        },
      );
      // The server may hang up while we are still sending; only its answer matters.
      req.on('error', (error) => setTimeout(() => reject(error), 2000));
      req.write(`{"query":"{ __typename } #`);
      let sent = 0;
      const more = setInterval(() => {
        if (sent >= 8 || req.destroyed) {
          clearInterval(more);
          if (!req.destroyed) req.end('"}');
          return;
        }
        sent += 1;
        req.write('y'.repeat(1024));
      }, 20);
    });
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.text).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect((await send(small.server.url, { path: '/healthz' })).status).toBe(200);
  });

  it('refuses invalid JSON with 400 BAD_REQUEST', async () => {
    const reply = await send(test.server.url, postJson('{"query": "{ __typename }"'));
    expect(reply.status).toBe(400);
    expect(json(reply).errors!.map((e) => e.extensions?.code)).toEqual(['BAD_REQUEST']);
    expectNoStackTrace(reply.text);
  });

  it('refuses batched requests (a JSON array body)', async () => {
    const reply = await send(test.server.url, postJson([{ query: '{ __typename }' }, { query: '{ __typename }' }]));
    expect(reply.status).toBe(400);
    const body = json(reply);
    expect(Array.isArray(body)).toBe(false);
    expect(body.data).toBeUndefined();
    expect(body.errors!.length).toBeGreaterThan(0);
    expect(body.errors![0]!.message).toMatch(/batch/i);
    expectNoStackTrace(reply.text);
  });
});

describe('CSRF prevention', () => {
  const query = encodeURIComponent('{ __typename }');

  it('refuses a GET query without a preflight-forcing header', async () => {
    const reply = await send(test.server.url, { path: `/graphql?query=${query}` });
    expect(reply.status).toBe(400);
    expect(reply.text).not.toContain('"__typename"');
    expect(reply.text).toMatch(/preflight|CSRF/i);
  });

  it('refuses a POST with a "simple" content type (text/plain)', async () => {
    const reply = await send(test.server.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(reply.status).toBe(400);
    expect(reply.text).not.toContain('"Query"');
  });

  it('serves the same GET query with apollo-require-preflight, and POST application/json', async () => {
    const get = await send(test.server.url, { path: `/graphql?query=${query}`, headers: { 'apollo-require-preflight': 'true' } });
    expect(get.status).toBe(200);
    expect(json(get).data).toEqual({ __typename: 'Query' });
    const post = await send(test.server.url, postJson({ query: '{ __typename }' }));
    expect(post.status).toBe(200);
    expect(json(post).data).toEqual({ __typename: 'Query' });
  });
});

describe('GraphQL errors', () => {
  it('gives a syntax error GRAPHQL_PARSE_FAILED', async () => {
    const result = await test.client.raw({ query: '{ me { handle ' });
    expect(result.status).toBe(400);
    expect(errorCodes(result)).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(result.errors![0]!.message).toMatch(/Syntax Error/);
    expect(result.errors![0]!.extensions?.stacktrace).toBeUndefined();
  });

  it('gives an unknown field GRAPHQL_VALIDATION_FAILED', async () => {
    const result = await test.client.raw({ query: '{ noSuchField }' });
    expect(result.status).toBe(400);
    expect(errorCodes(result)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(result.errors![0]!.message).toContain('noSuchField');
    expect(result.errors![0]!.extensions?.stacktrace).toBeUndefined();
  });

  it('never sends a stack trace, whatever the error', async () => {
    const documents: unknown[] = [
      { query: '{ me { handle ' },
      { query: '{ noSuchField }' },
      { query: 'query Q($n: Int!) { interests(first: $n) { edges { cursor } } }', variables: { n: 'many' } },
      { query: '{ me { handle } }' }, // UNAUTHENTICATED from a resolver
      { query: '{ interests(first: 100000) { edges { cursor } } }' },
      { query: 'query A { __typename } query B { __typename }' }, // no operation name
      { nothing: true },
      '"just a string"',
    ];
    for (const document of documents) {
      const reply = await send(test.server.url, postJson(document));
      expect(reply.status, JSON.stringify(document)).toBeLessThan(500);
      const body = json(reply);
      expect(body.errors?.length, reply.text).toBeGreaterThan(0);
      for (const error of body.errors!) expect(typeof error.extensions?.code, reply.text).toBe('string');
      expectNoStackTrace(reply.text);
    }
  });
});

describe('logging', () => {
  it("logs a client's mistakes as requests, not as server errors with stack traces", async () => {
    // The server's own logger, writing into memory instead of stdout.
    const lines: Array<{ level: number; msg: string; requestId?: string; err?: unknown }> = [];
    const log = pino({ level: 'info', base: { service: 'quanzi' } }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const config = testConfig();
    const database = testDatabase(config);
    const server = await startServer({ config, database, log });
    try {
      const mistakes: unknown[] = [
        { query: '{ me { handle ' }, // syntax error
        { query: '{ noSuchField }' }, // validation error
        { query: 'query Q($n: Int!) { interests(first: $n) { edges { cursor } } }', variables: { n: 'many' } },
        { query: 'query A { __typename } query B { __typename }' }, // which operation?
        { nothing: true },
      ];
      for (const body of mistakes) {
        const reply = await send(server.url, postJson(body, { 'x-request-id': `mistake-${uniqueHandle('log')}`, accept: 'application/graphql-response+json' }));
        expect(reply.status).toBe(400);
      }
      // Every request got its access-log line, so the logger really is the one in use…
      expect(lines.filter((line) => line.msg === 'request' && line.requestId?.startsWith('mistake-'))).toHaveLength(mistakes.length);
      // …and none of the client's mistakes is reported as a failure of ours.
      const errors = lines.filter((line) => line.level >= 50);
      expect(errors.map((line) => `${line.msg}: ${JSON.stringify(line.err).slice(0, 120)}`)).toEqual([]);
    } finally {
      await server.close();
      await database.close();
    }
  });
});

describe('logs never hold a secret', () => {
  const sockets = socketsPerTest();

  /** A server (on `env`) whose every log line, down to trace, is kept. */
  async function loggedServer(env: Record<string, string> = {}) {
    const lines: string[] = [];
    const config = testConfig({ LOG_LEVEL: 'trace', ...env });
    const database = testDatabase(config);
    const server = await startServer({ config, database, log: createLogger(config, { write: (line: string) => void lines.push(line) }) });
    const target: TestServer = { server, config, database, client: new GraphQLClient(server.url), close: async () => (await server.close(), await database.close()) };
    return { target, lines };
  }

  it('not the password or token of sign-up, log-in, a wrong password, an account deletion or a socket', async () => {
    const { target, lines } = await loggedServer();
    try {
      const handle = uniqueHandle('logsecret');
      const signedUp = await target.client.request(SignUpDocument, { input: { handle, realName: 'Log Secret', password: PASSWORD } });
      const token = signedUp.data!.signUp.token;
      const loggedIn = await target.client.request(LogInDocument, { input: { handle, password: PASSWORD } });
      const wrong = 'a-wrong-password-that-is-long';
      await target.client.request(LogInDocument, { input: { handle, password: wrong } });
      await target.client.request(AcctDeleteMyAccountDocument, { password: wrong }, { token });
      const onSocket = await sockets.runOnce(target, { authorization: `Bearer ${token}` }, { query: '{ me { handle } }' });
      expect(onSocket.results[0]?.data).toEqual({ me: { handle } });

      const text = lines.join('');
      // The logs were written (requests, at least), so their silence about secrets means something.
      expect(lines.filter((line) => line.includes('"msg":"request"')).length).toBeGreaterThanOrEqual(4);
      for (const secret of [PASSWORD, wrong, token, loggedIn.data!.logIn.token]) expect(text).not.toContain(secret);
    } finally {
      await target.close();
    }
  });

  it('not the password of a log-in that fails on our side (database away), where the error is logged in full', async () => {
    const { target, lines } = await loggedServer({ NEO4J_URI: 'bolt://127.0.0.1:1' });
    try {
      const secret = `pw-${uniqueHandle('away')}-long`;
      const result = await target.client.request(LogInDocument, { input: { handle: uniqueHandle('away'), password: secret } });
      expect(errorCodes(result)).toEqual(['SERVICE_UNAVAILABLE']);
      expect(lines.some((line) => line.includes('"level":50'))).toBe(true);
      expect(lines.join('')).not.toContain(secret);
    } finally {
      await target.close();
    }
  });
});

describe('CORS', () => {
  const cors = serverForTests({ CORS_ORIGINS: 'https://app.example' });

  const preflight = (origin: string) =>
    send(cors.server.url, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
    });

  it('answers a preflight from an allowed origin with 204 and the allowances', async () => {
    const reply = await preflight('https://app.example');
    expect(reply.status).toBe(204);
    expect(reply.text).toBe('');
    expect(reply.headers['access-control-allow-origin']).toBe('https://app.example');
    expect(reply.headers['access-control-allow-methods']).toContain('POST');
    expect(reply.headers['access-control-allow-headers']).toMatch(/authorization/);
    expect(reply.headers['access-control-allow-headers']).toMatch(/content-type/);
    expect(reply.headers.vary).toMatch(/Origin/i);
  });

  it('gives a preflight from another origin no allowance', async () => {
    const reply = await preflight('https://evil.example');
    expect(reply.status).toBe(204);
    expect(reply.headers['access-control-allow-origin']).toBeUndefined();
    expect(reply.headers['access-control-allow-methods']).toBeUndefined();
    expect(reply.headers['access-control-allow-headers']).toBeUndefined();
  });

  it('sets Access-Control-Allow-Origin on requests from the allowed origin only', async () => {
    const allowed = await send(cors.server.url, postJson({ query: '{ __typename }' }, { origin: 'https://app.example' }));
    expect(allowed.status).toBe(200);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example');
    expect(allowed.headers['access-control-expose-headers']).toMatch(/x-request-id/);

    for (const origin of ['https://evil.example', 'https://app.example.evil.example', 'http://app.example']) {
      const other = await send(cors.server.url, postJson({ query: '{ __typename }' }, { origin }));
      expect(other.headers['access-control-allow-origin'], origin).toBeUndefined();
    }
    const noOrigin = await send(cors.server.url, postJson({ query: '{ __typename }' }));
    expect(noOrigin.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('graceful close', () => {
  it('finishes requests in flight with 200, then refuses new connections', async () => {
    // Realistic password hashing makes sign-ups take a while on the server.
    const target = await startTestServer({ PASSWORD_HASH_COST: '15' });
    const url = target.server.url;
    const { port } = new URL(url);
    let stopped = false;
    let received = 0;
    target.server.httpServer.on('request', () => (received += 1));
    try {
      // Slow uploads: headers and half a body now, the rest once close() has begun.
      const slow = Array.from({ length: 3 }, (_, i) => {
        const body = JSON.stringify({ query: `query Slow${i} { __typename }` });
        let finish!: () => void;
        const response = new Promise<Reply>((resolve, reject) => {
          const req = httpRequest(
            new URL(url),
            { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, agent: false },
            (res) => {
              const chunks: Buffer[] = [];
              res.on('data', (chunk: Buffer) => chunks.push(chunk));
              res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
            },
          );
          req.on('error', reject);
          req.flushHeaders();
          req.write(body.slice(0, 10));
          finish = () => req.end(body.slice(10));
        });
        return { response, finish: () => finish() };
      });
      // Sign-ups that spend their time hashing and writing to Neo4j.
      const handles = Array.from({ length: 3 }, () => uniqueHandle('drain'));
      const signUps = handles.map((handle) =>
        send(url, postJson({ query: print(SignUpDocument), variables: { input: { handle, realName: 'Drain Test', password: PASSWORD } } })),
      );

      const deadline = Date.now() + 5000;
      while (received < slow.length + signUps.length && Date.now() < deadline) await delay(5);
      expect(received).toBe(slow.length + signUps.length);

      const closing = target.server.close();
      let closed = false;
      void closing.then(() => (closed = true));
      await delay(150);
      expect(closed).toBe(false); // still waiting for the slow uploads
      for (const s of slow) s.finish();

      const slowReplies = await Promise.all(slow.map((s) => s.response));
      for (const reply of slowReplies) {
        expect(reply.status).toBe(200);
        expect(json(reply).data).toEqual({ __typename: 'Query' });
      }
      const signUpReplies = await Promise.all(signUps);
      signUpReplies.forEach((reply, i) => {
        expect(reply.status, reply.text).toBe(200);
        const body = json(reply) as { data: { signUp: { token: string; user: { handle: string } } } };
        expect(body.data.signUp.user.handle).toBe(handles[i]);
      });
      await closing;
      stopped = true;

      // The accounts really exist: a server on the same database accepts their tokens.
      const token = (json(signUpReplies[0]!) as { data: { signUp: { token: string } } }).data.signUp.token;
      const me = await test.client.request(MeDocument, {}, { token });
      expect(me.data?.me?.handle).toBe(handles[0]);

      // New connections are refused.
      const refused = await new Promise<string>((resolve) => {
        const socket = connect(Number(port), '127.0.0.1');
        socket.on('connect', () => {
          socket.destroy();
          resolve('connected');
        });
        socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      });
      expect(refused).toBe('ECONNREFUSED');
      await expect(send(url, { path: '/healthz' })).rejects.toThrow();
    } finally {
      if (!stopped) await target.server.close().catch(() => {});
      await target.database.close();
    }
  }, 60_000);
});
