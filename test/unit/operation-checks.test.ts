/**
 * What a document goes through before it runs (src/http/operation-checks.ts): the token
 * bound, validation (with and without introspection), picking the operation, coercing
 * variables, the limits, and which refusals the HTTP path sends itself.
 */
import type { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { checkOperation, httpRefusals, type CheckedOperation, type CheckOptions, type GraphQLRequest } from '../../src/http/operation-checks.js';
import { LIMITS, schema } from './operation-schema.js';

const OPEN: CheckOptions = { limits: LIMITS, introspection: true };
const CLOSED: CheckOptions = { limits: LIMITS, introspection: false };

const errorsOf = (request: GraphQLRequest, options = CLOSED) => {
  const checked = checkOperation(schema, request, options);
  expect(Array.isArray(checked), 'expected a refusal').toBe(true);
  return (checked as readonly GraphQLError[]).map((error) => ({ message: error.message, extensions: error.extensions }));
};

const DEEP = '{ me { mentor { mentor { mentor { mentor { mentor { mentor { mentor { id } } } } } } } } }';

describe('checkOperation', () => {
  it('gives back the operation to run', () => {
    const checked = checkOperation(schema, { query: 'query A { me { id } } query B { me { handle } }', operationName: 'B' }, CLOSED) as CheckedOperation;
    expect(checked.operation.name?.value).toBe('B');
    expect(checked.document.definitions).toHaveLength(2);
  });

  it('refuses a document that does not parse', () => {
    expect(errorsOf({ query: '{ me { id }' })).toEqual([
      { message: 'Syntax Error: Expected Name, found <EOF>.', extensions: { code: 'GRAPHQL_PARSE_FAILED' } },
    ]);
  });

  it('refuses more tokens than the limit as a limit, before parsing them all', () => {
    const options = { ...CLOSED, limits: { ...LIMITS, maxTokens: 50 } };
    const query = `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
    expect(errorsOf({ query }, options)).toEqual([
      { message: 'The document has more than 50 tokens; send a shorter one.', extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'tokens' } },
    ]);
  });

  it('keeps "Did you mean" hints only while introspection is on', () => {
    const request = { query: '{ me { handel } }' };
    const message = (options: CheckOptions) => errorsOf(request, options)[0];
    expect(message(OPEN)).toEqual({
      message: 'Cannot query field "handel" on type "User". Did you mean "handle"?',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    expect(message(CLOSED)).toEqual({ message: 'Cannot query field "handel" on type "User".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
  });

  it('refuses schema queries without introspection', () => {
    const request = { query: '{ __schema { description } }' };
    expect(checkOperation(schema, request, OPEN)).not.toBeInstanceOf(Array);
    expect(errorsOf(request, CLOSED)).toEqual([
      {
        message: 'GraphQL introspection has been disabled, but the requested query contained the field "__schema".',
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      },
    ]);
  });

  it.each([
    ['several operations and no name', { query: 'query A { me { id } } query B { me { id } }' }, 'The document has several operations; say which to run with operationName.'],
    ['a name the document lacks', { query: 'query A { me { id } }', operationName: 'Z' }, 'The document has no operation named "Z".'],
  ])('cannot pick an operation from %s', (_, request, message) => {
    expect(errorsOf(request)).toEqual([{ message, extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } }]);
  });

  it('refuses variables that do not coerce as BAD_USER_INPUT', () => {
    const errors = errorsOf({ query: 'query ($n: Int) { people(first: $n) { edges { cursor } } }', variables: { n: 'ten' } });
    expect(errors).toEqual([
      { message: 'Variable "$n" got invalid value "ten"; Int cannot represent non-integer value: "ten"', extensions: { code: 'BAD_USER_INPUT' } },
    ]);
  });

  it('measures with the variables sent', () => {
    const query = 'query ($n: Int) { people(first: $n) { edges { node { friends(first: $n) { edges { node { id } } } } } } }';
    expect(checkOperation(schema, { query, variables: { n: 10 } }, CLOSED)).not.toBeInstanceOf(Array);
    expect(errorsOf({ query, variables: { n: 100 } }).map((error) => error.extensions.limit)).toEqual(['cost']);
  });

  it('refuses an operation over a limit', () => {
    expect(errorsOf({ query: DEEP })).toEqual([
      {
        message: 'The query is 9 levels deep; the limit is 8. Ask for fewer nested fields.',
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'depth' },
      },
    ]);
  });

  it.each([
    ['@skip', 'subscription { joined @skip(if: false) { id } }'],
    ['@include, through a fragment', 'subscription { ...J } fragment J on Subscription { joined @include(if: true) { id } }'],
    ['@skip, through an inline fragment', 'subscription { ... { joined @skip(if: false) { id } } }'],
  ])('refuses %s on a subscription root', (directive, query) => {
    const name = directive.split(',')[0]!;
    expect(errorsOf({ query })).toEqual([
      { message: `A subscription selects exactly one root field: ${name} is not allowed there.`, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
    ]);
  });
});

describe('httpRefusals', () => {
  const refusals = (request: GraphQLRequest) => httpRefusals(schema, request, CLOSED).map((error) => [error.extensions.code, error.message]);

  it.each([
    ['a valid query', { query: '{ me { id } }' }],
    ['a document that does not parse (Apollo answers it)', { query: '{ me' }],
    ['an invalid document (Apollo answers it)', { query: '{ me { nope } }' }],
    ['an operation it cannot pick (Apollo answers it)', { query: 'query A { me { id } } query B { me { id } }' }],
    ['variables that do not coerce (Apollo answers them)', { query: 'query ($n: Int) { people(first: $n) { edges { cursor } } }', variables: { n: 'x' } }],
  ])('leaves %s alone', (_, request) => {
    expect(refusals(request)).toEqual([]);
  });

  it('refuses an operation over a limit', () => {
    expect(refusals({ query: DEEP })).toEqual([['GRAPHQL_VALIDATION_FAILED', 'The query is 9 levels deep; the limit is 8. Ask for fewer nested fields.']]);
  });

  it('refuses a conditional subscription root (graphql-js would throw on it)', () => {
    expect(refusals({ query: 'subscription ($s: Boolean!) { joined @skip(if: $s) { id } }' })).toEqual([
      ['GRAPHQL_VALIDATION_FAILED', 'A subscription selects exactly one root field: @skip is not allowed there.'],
    ]);
  });

  it('sends subscriptions to the WebSocket', () => {
    expect(refusals({ query: 'subscription { joined { id } }' })).toEqual([
      ['BAD_REQUEST', 'Subscriptions run over WebSocket (graphql-ws protocol) at /graphql, not over HTTP.'],
    ]);
  });
});
