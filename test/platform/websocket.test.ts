/**
 * GraphQL over WebSocket (graphql-ws, `graphql-transport-ws`) on ws://…/graphql, with the
 * client a live view would use. A connection authenticates once, through
 * `connectionParams`; anything less than a valid token closes it with 4403.
 */
import type { GraphQLFormattedError } from 'graphql';
import type { FormattedExecutionResult } from 'graphql-ws';
import { beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Role } from '../../src/auth/roles.js';
import { signUp, type Person } from '../helpers/people.js';
import { serverForTests, startTestServer } from '../helpers/server.js';
import { socketsPerTest } from '../helpers/subscriptions.js';
import { signToken } from '../helpers/tokens.js';

const test = serverForTests();
const sockets = socketsPerTest();
let person: Person;

beforeAll(async () => {
  person = await signUp(test.client, 'wsuser');
});

/** Opens a connection with these connectionParams and runs one operation on it. */
const runOver = (connectionParams: Record<string, unknown> | undefined, query: string) => sockets.runOnce(test, connectionParams, { query });

const sign = signToken;

function expectNoStackTrace(errors: readonly GraphQLFormattedError[] | undefined): void {
  for (const error of errors ?? []) {
    expect(error.extensions?.stacktrace).toBeUndefined();
    expect(JSON.stringify(error)).not.toMatch(/\bat [\w.<>]+ \(|node_modules|\.ts:\d+:\d+|\.js:\d+:\d+/);
  }
}

describe('authenticated connection', () => {
  it('is acknowledged and runs a query as the token says', async () => {
    const outcome = await runOver({ authorization: `Bearer ${person.token}` }, '{ me { handle } }');
    expect(outcome.acknowledged).toBe(true);
    expect(outcome.closeCode).toBeUndefined();
    expect(outcome.errors).toBeUndefined();
    expect(outcome.results).toEqual([{ data: { me: { handle: person.handle } } }]);
  });

  it('serves several operations on one connection, each as the same person', async () => {
    const client = sockets.connect(test, person.token);
    const results = await Promise.all(
      [1, 2, 3].map(async () => {
        const iterator = client.iterate<{ me: { id: string } }>({ query: '{ me { id } }' });
        const first = await iterator.next();
        await iterator.return?.();
        return first.value as FormattedExecutionResult<{ me: { id: string } }>;
      }),
    );
    for (const result of results) expect(result.data?.me.id).toBe(person.id);
  });

  it('works for a service token too: me is null, and nothing is refused', async () => {
    const token = test.server.app.tokens.issueForService(Role.CREDIT_BUREAU, 600).token;
    const outcome = await runOver({ authorization: `Bearer ${token}` }, '{ me { handle } }');
    expect(outcome.acknowledged).toBe(true);
    expect(outcome.results).toEqual([{ data: { me: null } }]);
  });
});

describe('refused connection', () => {
  const refusals: Array<[string, () => Record<string, unknown> | undefined, string]> = [
    ['no connectionParams at all', () => undefined, 'TOKEN_MISSING'],
    ['connectionParams without a token', () => ({ hello: 'world' }), 'TOKEN_MISSING'],
    ['a token that is not a JWT', () => ({ authorization: 'Bearer not-a-token' }), 'TOKEN_MALFORMED'],
    ['a token without "Bearer"', () => ({ authorization: 'Basic dXNlcjpwYXNz' }), 'TOKEN_MISSING'],
    ['an expired token', () => ({
      authorization: `Bearer ${sign({ roles: ['USER'], exp: Math.floor(Date.now() / 1000) - 3600 }, { subject: person.id, issuer: 'quanzi', audience: 'quanzi-api' })}`,
    }), 'TOKEN_EXPIRED'],
    ['a token signed with another secret', () => ({
      authorization: `Bearer ${sign({ roles: ['USER'] }, { subject: person.id, issuer: 'quanzi', audience: 'quanzi-api', expiresIn: 600 }, 'y'.repeat(40))}`,
    }), 'TOKEN_MALFORMED'],
    ['a token for another audience', () => ({
      authorization: `Bearer ${sign({ roles: ['USER'] }, { subject: person.id, issuer: 'quanzi', audience: 'elsewhere', expiresIn: 600 })}`,
    }), 'TOKEN_MALFORMED'],
    ["a person's token without a session", () => ({
      authorization: `Bearer ${sign({ roles: ['USER'], sid: undefined }, { subject: person.id, issuer: 'quanzi', audience: 'quanzi-api', expiresIn: 600 })}`,
    }), 'TOKEN_MALFORMED'],
  ];

  it.each(refusals)('closes with 4403 for %s, before running anything, and says why (%s)', async (_name, params, reason) => {
    const outcome = await runOver(params(), '{ me { handle } }');
    expect(outcome.acknowledged).toBe(false);
    expect(outcome.closeCode).toBe(4403);
    expect(outcome.closeReason).toMatch(new RegExp(`^${reason}: \\S`));
    expect(outcome.results).toEqual([]);
  });

  it('refuses the same person once the token is tampered with', async () => {
    const [header, payload, signature] = person.token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, roles: ['CREDIT_BUREAU'] })).toString('base64url')}.${signature}`;
    const outcome = await runOver({ authorization: `Bearer ${forged}` }, '{ me { handle } }');
    expect(outcome.closeCode).toBe(4403);
  });
});

describe('errors over the socket', () => {
  const auth = () => ({ authorization: `Bearer ${person.token}` });

  it('gives a validation error GRAPHQL_VALIDATION_FAILED, with no stack trace', async () => {
    const outcome = await runOver(auth(), '{ noSuchField }');
    expect(outcome.acknowledged).toBe(true);
    expect(outcome.closeCode).toBeUndefined();
    expect(outcome.errors?.length).toBeGreaterThan(0);
    expect(outcome.errors![0]!.message).toContain('noSuchField');
    expect(outcome.errors!.map((e) => e.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expectNoStackTrace(outcome.errors);
  });

  it('gives a syntax error GRAPHQL_PARSE_FAILED and keeps the connection', async () => {
    const outcome = await runOver(auth(), '{ me { handle ');
    expect(outcome.closeCode, `closed with ${outcome.closeCode}: ${outcome.closeReason}`).toBeUndefined();
    expect(outcome.errors!.map((e) => e.extensions?.code)).toEqual(['GRAPHQL_PARSE_FAILED']);
    expectNoStackTrace(outcome.errors);
  });

  it('gives a variable of the wrong type BAD_USER_INPUT (as over HTTP), not INTERNAL_SERVER_ERROR', async () => {
    const client = sockets.connect(test, person.token);
    const iterator = client.iterate({
      query: 'query Q($n: Int!) { interests(first: $n) { edges { cursor } } }',
      variables: { n: 'many' },
    });
    const errors: GraphQLFormattedError[] = [];
    try {
      for await (const result of iterator) errors.push(...(result.errors ?? []));
    } catch (error) {
      errors.push(...(error as GraphQLFormattedError[]));
    }
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(errors[0]!.message).toContain('many');
    expectNoStackTrace(errors);
  });

  it("passes a resolver's own error through with its code, and no stack trace", async () => {
    const outcome = await runOver(auth(), '{ interests(first: 100000) { edges { cursor } } }');
    expect(outcome.acknowledged).toBe(true);
    const errors = outcome.results.flatMap((result) => result.errors ?? []);
    expect(errors.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(errors[0]!.message).toMatch(/first/);
    expectNoStackTrace(errors);
  });
});

describe('protocol misuse', () => {
  /** A raw graphql-transport-ws socket, acknowledged, that sends `message` and reports its close. */
  async function closeCodeAfterSending(message: object): Promise<{ code: number; reason: string }> {
    const socket = new WebSocket(test.server.wsUrl, 'graphql-transport-ws');
    const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
    await new Promise<void>((resolve, reject) => {
      socket.on('error', reject);
      socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${person.token}` } })));
      socket.on('message', (data) => JSON.parse(String(data)).type === 'connection_ack' && resolve());
    });
    socket.send(JSON.stringify(message));
    return closed;
  }

  it.each([
    ['next', { type: 'next', id: '1', payload: { data: null } }],
    ['connection_ack', { type: 'connection_ack' }],
    ['error', { type: 'error', id: '1', payload: [{ message: 'x' }] }],
  ])('closes with 4400 (the client\'s mistake, not 4500) when a client sends a server\'s "%s" message', async (type, message) => {
    const { code, reason } = await closeCodeAfterSending(message);
    expect(code).toBe(4400);
    expect(reason).toContain(type);
  });

  it('refuses @skip on a subscription root field (a variable condition) with GRAPHQL_VALIDATION_FAILED, keeping the connection', async () => {
    const outcome = await runOver(
      { authorization: `Bearer ${person.token}` },
      'subscription($off: Boolean = false) { connectionRequestReceived @skip(if: $off) { createdAt } }',
    );
    expect(outcome.closeCode, `closed with ${outcome.closeCode}: ${outcome.closeReason}`).toBeUndefined();
    expect(outcome.errors!.map((e) => e.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(outcome.errors![0]!.message).toMatch(/@skip is not allowed/);
  });
});

describe('closing the server', () => {
  it('closes open sockets with 1001 Going Away', async () => {
    const target = await startTestServer();
    try {
      const client = sockets.connectNow(target, person.token);
      const closed = new Promise<number>((resolve) => client.on('closed', (event) => resolve((event as { code: number }).code)));
      await new Promise<void>((resolve) => client.on('connected', () => resolve()));
      await target.server.close();
      expect(await closed).toBe(1001);
    } finally {
      await target.database.close();
    }
  });
});
