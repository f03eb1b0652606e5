/**
 * TRUSTED_DOCUMENTS: the server runs the app's own operations, named by the hashes GraphQL
 * Code Generator's client preset gives them (`documentId`, or Apollo's
 * extensions.persistedQuery), over HTTP (POST and GET) and WebSocket alike. Enforce refuses
 * anything else with PERSISTED_QUERY_NOT_IN_LIST; audit runs it and logs what enforce would
 * refuse. The manifest is the one `npm run codegen` writes for test/operations.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { projectRoot } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startServer, type QuanziServer } from '../../src/server.js';
import { MeDocument, SearchCirclesDocument, SignUpDocument } from '../generated/client/graphql.js';
import { GraphQLClient, type Result } from '../helpers/client.js';
import { send } from '../helpers/http.js';
import { PASSWORD, uniqueHandle } from '../helpers/people.js';
import { testConfig, testDatabase } from '../helpers/server.js';

const MANIFEST = path.join(projectRoot, 'test/generated/client/persisted-documents.json');
const listed: Record<string, string> = JSON.parse(readFileSync(MANIFEST, 'utf8'));
const hashOf = (document: TypedDocumentNode<unknown, never> | object) => (document as { __meta__: { hash: string } }).__meta__.hash;
const UNLISTED = '{ __typename }';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

interface Trusted {
  server: QuanziServer;
  client: GraphQLClient;
  logs: Array<Record<string, unknown>>;
  token: string;
}

/** A server with TRUSTED_DOCUMENTS in `mode`, every log line kept, and a person signed up by documentId. */
function trustedServer(mode: 'enforce' | 'audit'): Trusted {
  const trusted = { logs: [] } as unknown as Trusted;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const config = testConfig({ TRUSTED_DOCUMENTS: MANIFEST, TRUSTED_DOCUMENTS_MODE: mode, LOG_LEVEL: 'info' });
    const database = testDatabase(config);
    trusted.server = await startServer({ config, database, log: createLogger(config, { write: (line: string) => void trusted.logs.push(JSON.parse(line)) }) });
    trusted.client = new GraphQLClient(trusted.server.url);
    close = async () => (await trusted.server.close(), await database.close());
    const signUp = await trusted.client.raw<{ signUp: { token: string } }>({
      documentId: hashOf(SignUpDocument),
      variables: { input: { handle: uniqueHandle('trusted'), realName: 'Trusted Tester', password: PASSWORD } },
    });
    expect(signUp.errors).toBeUndefined();
    trusted.token = signUp.data!.signUp.token;
  });
  afterAll(() => close?.());
  return trusted;
}

const codes = (result: Result<unknown>) => (result.errors ?? []).map((error) => error.extensions?.code);

/** One operation over graphql-ws: its data, or its errors' codes. */
async function overSocket(url: string, token: string, payload: Record<string, unknown>): Promise<{ data?: unknown; codes?: unknown[] }> {
  const client: Client = createClient({ url, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0, lazy: true });
  try {
    return await new Promise((resolve, reject) => {
      let data: unknown;
      client.subscribe(payload as { query: string }, {
        next: (result) => void (data = result.data),
        error: (errors) => (Array.isArray(errors) ? resolve({ codes: errors.map((e: { extensions?: { code?: unknown } }) => e.extensions?.code) }) : reject(errors)),
        complete: () => resolve({ data }),
      });
    });
  } finally {
    await client.dispose();
  }
}

describe('TRUSTED_DOCUMENTS_MODE=enforce', () => {
  const test = trustedServer('enforce');

  it('runs a listed document by documentId (bare or sha256:), by Apollo persistedQuery hash, by GET, and as its exact text', async () => {
    const auth = { token: test.token };
    const variables = { text: 'tea' };
    const hash = hashOf(SearchCirclesDocument);
    for (const body of [
      { documentId: hash, variables },
      { documentId: `sha256:${hash}`, variables },
      { extensions: { persistedQuery: { version: 1, sha256Hash: hash } }, variables },
      { query: listed[hash], variables },
    ]) {
      const result = await test.client.raw<{ searchCircles: { edges: unknown[] } }>(body, auth);
      expect(result.errors, JSON.stringify(body)).toBeUndefined();
      expect(result.data!.searchCircles.edges).toBeInstanceOf(Array);
    }
    const query = new URLSearchParams({ documentId: hashOf(MeDocument) });
    const reply = await send(test.server.url, { path: `/graphql?${query}`, headers: { authorization: `Bearer ${test.token}`, 'apollo-require-preflight': 'true' } });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.text).data.me.handle).toMatch(/^trusted_/);
  });

  it('refuses a document not on the list with PERSISTED_QUERY_NOT_IN_LIST, and an unknown id with PERSISTED_QUERY_NOT_FOUND, over HTTP', async () => {
    const auth = { token: test.token };
    const refused = await test.client.raw({ query: UNLISTED }, auth);
    expect(refused.status).toBe(400);
    expect(codes(refused)).toEqual(['PERSISTED_QUERY_NOT_IN_LIST']);
    expect(refused.errors![0]!.message).toContain('documentId');
    expect(refused.data).toBeUndefined();
    // A listed document's text changed by one space is another document.
    const hash = hashOf(MeDocument);
    expect(codes(await test.client.raw({ query: `${listed[hash]} ` }, auth))).toEqual(['PERSISTED_QUERY_NOT_IN_LIST']);
    // An id with unlisted text beside it does not smuggle the text in.
    expect(codes(await test.client.raw({ documentId: sha256(UNLISTED), query: UNLISTED }, auth))).toEqual(['PERSISTED_QUERY_NOT_IN_LIST']);
    const unknown = await test.client.raw({ documentId: sha256('query Nope { me { id } }') }, auth);
    expect(codes(unknown)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    const get = await send(test.server.url, { path: `/graphql?${new URLSearchParams({ query: UNLISTED })}`, headers: { 'apollo-require-preflight': 'true' } });
    expect(JSON.parse(get.text).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    // A request error, so by the Accept header: 200 to a client that accepts only JSON (above: 400 to one that accepts graphql-response+json).
    expect(get.status).toBe(200);
  });

  it('runs listed documents by id over WebSocket and refuses the rest the same way', async () => {
    const url = test.server.url.replace(/^http/, 'ws');
    const byId = await overSocket(url, test.token, { query: '', documentId: hashOf(MeDocument) });
    expect((byId.data as { me: { handle: string } }).me.handle).toMatch(/^trusted_/);
    const byApolloHash = await overSocket(url, test.token, { query: '', extensions: { persistedQuery: { version: 1, sha256Hash: hashOf(MeDocument) } } });
    expect((byApolloHash.data as { me: { handle: string } }).me.handle).toMatch(/^trusted_/);
    expect((await overSocket(url, test.token, { query: UNLISTED })).codes).toEqual(['PERSISTED_QUERY_NOT_IN_LIST']);
    expect((await overSocket(url, test.token, { query: '', documentId: sha256('nothing') })).codes).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  });
});

describe('TRUSTED_DOCUMENTS_MODE=audit', () => {
  const test = trustedServer('audit');
  const audits = () => test.logs.filter((line) => String(line.msg).startsWith('trusted documents (audit)'));

  it('runs a document not on the list, over HTTP and WebSocket, and logs each with its hash and name', async () => {
    const result = await test.client.raw<{ __typename: string }>({ query: 'query Unlisted { __typename }', operationName: 'Unlisted' }, { token: test.token });
    expect(result.errors).toBeUndefined();
    expect(result.data!.__typename).toBe('Query');
    expect(audits()).toEqual([expect.objectContaining({ level: 40, transport: 'http', operationName: 'Unlisted', documentHash: sha256('query Unlisted { __typename }') })]);

    const url = test.server.url.replace(/^http/, 'ws');
    expect((await overSocket(url, test.token, { query: UNLISTED })).data).toEqual({ __typename: 'Query' });
    expect(audits()[1]).toMatchObject({ transport: 'websocket', documentHash: sha256(UNLISTED) });
    // Listed documents run without a word.
    expect((await test.client.raw({ documentId: hashOf(MeDocument) }, { token: test.token })).errors).toBeUndefined();
    expect(audits()).toHaveLength(2);
  });

  it('still answers an unknown id with PERSISTED_QUERY_NOT_FOUND: there is nothing to run', async () => {
    expect(codes(await test.client.raw({ documentId: sha256('nothing') }, { token: test.token }))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  });
});
