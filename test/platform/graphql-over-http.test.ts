/**
 * GraphQL over HTTP as the spec's editors check it: their audit (graphql-http's
 * `auditServer`) against the real server, with no error and no warning; status codes by the
 * Accept header (request errors are 200 as application/json, 400 as
 * application/graphql-response+json), on Apollo's answers and on our own refusals alike;
 * and CORS preflights that let the major browser clients name themselves.
 */
import { auditServer } from 'graphql-http';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CORS_ALLOWED_HEADERS } from '../../src/config.js';
import { postJson, send } from '../helpers/http.js';
import { serverForTests } from '../helpers/server.js';

const test = serverForTests();

const GRAPHQL_RESPONSE = 'application/graphql-response+json';

describe('the graphql-http audit', () => {
  it('passes with 0 errors and 0 warnings', async () => {
    const results = await auditServer({ url: test.server.url });
    const failed = results.filter((result) => result.status === 'error' || result.status === 'warn');
    const report = failed.map((result) => `${result.status} ${result.name}: ${'reason' in result ? result.reason : ''}`);
    expect(report).toEqual([]);
    // The audit really ran: it has dozens of checks, and most pass outright.
    expect(results.length).toBeGreaterThan(40);
    expect(results.filter((result) => result.status === 'ok').length).toBeGreaterThan(40);
  });
});

/** Request errors (the document or its variables, before execution), each with its code. */
const REQUEST_ERRORS = [
  ['a syntax error', { query: '{ me { handle ' }, 'GRAPHQL_PARSE_FAILED'],
  ['an unknown field', { query: '{ noSuchField }' }, 'GRAPHQL_VALIDATION_FAILED'],
  ['a variable that does not coerce', { query: 'query Q($n: Int!) { interests(first: $n) { edges { cursor } } }', variables: { n: 'many' } }, 'BAD_USER_INPUT'],
  ['no operation named', { query: 'query A { __typename } query B { __typename }' }, 'OPERATION_RESOLUTION_FAILURE'],
  // Refused by our own limit check before Apollo sees it.
  ['an operation over the alias limit', { query: `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: __typename`).join(' ')} }` }, 'GRAPHQL_VALIDATION_FAILED'],
] as const;

describe('status codes by the Accept header', () => {
  it.each(REQUEST_ERRORS)('answers %s with 200 to a client that accepts application/json, or sends no Accept', async (_name, body, code) => {
    for (const accept of ['application/json', undefined, 'application/json, */*;q=0.5']) {
      const reply = await send(test.server.url, postJson(body, accept ? { accept } : {}));
      expect(reply.status, `${accept}: ${reply.text}`).toBe(200);
      expect(reply.headers['content-type']).toMatch(/^application\/json/);
      const answer = JSON.parse(reply.text) as { data?: unknown; errors: Array<{ extensions: { code: string } }> };
      expect('data' in answer).toBe(false);
      expect(answer.errors.map((error) => error.extensions.code)).toContain(code);
    }
  });

  it.each(REQUEST_ERRORS)('answers %s with 400 to a client that prefers application/graphql-response+json', async (_name, body, code) => {
    for (const accept of [GRAPHQL_RESPONSE, `${GRAPHQL_RESPONSE}, application/json;q=0.9`]) {
      const reply = await send(test.server.url, postJson(body, { accept }));
      expect(reply.status, `${accept}: ${reply.text}`).toBe(400);
      expect(reply.headers['content-type']).toMatch(/^application\/graphql-response\+json/);
      expect((JSON.parse(reply.text) as { errors: Array<{ extensions: { code: string } }> }).errors.map((error) => error.extensions.code)).toContain(code);
    }
  });

  it('answers a request that is not a GraphQL request with 400 whatever the client accepts', async () => {
    for (const accept of ['application/json', GRAPHQL_RESPONSE]) {
      const invalidJson = await send(test.server.url, postJson('{"query": "{ __typename }"', { accept }));
      expect(invalidJson.status, accept).toBe(400);
      const noQuery = await send(test.server.url, postJson({ nothing: true }, { accept }));
      expect(noQuery.status, accept).toBe(400);
      expect(noQuery.text).toContain('BAD_REQUEST');
      const subscription = await send(test.server.url, postJson({ query: 'subscription { connectionRequestReceived { createdAt } }' }, { accept }));
      expect(subscription.status, accept).toBe(400);
    }
  });

  it('keeps 200 for an answer with data, errors from resolvers included', async () => {
    const reply = await send(test.server.url, postJson({ query: '{ me { handle } }' }, { accept: GRAPHQL_RESPONSE }));
    expect(reply.status).toBe(200);
    expect(reply.text).toContain('UNAUTHENTICATED');
  });
});

describe('CORS request headers (CORS_ALLOWED_HEADERS)', () => {
  const origin = 'https://app.example';
  const preflight = (url: string, headers: string) =>
    send(url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': headers } });
  const allowed = (value: string | string[] | undefined) => String(value).split(',').map((header) => header.trim());

  it("allows by default what Apollo Client, urql, Relay and graphql-request send, the app's name and version included", async () => {
    const reply = await preflight(test.server.url, 'apollographql-client-name, apollographql-client-version, content-type, authorization');
    expect(reply.status).toBe(204);
    const headers = allowed(reply.headers['access-control-allow-headers']);
    for (const header of ['apollographql-client-name', 'apollographql-client-version', 'content-type', 'authorization', 'accept', 'apollo-require-preflight']) {
      expect(headers, header).toContain(header);
    }
    expect(headers).toEqual(DEFAULT_CORS_ALLOWED_HEADERS);
  });

  describe('set to a list of its own', () => {
    const custom = serverForTests({ CORS_ORIGINS: origin, CORS_ALLOWED_HEADERS: 'Content-Type, authorization, x-tenant' });

    it('allows exactly that list', async () => {
      const reply = await preflight(custom.server.url, 'x-tenant');
      expect(allowed(reply.headers['access-control-allow-headers'])).toEqual(['content-type', 'authorization', 'x-tenant']);
    });
  });
});
