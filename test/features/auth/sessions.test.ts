/**
 * Sessions over real HTTP: logIn and signUp open one (a short-lived access token and a
 * rotating refresh token), refreshSession renews it, a spent refresh token used again ends
 * it, logOut / logOutEverywhere / endSession / changePassword end them, and an ended
 * session's access tokens are refused at once with a reason a client can act on.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  AcctSuspendUserDocument,
  AcctReinstateUserDocument,
  ChangePasswordDocument,
  EndSessionDocument,
  LogInDocument,
  LogOutDocument,
  LogOutEverywhereDocument,
  MeDocument,
  MySessionsDocument,
  RefreshSessionDocument,
  RenewLiveConnectionDocument,
  SessionsOfDocument,
} from '../../generated/graphql.js';
import { errorCodes, type Result } from '../../helpers/client.js';
import { PASSWORD, personFrom, signUp, type Person } from '../../helpers/people.js';
import { serverForTests, type TestServer } from '../../helpers/server.js';
import { Role } from '../../../src/auth/roles.js';
import { sweepFinishedSessions } from '../../../src/auth/sessions.repository.js';

const test = serverForTests({ MAX_SESSIONS_PER_USER: '3' });

const logIn = async (server: TestServer, person: Person, userAgent = 'quanzi-tests/1.0'): Promise<Person> => {
  const result = await server.client.request(LogInDocument, { input: { handle: person.handle, password: PASSWORD } }, { headers: { 'user-agent': userAgent } });
  expect(result.errors).toBeUndefined();
  return personFrom(result.data!.logIn);
};
const refresh = (refreshToken: string) => test.client.request(RefreshSessionDocument, { refreshToken });
const me = (token: string) => test.client.request(MeDocument, {}, { token });

/** UNAUTHENTICATED with this reason, and no data. */
function expectRefused(result: Result<unknown>, reason: string, what = ''): void {
  expect(errorCodes(result), `${what} ${JSON.stringify(result.errors)}`).toEqual(['UNAUTHENTICATED']);
  expect(result.errors![0]!.extensions!.reason, what).toBe(reason);
}

async function expectWorks(token: string, person: Person, what: string): Promise<void> {
  const result = await me(token);
  expect(result.errors, `${what}: ${JSON.stringify(result.errors)}`).toBeUndefined();
  expect(result.data?.me?.id, what).toBe(person.id);
}

async function sessionCount(person: Person): Promise<{ live: number; all: number }> {
  const row = await test.database.forRequest().read((q) =>
    q.one<{ live: number; all: number }>(
      `MATCH (:User {id: $id})-[:HAS_SESSION]->(s:Session)
       RETURN count(CASE WHEN s.endedAt IS NULL THEN 1 END) AS live, count(s) AS all`,
      { id: person.id },
    ),
  );
  return row!;
}

describe('a session', () => {
  let person: Person;
  beforeEach(async () => {
    person = await signUp(test.client, 'session');
  });

  it('starts at sign-up with an access token, a refresh token and its id, and stores only the refresh token\'s hash', async () => {
    expect(person.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await test.database.forRequest().read((q) =>
      q.rows<{ hash: string }>('MATCH (:User {id: $id})-[:HAS_SESSION]->(s:Session {id: $sid})-[:ISSUED]->(t:RefreshToken) RETURN t.hash AS hash', {
        id: person.id,
        sid: person.sessionId,
      }),
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored[0]!.hash).not.toContain(person.refreshToken);
  });

  it('renews: refreshSession gives a working access token and a new refresh token, in the same session', async () => {
    const result = await refresh(person.refreshToken);
    expect(result.errors).toBeUndefined();
    const renewed = result.data!.refreshSession;
    expect(renewed.sessionId).toBe(person.sessionId);
    expect(renewed.user.id).toBe(person.id);
    expect(renewed.refreshToken).not.toBe(person.refreshToken);
    expect(new Date(renewed.refreshTokenExpiresAt).getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 3600_000);
    await expectWorks(renewed.token, person, 'the renewed token');
    // And again with the new refresh token: rotation goes on.
    const again = await refresh(renewed.refreshToken);
    expect(again.errors).toBeUndefined();
    expect(again.data!.refreshSession.sessionId).toBe(person.sessionId);
  });

  it('ends when a spent refresh token is used again (TOKEN_REUSED): the newest refresh and access tokens stop too', async () => {
    const renewed = (await refresh(person.refreshToken)).data!.refreshSession;
    expectRefused(await refresh(person.refreshToken), 'TOKEN_REUSED', 'the spent token');
    expectRefused(await refresh(renewed.refreshToken), 'TOKEN_REVOKED', 'the newest refresh token');
    expectRefused(await me(renewed.token), 'TOKEN_REVOKED', 'the newest access token');
    expectRefused(await me(person.token), 'TOKEN_REVOKED', 'the first access token');
    // Another session of the same person is untouched.
    const other = await logIn(test, person);
    await expectWorks(other.token, person, 'another session');
  });

  it('lets exactly one of two simultaneous refreshes with one token win; the other counts as reuse and ends the session', async () => {
    const [a, b] = await Promise.all([refresh(person.refreshToken), refresh(person.refreshToken)]);
    const outcomes = [a, b].map((r) => (r.errors ? r.errors[0]!.extensions!.reason : 'OK')).sort();
    expect(outcomes).toEqual(['OK', 'TOKEN_REUSED']);
    const winner = (a.errors ? b : a).data!.refreshSession;
    expectRefused(await me(winner.token), 'TOKEN_REVOKED');
  });

  it.each([
    ['not shaped like one', 'hello'],
    ['well shaped but unknown', 'A'.repeat(43)],
    ['an access token', 'ACCESS'],
  ])('refuses a refresh token %s with TOKEN_MALFORMED and changes nothing', async (_name, value) => {
    const before = await sessionCount(person);
    expectRefused(await refresh(value === 'ACCESS' ? person.token : value), 'TOKEN_MALFORMED');
    expect(await sessionCount(person)).toEqual(before);
    expect((await refresh(person.refreshToken)).errors).toBeUndefined();
  });
});

describe('ending sessions', () => {
  let person: Person;
  let phone: Person;
  beforeEach(async () => {
    person = await signUp(test.client, 'ending');
    phone = await logIn(test, person, 'QuanziPhone/2.1 (Android 14)');
  });

  it('logOut ends this session only: its access and refresh tokens are refused at once, the other session goes on', async () => {
    const result = await test.client.request(LogOutDocument, {}, { token: person.token });
    expect(result.data?.logOut).toBe(true);
    expectRefused(await me(person.token), 'TOKEN_REVOKED', 'access token after logOut');
    expect((await me(person.token)).errors![0]!.message).toMatch(/log in again/);
    expectRefused(await refresh(person.refreshToken), 'TOKEN_REVOKED', 'refresh token after logOut');
    await expectWorks(phone.token, person, 'the phone');
    expect((await refresh(phone.refreshToken)).errors).toBeUndefined();
  });

  it('logOutEverywhere ends every session, this one included, and says how many', async () => {
    const result = await test.client.request(LogOutEverywhereDocument, {}, { token: phone.token });
    expect(result.data?.logOutEverywhere).toBe(2);
    expectRefused(await me(person.token), 'TOKEN_REVOKED');
    expectRefused(await me(phone.token), 'TOKEN_REVOKED');
    expect(await sessionCount(person)).toEqual({ live: 0, all: 2 });
  });

  it('me.sessions lists the live sessions with their client, marks the current one, and is null on anyone else', async () => {
    const result = await test.client.request(MySessionsDocument, {}, { token: phone.token });
    const sessions = result.data!.me!.sessions!;
    expect(sessions.map((s) => s.id).sort()).toEqual([person.sessionId, phone.sessionId].sort());
    expect(sessions.find((s) => s.current)?.id).toBe(phone.sessionId);
    expect(sessions.find((s) => s.id === phone.sessionId)?.client).toBe('QuanziPhone/2.1 (Android 14)');
    const stranger = await signUp(test.client, 'nosy');
    const nosy = await test.client.request(SessionsOfDocument, { handle: person.handle }, { token: stranger.token });
    expect(nosy.errors).toBeUndefined();
    expect(nosy.data?.user?.sessions).toBeNull();
  });

  it('endSession ends the session named (a lost phone) and nothing else; another person\'s session id is NOT_FOUND', async () => {
    const ended = await test.client.request(EndSessionDocument, { id: phone.sessionId }, { token: person.token });
    expect(ended.data?.endSession).toBe(true);
    expectRefused(await me(phone.token), 'TOKEN_REVOKED');
    await expectWorks(person.token, person, 'the session that ended the phone');

    const stranger = await signUp(test.client, 'meddler');
    const meddling = await test.client.request(EndSessionDocument, { id: person.sessionId }, { token: stranger.token });
    expect(errorCodes(meddling)).toEqual(['NOT_FOUND']);
    await expectWorks(person.token, person, 'after a stranger tried to end it');
  });

  it('pushes out the least recently used session beyond MAX_SESSIONS_PER_USER (3)', async () => {
    const third = await logIn(test, person);
    await expectWorks(person.token, person, 'the first, with 3 sessions');
    const fourth = await logIn(test, person);
    expectRefused(await me(person.token), 'TOKEN_REVOKED', 'the oldest, pushed out');
    for (const [session, what] of [[phone, 'phone'], [third, 'third'], [fourth, 'fourth']] as const) await expectWorks(session.token, person, what);
    expect((await sessionCount(person)).live).toBe(3);
  });
});

describe('changePassword', () => {
  const change = (token: string, currentPassword: string, newPassword: string) =>
    test.client.request(ChangePasswordDocument, { currentPassword, newPassword }, { token });

  it('changes it, ends every other session at once, and keeps this one', async () => {
    const person = await signUp(test.client, 'newpw');
    const laptop = await logIn(test, person);
    const result = await change(person.token, PASSWORD, 'a much better passphrase');
    expect(result.errors).toBeUndefined();
    expect(result.data?.changePassword).toBe(true);
    expectRefused(await me(laptop.token), 'TOKEN_REVOKED', 'the other session');
    expectRefused(await refresh(laptop.refreshToken), 'TOKEN_REVOKED', "the other session's refresh token");
    await expectWorks(person.token, person, 'the session that changed it');
    expect((await refresh(person.refreshToken)).errors).toBeUndefined();
    const old = await test.client.request(LogInDocument, { input: { handle: person.handle, password: PASSWORD } });
    expectRefused(old, 'WRONG_CREDENTIALS', 'the old password');
    const fresh = await test.client.request(LogInDocument, { input: { handle: person.handle, password: 'a much better passphrase' } });
    expect(fresh.errors).toBeUndefined();
  });

  it.each([
    ['a wrong current password', 'not my password at all', 'something new and long', 'UNAUTHENTICATED', undefined],
    ['a new password that is too short', PASSWORD, 'short', 'BAD_USER_INPUT', 'newPassword'],
    ['the same password again', PASSWORD, PASSWORD, 'BAD_USER_INPUT', 'newPassword'],
  ])('refuses %s and changes nothing, ending no session', async (_name, current, next, code, field) => {
    const person = await signUp(test.client, 'keeppw');
    const laptop = await logIn(test, person);
    const result = await change(person.token, current, next);
    expect(errorCodes(result)).toEqual([code]);
    if (field) expect(result.errors![0]!.extensions!.field).toBe(field);
    else expect(result.errors![0]!.extensions!.reason).toBe('WRONG_CREDENTIALS');
    await expectWorks(laptop.token, person, 'the other session');
    expect((await test.client.request(LogInDocument, { input: { handle: person.handle, password: PASSWORD } })).errors).toBeUndefined();
  });
});

describe('suspension', () => {
  it('ends every session: refreshing says ACCOUNT_CLOSED, and after reinstatement the person logs in again', async () => {
    const person = await signUp(test.client, 'suspended');
    const safety = test.server.app.tokens.issueForService(Role.TRUST_AND_SAFETY, 600).token;
    const suspended = await test.client.request(AcctSuspendUserDocument, { handle: person.handle, reason: 'spam' }, { token: safety });
    expect(suspended.errors).toBeUndefined();
    expectRefused(await me(person.token), 'ACCOUNT_CLOSED');
    expectRefused(await refresh(person.refreshToken), 'ACCOUNT_CLOSED');
    await test.client.request(AcctReinstateUserDocument, { handle: person.handle }, { token: safety });
    expectRefused(await refresh(person.refreshToken), 'TOKEN_REVOKED', 'the old session stays ended');
    expectRefused(await me(person.token), 'TOKEN_REVOKED', 'the old access token');
    await expectWorks((await logIn(test, person)).token, person, 'a new log-in');
  });
});

describe('renewLiveConnection over HTTP', () => {
  it('is refused with FORBIDDEN: it is for WebSocket connections', async () => {
    const person = await signUp(test.client, 'renewhttp');
    const result = await test.client.request(RenewLiveConnectionDocument, { token: person.token }, { token: person.token });
    expect(errorCodes(result)).toEqual(['FORBIDDEN']);
    expect(result.errors![0]!.message).toMatch(/WebSocket/);
  });
});

describe('sweeping', () => {
  it('deletes sessions a day past their refresh lifetime with their tokens, and keeps the rest', async () => {
    const person = await signUp(test.client, 'swept');
    const kept = await logIn(test, person);
    await test.database.forRequest().write((q) =>
      q.rows("MATCH (s:Session {id: $id}) SET s.expiresAt = datetime() - duration('P2D')", { id: person.sessionId }),
    );
    await sweepFinishedSessions(test.database.forRequest());
    const left = await test.database.forRequest().read((q) =>
      q.rows<{ id: string; tokens: number }>(
        'MATCH (:User {id: $id})-[:HAS_SESSION]->(s:Session) RETURN s.id AS id, COUNT { (s)-[:ISSUED]->() } AS tokens',
        { id: person.id },
      ),
    );
    expect(left).toEqual([{ id: kept.sessionId, tokens: 1 }]);
    const orphans = await test.database.forRequest().read((q) => q.one<{ n: number }>('MATCH (t:RefreshToken) WHERE NOT (t)<-[:ISSUED]-() RETURN count(t) AS n'));
    expect(orphans!.n).toBe(0);
    expectRefused(await refresh(person.refreshToken), 'TOKEN_MALFORMED', 'a swept session');
  });
});
