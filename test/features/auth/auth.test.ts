import { beforeAll, describe, expect, it } from 'vitest';
import { keyIdOf } from '../../../src/auth/tokens.js';
import { LogInDocument, MeDocument, SignUpDocument } from '../../generated/graphql.js';
import { errorCodes } from '../../helpers/client.js';
import { countUsers, PASSWORD, signUp, uniqueHandle } from '../../helpers/people.js';
import { serverForTests, TEST_JWT_SECRET } from '../../helpers/server.js';
import { signToken } from '../../helpers/tokens.js';

const test = serverForTests();

describe('signUp', () => {
  it('creates an account, returns a working token, and stores the handle in lower case', async () => {
    const handle = uniqueHandle('Alice');
    const result = await test.client.request(SignUpDocument, {
      input: { handle: handle.toUpperCase(), realName: '  王芳  ', password: PASSWORD },
    });
    expect(result.errors).toBeUndefined();
    const payload = result.data!.signUp;
    expect(payload.user).toMatchObject({ handle: handle.toLowerCase(), realName: '王芳', verified: false, scoreVisibility: 'BAND_ONLY' });
    expect(new Date(payload.expiresAt).getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);

    const me = await test.client.request(MeDocument, {}, { token: payload.token });
    expect(me.data?.me?.handle).toBe(handle.toLowerCase());
  });

  it('never stores the password itself', async () => {
    const person = await signUp(test.client, 'hashcheck');
    const row = await test.database.forRequest().read((q) =>
      q.one<{ hash: string }>('MATCH (u:User {id: $id}) RETURN u.passwordHash AS hash', { id: person.id }),
    );
    expect(row!.hash).toMatch(/^scrypt\$\d+\$8\$1\$/);
    expect(row!.hash).not.toContain(PASSWORD);
  });

  it('refuses a taken handle with CONFLICT, also in another case or a full-width look-alike', async () => {
    const person = await signUp(test.client, 'dup');
    const fullWidth = [...person.handle].map((c) => (/[a-z]/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('');
    for (const variant of [person.handle, person.handle.toUpperCase(), fullWidth]) {
      const result = await test.client.request(SignUpDocument, { input: { handle: variant, realName: 'Someone Else', password: PASSWORD } });
      expect(errorCodes(result)).toEqual(['CONFLICT']);
      expect(result.errors![0]!.message).toContain('taken');
    }
    expect(await countUsers(test.database, person.handle)).toBe(1);
  });

  it.each([
    ['handle', { handle: 'ab' }, 'handle must be 3 to 30 characters'],
    ['handle', { handle: '9lives' }, 'a letter first'],
    ['handle', { handle: 'has space' }, 'handle'],
    ['handle', { handle: "robert'); DROP" }, 'handle'],
    ['realName', { realName: '   ' }, 'realName must be 1 to 100 characters'],
    ['realName', { realName: 'x'.repeat(101) }, 'realName must be 1 to 100 characters'],
    ['realName', { realName: 'Evil\u202Ename' }, 'realName contains U+202E, an invisible formatting character'],
    ['realName', { realName: 'Broken \uD800 text' }, 'realName contains U+D800, half of a surrogate pair'],
    ['realName', { realName: 'Wang\u00ADFang' }, 'realName contains U+00AD, an invisible formatting character'],
    ['realName', { realName: '\u3164' }, 'realName contains U+3164, a character that shows as nothing'],
    ['password', { password: 'short' }, 'password must be 10 to 200 characters'],
  ])('refuses a bad %s with BAD_USER_INPUT naming the field, and creates nothing', async (field, override, message) => {
    const input = { handle: uniqueHandle('valid'), realName: 'Valid Name', password: PASSWORD, ...override };
    const result = await test.client.request(SignUpDocument, { input });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0]!.extensions!.field).toBe(field);
    expect(result.errors![0]!.message).toContain(message);
    expect(await countUsers(test.database, input.handle.toLowerCase())).toBe(0);
  });
});

describe('logIn', () => {
  it('signs in with the right password, in any handle case', async () => {
    const person = await signUp(test.client, 'login');
    const result = await test.client.request(LogInDocument, { input: { handle: person.handle.toUpperCase(), password: PASSWORD } });
    expect(result.data?.logIn.user.id).toBe(person.id);
    const me = await test.client.request(MeDocument, {}, { token: result.data!.logIn.token });
    expect(me.data?.me?.id).toBe(person.id);
  });

  it('gives the same UNAUTHENTICATED answer for a wrong password and an unknown handle', async () => {
    const person = await signUp(test.client, 'wrongpw');
    const wrong = await test.client.request(LogInDocument, { input: { handle: person.handle, password: 'not the password' } });
    const unknown = await test.client.request(LogInDocument, { input: { handle: uniqueHandle('nobody'), password: PASSWORD } });
    expect(errorCodes(wrong)).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(unknown)).toEqual(['UNAUTHENTICATED']);
    expect(wrong.errors![0]!.message).toBe(unknown.errors![0]!.message);
  });

  it('refuses a handle no account could have with BAD_USER_INPUT naming the format', async () => {
    const result = await test.client.request(LogInDocument, { input: { handle: `x${'y'.repeat(5000)}`, password: PASSWORD } });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0]!.extensions!.field).toBe('handle');
    expect(result.errors![0]!.message).toContain('3 to 30 characters');
  });
});

describe('names people write', () => {
  it('keeps zero-width joiners, which emoji sequences and some scripts need', async () => {
    const realName = 'Family 👨\u200D👩\u200D👧 می\u200Cخواهم';
    const input = { handle: uniqueHandle('zwj'), realName, password: PASSWORD };
    const result = await test.client.request(SignUpDocument, { input });
    expect(result.errors).toBeUndefined();
    expect(result.data!.signUp.user.realName).toBe(realName);
  });
});

describe('tokens', () => {
  let person: { id: string; token: string };
  beforeAll(async () => {
    person = await signUp(test.client, 'tokens');
  });

  const sign = signToken;
  const valid = { issuer: 'quanzi', audience: 'quanzi-api', expiresIn: 600 };

  it('accepts a well-formed token', async () => {
    const token = sign({ roles: ['USER'] }, { ...valid, subject: person.id });
    const me = await test.client.request(MeDocument, {}, { token });
    expect(me.data?.me?.id).toBe(person.id);
  });

  it('refuses a request without a token, saying TOKEN_MISSING', async () => {
    const me = await test.client.request(MeDocument, {});
    expect(errorCodes(me)).toEqual(['UNAUTHENTICATED']);
    expect(me.errors![0]!.extensions!.reason).toBe('TOKEN_MISSING');
    expect(me.data?.me ?? null).toBeNull();
  });

  const bad: Array<[string, () => string, string]> = [
    ['expired', () => sign({ roles: ['USER'], exp: Math.floor(Date.now() / 1000) - 3600 }, { subject: person.id, issuer: 'quanzi', audience: 'quanzi-api' }), 'TOKEN_EXPIRED'],
    ['without exp', () => sign({ roles: ['USER'] }, { subject: person.id, issuer: 'quanzi', audience: 'quanzi-api' }), 'TOKEN_MALFORMED'],
    ['for another audience', () => sign({ roles: ['USER'] }, { ...valid, subject: person.id, audience: 'someone-else' }), 'TOKEN_MALFORMED'],
    ['from another issuer', () => sign({ roles: ['USER'] }, { ...valid, subject: person.id, issuer: 'evil' }), 'TOKEN_MALFORMED'],
    ['signed with another secret', () => sign({ roles: ['USER'] }, { ...valid, subject: person.id }, 'x'.repeat(40)), 'TOKEN_MALFORMED'],
    ['tampered', () => {
      const [header, , signature] = person.token.split('.');
      const payload = Buffer.from(JSON.stringify({ sub: 'someone-else', roles: ['CREDIT_BUREAU'], exp: 9_999_999_999, iss: 'quanzi', aud: 'quanzi-api' })).toString('base64url');
      return `${header}.${payload}.${signature}`;
    }, 'TOKEN_MALFORMED'],
    ['with alg none', () => {
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT', kid: keyIdOf(TEST_JWT_SECRET) })).toString('base64url');
      const payload = Buffer.from(JSON.stringify({ sub: person.id, roles: ['USER'], exp: 9_999_999_999, iss: 'quanzi', aud: 'quanzi-api' })).toString('base64url');
      return `${header}.${payload}.`;
    }, 'TOKEN_MALFORMED'],
    ['with an unknown role', () => sign({ roles: ['ADMIN'] }, { ...valid, subject: person.id }), 'TOKEN_MALFORMED'],
    ['that is not a JWT', () => 'not-a-token', 'TOKEN_MALFORMED'],
    ["of a person, without a session", () => sign({ roles: ['USER'], sid: undefined }, { ...valid, subject: person.id }), 'TOKEN_MALFORMED'],
  ];
  it.each(bad)('refuses a token %s with UNAUTHENTICATED and extensions.reason %s', async (_name, make, reason) => {
    const me = await test.client.request(MeDocument, {}, { token: make() });
    expect(errorCodes(me)).toEqual(['UNAUTHENTICATED']);
    expect(me.errors![0]!.extensions!.reason).toBe(reason);
    expect(me.errors![0]!.message).toMatch(reason === 'TOKEN_EXPIRED' ? /refreshSession/ : /log in again/);
  });

  it('still lets a client with a stale token log in', async () => {
    const stale = sign({ roles: ['USER'], exp: Math.floor(Date.now() / 1000) - 10 }, { subject: person.id, issuer: 'quanzi', audience: 'quanzi-api' });
    const handle = (await test.client.request(MeDocument, {}, { token: person.token })).data!.me!.handle;
    const result = await test.client.request(LogInDocument, { input: { handle, password: PASSWORD } }, { token: stale });
    expect(result.errors).toBeUndefined();
    expect(result.data?.logIn.user.id).toBe(person.id);
  });
});
