/**
 * Fuzzing requests that are not GraphQL at all, or barely: malformed HTTP bodies (not JSON,
 * the wrong shapes, batches, persisted-query hashes, deep nesting, odd content types) and raw
 * graphql-transport-ws frames (the wrong types, ids and payloads, messages only a server may
 * send, binary, oversized). Never a 5xx, never closed with 4500, 1011 or 1006, always known
 * codes, and the server keeps answering; and, at the end, nothing unhandled in the process.
 * The machinery: helpers/fuzz/.
 */
import fc from 'fast-check';
import type { GraphQLFormattedError } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { weirdString } from '../helpers/fuzz/arbitraries.js';
import { documentArb } from '../helpers/fuzz/documents.js';
import { ALLOWED_CODES, check, expectAlive, expectNoUnhandled, expectSafeReply, fuzzServer, httpCall, LEAK } from '../helpers/fuzz/harness.js';
import { signUp, type Person } from '../helpers/people.js';

const test = fuzzServer();
let docsPerson: Person;

beforeAll(async () => {
  docsPerson = await signUp(test.client, 'fzdocs');
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

describe('the process', () => {
  it('saw no unhandled rejection or uncaught exception during the run', async () => {
    await expectAlive();
    // Give anything still settling a moment to surface.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expectNoUnhandled();
  });
});
