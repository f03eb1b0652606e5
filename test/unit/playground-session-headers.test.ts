/** Which token a mutation issued, and the Headers tab it gives (src/playground/client/session-headers.ts). */
import { getOperationAST, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { headersWithToken, issuedToken } from '../../src/playground/client/session-headers.js';

const operation = (query: string, name?: string) => getOperationAST(parse(query), name);

describe('issuedToken', () => {
  it.each(['logIn', 'signUp', 'refreshSession'])('finds the token %s returned', (field) => {
    const op = operation(`mutation { ${field}(input: {}) { token user { handle } } }`);
    expect(issuedToken(op, { data: { [field]: { token: 't1', user: { handle: 'a' } } } })).toBe('t1');
  });

  it('reads an aliased field under its alias', () => {
    const op = operation('mutation { session: logIn(input: {}) { token } logIn: signUp(input: {}) { token } }');
    // `logIn` here is signUp's alias: the response keys, not the field names, say where each payload is.
    expect(issuedToken(op, { data: { session: { token: 'from-logIn' }, logIn: null } })).toBe('from-logIn');
  });

  it('takes the last token when several session fields ran (mutations run in order)', () => {
    const op = operation('mutation { signUp(input: {}) { token } logIn(input: {}) { token } }');
    expect(issuedToken(op, { data: { signUp: { token: 'first' }, logIn: { token: 'second' } } })).toBe('second');
    expect(issuedToken(op, { data: { signUp: { token: 'first' }, logIn: null } })).toBe('first');
  });

  it('picks the operation that ran from a document with several', () => {
    const document = 'query Me { me { handle } } mutation LogIn { logIn(input: {}) { token } }';
    expect(issuedToken(operation(document, 'LogIn'), { data: { logIn: { token: 't' } } })).toBe('t');
    expect(issuedToken(operation(document, 'Me'), { data: { logIn: { token: 't' } } })).toBeNull();
  });

  it.each([
    ['a failed log-in', 'mutation { logIn(input: {}) { token } }', { data: null, errors: [{ message: 'Wrong password' }] }],
    ['a log-in without `token` selected', 'mutation { logIn(input: {}) { user { handle } } }', { data: { logIn: { user: { handle: 'a' } } } }],
    ['another mutation', 'mutation { trustUser(handle: "a", weight: 1) { weight } }', { data: { trustUser: { token: 'x' } } }],
    ['a query', 'query { logIn { token } }', { data: { logIn: { token: 'x' } } }],
    ['an empty token', 'mutation { logIn(input: {}) { token } }', { data: { logIn: { token: '' } } }],
    ['no result', 'mutation { logIn(input: {}) { token } }', null],
  ])('is null for %s', (_, query, result) => {
    expect(issuedToken(operation(query), result)).toBeNull();
  });

  it('is null when the document did not parse (no operation)', () => {
    expect(issuedToken(null, { data: { logIn: { token: 'x' } } })).toBeNull();
  });
});

describe('headersWithToken', () => {
  it('fills an empty Headers tab', () => {
    expect(JSON.parse(headersWithToken('', 'abc')!)).toEqual({ Authorization: 'Bearer abc' });
    expect(JSON.parse(headersWithToken('  \n', 'abc')!)).toEqual({ Authorization: 'Bearer abc' });
  });

  it('replaces the placeholder and any earlier token, whatever its capitalisation, and keeps the other headers', () => {
    const before = JSON.stringify({ 'X-Trace': 'on', authorization: 'Bearer old', AUTHORIZATION: 'Bearer older', 'Accept-Language': 'zh' });
    const after = JSON.parse(headersWithToken(before, 'new')!);
    expect(after).toEqual({ Authorization: 'Bearer new', 'X-Trace': 'on', 'Accept-Language': 'zh' });
  });

  it('writes readable JSON, Authorization first', () => {
    expect(headersWithToken('{"Authorization": "Bearer <run logIn>", "X": "1"}', 't')).toBe('{\n  "Authorization": "Bearer t",\n  "X": "1"\n}');
  });

  it.each([
    ['half-typed JSON', '{"X-Trace": "o'],
    ['a JSON array', '["Authorization"]'],
    ['a JSON string', '"Bearer x"'],
    ['JSON null', 'null'],
  ])('leaves %s alone (null)', (_, text) => {
    expect(headersWithToken(text, 't')).toBeNull();
  });
});
