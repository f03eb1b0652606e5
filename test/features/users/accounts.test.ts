/**
 * Accounts and tokens: deleting your own account (deleteMyAccount(password)), suspension and
 * reinstatement by trust and safety, tokens of closed accounts refused at once — over HTTP,
 * over WebSocket (open connections closed with 4403), on a server started later, and on the
 * other instances sharing REDIS_URL — key rotation (JWT_SECRET comma-separated: the first
 * signs, all verify), the clock tolerance (5 s), and sockets closed when their token runs out.
 */
import { randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../../src/auth/roles.js';
import { keyIdOf } from '../../../src/auth/tokens.js';
import {
  AcctDeleteMyAccountDocument,
  AcctMeDocument,
  AcctReinstateUserDocument,
  AcctSuspendUserDocument,
  AcctUserDocument,
  LogInDocument,
  RecordCreditScoreDocument,
  SetMemberRoleDocument,
  SignUpDocument,
  WatchPostAddedDocument,
} from '../../generated/graphql.js';
import { foundCircle, joinCircle, writePost } from '../../helpers/circles.js';
import { errorCodes } from '../../helpers/client.js';
import { PASSWORD, serviceToken, signUp, type Person, personFrom } from '../../helpers/people.js';
import { redisOrWarn, startInstalledRedis, type TestRedis } from '../../helpers/redis.js';
import { serverForTests, startTestServer, TEST_JWT_SECRET, type TestServer } from '../../helpers/server.js';
import { socketsPerTest, subscribe } from '../../helpers/subscriptions.js';
import { sleep, tag } from '../../helpers/util.js';
import { signToken } from '../../helpers/tokens.js';

const REDIS_AVAILABLE = redisOrWarn([
  'SKIPPING the multi-instance account tests in test/features/users/accounts.test.ts:',
  'redis-server is not installed, so nothing here proves that suspending an',
  'account on one instance refuses its token and closes its sockets on others.',
]);

const test = serverForTests();
const sockets = socketsPerTest();
let trustAndSafety: string;

beforeAll(() => {
  trustAndSafety = test.server.app.tokens.issueForService(Role.TRUST_AND_SAFETY, 3600).token;
});

// ---------------------------------------------------------------------------------------

/** How things stand in the graph for one account. */
async function graphOf(target: TestServer, userId: string) {
  const row = await target.database.forRequest().read((q) =>
    q.one<{ users: number; posts: number; records: number; tombstones: number; closedAt: unknown }>(
      `RETURN COUNT { MATCH (u:User {id: $userId}) } AS users,
              COUNT { MATCH (p:Post) WHERE p.authorId = $userId } AS posts,
              COUNT { MATCH (r:CreditScoreRecord {userId: $userId}) } AS records,
              COUNT { MATCH (c:ClosedAccount {id: $userId}) } AS tombstones,
              head(COLLECT { MATCH (c:ClosedAccount {id: $userId}) RETURN c.closedAt }) AS closedAt`,
      { userId },
    ),
  );
  return row!;
}

async function circleExists(target: TestServer, slug: string): Promise<boolean> {
  const row = await target.database.forRequest().read((q) => q.one<{ n: number }>('RETURN COUNT { MATCH (c:Circle {slug: $slug}) } AS n', { slug }));
  return row!.n > 0;
}

async function postExists(target: TestServer, id: string): Promise<boolean> {
  const row = await target.database.forRequest().read((q) => q.one<{ n: number }>('RETURN COUNT { MATCH (p:Post {id: $id}) } AS n', { id }));
  return row!.n > 0;
}

const me = (target: TestServer, token: string) => target.client.request(AcctMeDocument, {}, { token });
const logIn = (target: TestServer, handle: string, password = PASSWORD) => target.client.request(LogInDocument, { input: { handle, password } });

async function expectRefused(target: TestServer, token: string, what: string): Promise<void> {
  const result = await me(target, token);
  expect(errorCodes(result), `${what}: ${JSON.stringify(result.errors)}`).toEqual(['UNAUTHENTICATED']);
  expect(result.data?.me ?? null, what).toBeNull();
}

async function expectAccepted(target: TestServer, token: string, person: Person, what: string): Promise<void> {
  const result = await me(target, token);
  expect(result.errors, `${what}: ${JSON.stringify(result.errors)}`).toBeUndefined();
  expect(result.data?.me?.id, what).toBe(person.id);
}

/** A live connection with a running subscription; `closed` resolves with the close code. */
async function liveConnection(target: TestServer, token: string, circleSlug: string) {
  let onClosed!: (code: number) => void;
  const closed = new Promise<number>((resolve) => (onClosed = resolve));
  let acknowledged = false;
  const client = sockets.connect(target, token, (code) => onClosed(code));
  client.on('connected', () => (acknowledged = true));
  const live = subscribe(client, WatchPostAddedDocument, { circleSlug });
  // Wait for the acknowledgement, or an early close.
  const deadline = Date.now() + 5000;
  let early: number | undefined;
  void closed.then((code) => (early = code));
  while (!acknowledged && early === undefined && Date.now() < deadline) await sleep(10);
  return { client, live, closed, acknowledged: () => acknowledged, closeCode: () => early };
}

/** A JWT signed here, as another system (or an older server) would. */
const sign = (claims: Record<string, unknown>, options: jwt.SignOptions, secret = TEST_JWT_SECRET) =>
  signToken(claims, { issuer: 'quanzi', audience: 'quanzi-api', ...options }, secret);

// ---------------------------------------------------------------------------------------

describe('deleteMyAccount(password)', () => {
  it('deletes the account with its posts and credit records, leaves a tombstone, and refuses its tokens at once', async () => {
    const person = await signUp(test.client, 'acctdel');
    const neighbour = await signUp(test.client, 'acctneigh');
    // A circle only they are in, and someone else's circle they post in.
    const ownCircle = await foundCircle(test, person, 'acct');
    const sharedCircle = await foundCircle(test, neighbour, 'acct');
    await joinCircle(test, person, sharedCircle);
    const ownPost = (await writePost(test, person, ownCircle)).id;
    const sharedPost = (await writePost(test, person, sharedCircle)).id;
    const neighbourPost = (await writePost(test, neighbour, sharedCircle)).id;
    const bureau = serviceToken(test, Role.CREDIT_BUREAU);
    for (const [score, observedAt] of [[640, '2026-01-01T00:00:00Z'], [720, '2026-02-01T00:00:00Z']] as const) {
      const recorded = await test.client.request(RecordCreditScoreDocument, { handle: person.handle, score, source: 'acct-test-bureau', observedAt }, { token: bureau });
      expect(recorded.errors).toBeUndefined();
    }
    const second = (await logIn(test, person.handle)).data!.logIn.token;
    expect(await graphOf(test, person.id)).toMatchObject({ users: 1, posts: 2, records: 2, tombstones: 0 });

    const deleted = await test.client.request(AcctDeleteMyAccountDocument, { password: PASSWORD }, { token: person.token });
    expect(deleted.errors).toBeUndefined();
    expect(deleted.data?.deleteMyAccount).toBe(true);

    const after = await graphOf(test, person.id);
    expect(after).toMatchObject({ users: 0, posts: 0, records: 0, tombstones: 1 });
    expect(after.closedAt).toBeTruthy();
    expect(await postExists(test, ownPost)).toBe(false);
    expect(await postExists(test, sharedPost)).toBe(false);
    // What is not theirs stays: the other circle and the neighbour's post.
    expect(await circleExists(test, ownCircle)).toBe(false);
    expect(await circleExists(test, sharedCircle)).toBe(true);
    expect(await postExists(test, neighbourPost)).toBe(true);

    // Every token of the account is refused at once, not only the one that deleted it.
    await expectRefused(test, person.token, 'the deleting token');
    await expectRefused(test, second, 'another token of the account');
    const refusal = await me(test, second);
    expect(refusal.errors![0]!.message).toMatch(/closed or suspended/);
    // And so is logging in.
    const login = await logIn(test, person.handle);
    expect(errorCodes(login)).toEqual(['UNAUTHENTICATED']);
    expect(login.data ?? null).toBeNull();
    // Others no longer find the person.
    const looked = await test.client.request(AcctUserDocument, { handle: person.handle }, { token: neighbour.token });
    expect(looked.data?.user).toBeNull();
  });

  it('frees the handle for a new account, which is a different person: the old tokens stay refused', async () => {
    const person = await signUp(test.client, 'accthandle');
    expect((await test.client.request(AcctDeleteMyAccountDocument, { password: PASSWORD }, { token: person.token })).data?.deleteMyAccount).toBe(true);
    const again = await test.client.request(SignUpDocument, { input: { handle: person.handle, realName: 'Someone New', password: `${PASSWORD} 2` } });
    expect(again.errors).toBeUndefined();
    const newcomer = personFrom(again.data!.signUp);
    expect(newcomer.id).not.toBe(person.id);
    await expectAccepted(test, newcomer.token, newcomer, 'the new account');
    await expectRefused(test, person.token, 'the deleted account’s token');
    // The old password does not open the new account.
    expect(errorCodes(await logIn(test, person.handle, PASSWORD))).toEqual(['UNAUTHENTICATED']);
  });

  it('keeps refusing the token on a server started later (the tombstone is read at start-up)', async () => {
    const person = await signUp(test.client, 'acctlater');
    expect((await test.client.request(AcctDeleteMyAccountDocument, { password: PASSWORD }, { token: person.token })).errors).toBeUndefined();
    const later = await startTestServer();
    try {
      await expectRefused(later, person.token, 'a server started after the deletion');
    } finally {
      await later.close();
    }
  });

  it('refuses with CONFLICT while they are the only owner of a circle others are in, and deletes nothing', async () => {
    const owner = await signUp(test.client, 'acctowner');
    const member = await signUp(test.client, 'acctmember');
    const slug = await foundCircle(test, owner, 'acct');
    await joinCircle(test, member, slug);
    const ownerPost = (await writePost(test, owner, slug)).id;

    const refused = await test.client.request(AcctDeleteMyAccountDocument, { password: PASSWORD }, { token: owner.token });
    expect(errorCodes(refused)).toEqual(['CONFLICT']);
    expect(refused.errors![0]!.message).toMatch(/only owner/);
    expect(refused.errors![0]!.message).toContain(`Acct ${slug}`);
    expect(refused.data ?? null).toBeNull();
    expect(await graphOf(test, owner.id)).toMatchObject({ users: 1, posts: 1, tombstones: 0 });
    expect(await postExists(test, ownerPost)).toBe(true);
    expect(await circleExists(test, slug)).toBe(true);
    await expectAccepted(test, owner.token, owner, 'the owner after the refusal');

    // The control: once another member owns it too, the account goes.
    const promoted = await test.client.request(SetMemberRoleDocument, { circleSlug: slug, handle: member.handle, role: 'OWNER' }, { token: owner.token });
    expect(promoted.errors).toBeUndefined();
    const deleted = await test.client.request(AcctDeleteMyAccountDocument, { password: PASSWORD }, { token: owner.token });
    expect(deleted.data?.deleteMyAccount).toBe(true);
    expect(await circleExists(test, slug)).toBe(true);
    expect(await postExists(test, ownerPost)).toBe(false);
  });

  it('deletes nothing with a wrong password', async () => {
    const person = await signUp(test.client, 'acctwrong');
    const slug = await foundCircle(test, person, 'acct');
    const postId = (await writePost(test, person, slug)).id;
    const refused = await test.client.request(AcctDeleteMyAccountDocument, { password: 'not my password at all' }, { token: person.token });
    expect(errorCodes(refused)).toEqual(['UNAUTHENTICATED']);
    expect(refused.errors![0]!.message).toMatch(/nothing was deleted/);
    expect(await graphOf(test, person.id)).toMatchObject({ users: 1, posts: 1, tombstones: 0 });
    expect(await postExists(test, postId)).toBe(true);
    await expectAccepted(test, person.token, person, 'after a wrong password');
  });

  it('needs a signed-in person: anonymous and service tokens delete nothing', async () => {
    const anonymous = await test.client.request(AcctDeleteMyAccountDocument, { password: PASSWORD });
    expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);
    const service = await test.client.request(AcctDeleteMyAccountDocument, { password: PASSWORD }, { token: trustAndSafety });
    expect(errorCodes(service)).toEqual(['FORBIDDEN']);
  });

  it('closes the live WebSocket connections of the account with 4403', async () => {
    const person = await signUp(test.client, 'acctdelws');
    const slug = await foundCircle(test, person, 'acct');
    const connection = await liveConnection(test, person.token, slug);
    expect(connection.acknowledged()).toBe(true);
    expect((await test.client.request(AcctDeleteMyAccountDocument, { password: PASSWORD }, { token: person.token })).errors).toBeUndefined();
    const code = await Promise.race([connection.closed, sleep(5000).then(() => 'still open')]);
    expect(code).toBe(4403);
  });

  it('refuses a new WebSocket connection with a deleted account’s token (4403)', async () => {
    const person = await signUp(test.client, 'acctdelws2');
    const slug = await foundCircle(test, person, 'acct');
    expect((await test.client.request(AcctDeleteMyAccountDocument, { password: PASSWORD }, { token: person.token })).errors).toBeUndefined();
    const connection = await liveConnection(test, person.token, slug);
    expect(connection.acknowledged(), 'the connection was acknowledged').toBe(false);
    expect(connection.closeCode()).toBe(4403);
  });
});

describe('suspendUser(handle, reason) and reinstateUser(handle)', () => {
  it('are for trust and safety only', async () => {
    const target = await signUp(test.client, 'acctsusp0');
    const someone = await signUp(test.client, 'acctsusp1');
    const bureau = serviceToken(test, Role.CREDIT_BUREAU);
    for (const [who, token] of [['a person', someone.token], ['the credit bureau', bureau]] as const) {
      const suspended = await test.client.request(AcctSuspendUserDocument, { handle: target.handle, reason: 'spam' }, { token });
      expect(errorCodes(suspended), who).toEqual(['FORBIDDEN']);
      const reinstated = await test.client.request(AcctReinstateUserDocument, { handle: target.handle }, { token });
      expect(errorCodes(reinstated), who).toEqual(['FORBIDDEN']);
    }
    expect(errorCodes(await test.client.request(AcctSuspendUserDocument, { handle: target.handle, reason: 'spam' }))).toEqual(['UNAUTHENTICATED']);
    await expectAccepted(test, target.token, target, 'the target, untouched');
  });

  it("refuses a suspended account's tokens at once; log-in says it is suspended only to someone with the password", async () => {
    const person = await signUp(test.client, 'acctsusp');
    const second = (await logIn(test, person.handle)).data!.logIn.token;
    const suspended = await test.client.request(AcctSuspendUserDocument, { handle: person.handle, reason: 'Spamming circles' }, { token: trustAndSafety });
    expect(suspended.errors).toBeUndefined();
    expect(suspended.data?.suspendUser).toMatchObject({ id: person.id, suspended: true });

    await expectRefused(test, person.token, 'the token in use');
    await expectRefused(test, second, 'another token');
    const login = await logIn(test, person.handle);
    expect(errorCodes(login)).toEqual(['UNAUTHENTICATED']);
    expect(login.errors![0]!.message).toMatch(/suspended/);
    const guess = await logIn(test, person.handle, 'a wrong guess here');
    expect(errorCodes(guess)).toEqual(['UNAUTHENTICATED']);
    expect(guess.errors![0]!.message).not.toMatch(/suspended/);
    // Nothing is deleted: others still see the account, marked suspended.
    const viewer = await signUp(test.client, 'acctviewer');
    const seen = await test.client.request(AcctUserDocument, { handle: person.handle }, { token: viewer.token });
    expect(seen.data?.user).toMatchObject({ id: person.id, suspended: true });
  });

  it('reinstating lets the password work again; the sessions the suspension ended stay ended', async () => {
    const person = await signUp(test.client, 'acctreinst');
    expect((await test.client.request(AcctSuspendUserDocument, { handle: person.handle, reason: 'mistake' }, { token: trustAndSafety })).errors).toBeUndefined();
    await expectRefused(test, person.token, 'while suspended');
    const reinstated = await test.client.request(AcctReinstateUserDocument, { handle: person.handle }, { token: trustAndSafety });
    expect(reinstated.data?.reinstateUser).toMatchObject({ id: person.id, suspended: false });
    await expectRefused(test, person.token, 'the old session, after reinstatement');
    const again = (await logIn(test, person.handle)).data!.logIn;
    await expectAccepted(test, again.token, person, 'a new log-in after reinstatement');
  });

  it('closes the live WebSocket connections of a suspended account with 4403', async () => {
    const person = await signUp(test.client, 'acctsuspws');
    const slug = await foundCircle(test, person, 'acct');
    const connection = await liveConnection(test, person.token, slug);
    expect(connection.acknowledged()).toBe(true);
    expect((await test.client.request(AcctSuspendUserDocument, { handle: person.handle, reason: 'ws test' }, { token: trustAndSafety })).errors).toBeUndefined();
    const code = await Promise.race([connection.closed, sleep(5000).then(() => 'still open')]);
    expect(code).toBe(4403);
  });

  it('refuses a new WebSocket connection with a suspended account’s token (4403)', async () => {
    const person = await signUp(test.client, 'acctsuspws2');
    const slug = await foundCircle(test, person, 'acct');
    expect((await test.client.request(AcctSuspendUserDocument, { handle: person.handle, reason: 'ws test' }, { token: trustAndSafety })).errors).toBeUndefined();
    const connection = await liveConnection(test, person.token, slug);
    expect(connection.acknowledged(), 'the connection was acknowledged').toBe(false);
    expect(connection.closeCode()).toBe(4403);
  });
  it('lets a suspended account do nothing over WebSocket: no post written through a new connection', async () => {
    const person = await signUp(test.client, 'acctsuspws3');
    const slug = await foundCircle(test, person, 'acct');
    expect((await test.client.request(AcctSuspendUserDocument, { handle: person.handle, reason: 'ws post' }, { token: trustAndSafety })).errors).toBeUndefined();
    const body = `written while suspended ${tag()}`;
    const client = sockets.connect(test, person.token);
    const outcome = await new Promise<string>((resolve) => {
      const timer = setTimeout(() => resolve('timeout'), 5000);
      client.subscribe(
        { query: 'mutation P($input: CreatePostInput!) { createPost(input: $input) { id } }', variables: { input: { circleSlug: slug, body } } },
        {
          next: (result) => void (result.errors ? resolve(`errors ${JSON.stringify(result.errors)}`) : resolve('posted')),
          error: () => (clearTimeout(timer), resolve('refused')),
          complete: () => clearTimeout(timer),
        },
      );
    });
    const row = await test.database.forRequest().read((q) => q.one<{ n: number }>('RETURN COUNT { MATCH (p:Post {body: $body}) } AS n', { body }));
    expect(row!.n, `outcome over WebSocket: ${outcome}`).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------

describe('key rotation (JWT_SECRET: the first signs, every listed one verifies)', () => {
  const NEW = randomBytes(32).toString('hex');
  const OLD = randomBytes(32).toString('hex');
  let rotating: TestServer;
  let retired: TestServer;
  let person: Person;

  beforeAll(async () => {
    [rotating, retired] = await Promise.all([startTestServer({ JWT_SECRET: `${NEW},${OLD}` }), startTestServer({ JWT_SECRET: NEW })]);
    person = await signUp(rotating.client, 'acctkeys');
  });
  afterAll(async () => {
    await Promise.all([rotating?.close(), retired?.close()]);
  });

  const oldToken = () => sign({ roles: ['USER'] }, { subject: person.id, expiresIn: 600 }, OLD);

  it('signs new tokens with the first secret, naming it in kid', () => {
    const header = jwt.decode(person.token, { complete: true })!.header;
    expect(header.kid).toBe(keyIdOf(NEW));
    expect(header.alg).toBe('HS256');
    expect(() => jwt.verify(person.token, NEW, { algorithms: ['HS256'] })).not.toThrow();
    expect(() => jwt.verify(person.token, OLD, { algorithms: ['HS256'] })).toThrow();
  });

  it('still accepts a token signed with the older, listed secret, over HTTP and WebSocket', async () => {
    await expectAccepted(rotating, oldToken(), person, 'HTTP');
    const slug = await foundCircle(rotating, person, 'acct');
    const connection = await liveConnection(rotating, oldToken(), slug);
    expect(connection.acknowledged()).toBe(true);
  });

  it('refuses a token signed with a retired secret that is no longer listed, over HTTP and WebSocket', async () => {
    await expectRefused(retired, oldToken(), 'HTTP');
    const refusal = await me(retired, oldToken());
    expect(refusal.errors![0]!.message).toMatch(/not valid here/);
    const connection = await liveConnection(retired, oldToken(), 'any-circle');
    expect(connection.acknowledged()).toBe(false);
    expect(connection.closeCode()).toBe(4403);
    // While tokens from the current secret work there.
    await expectAccepted(retired, person.token, person, 'a token of the current secret');
  });

  it('refuses a token signed with the old secret that claims the new key id', async () => {
    const forged = jwt.sign({ roles: ['USER'] }, OLD, { algorithm: 'HS256', keyid: keyIdOf(NEW), subject: person.id, issuer: 'quanzi', audience: 'quanzi-api', expiresIn: 600 });
    await expectRefused(rotating, forged, 'kid of NEW, signature of OLD');
  });
});

describe('clock tolerance (5 s)', () => {
  let person: Person;
  beforeAll(async () => {
    person = await signUp(test.client, 'acctclock');
  });
  const now = () => Math.floor(Date.now() / 1000);

  it('accepts a token that expired 2 s ago and one valid from 2 s ahead (clocks that disagree a little)', async () => {
    await expectAccepted(test, sign({ roles: ['USER'], exp: now() - 2 }, { subject: person.id }), person, 'exp 2 s ago');
    await expectAccepted(test, sign({ roles: ['USER'], nbf: now() + 2 }, { subject: person.id, expiresIn: 600 }), person, 'nbf 2 s ahead');
  });

  it('refuses a token that expired 30 s ago, and one valid only from 30 s ahead', async () => {
    const expired = sign({ roles: ['USER'], exp: now() - 30 }, { subject: person.id });
    await expectRefused(test, expired, 'exp 30 s ago');
    expect((await me(test, expired)).errors![0]!.message).toMatch(/expired/);
    await expectRefused(test, sign({ roles: ['USER'], nbf: now() + 30 }, { subject: person.id, expiresIn: 600 }), 'nbf 30 s ahead');
  });
});

describe('a WebSocket connection lives no longer than its token', () => {
  it('is closed with 4403 when its token runs out, while one with a longer token stays open', async () => {
    const person = await signUp(test.client, 'acctexpiry');
    const slug = await foundCircle(test, person, 'acct');
    const exp = Math.floor(Date.now() / 1000) + 3;
    const short = sign({ roles: ['USER'], exp }, { subject: person.id });
    const connected = Date.now();
    const shortLived = await liveConnection(test, short, slug);
    const longLived = await liveConnection(test, person.token, slug);
    expect(shortLived.acknowledged()).toBe(true);
    expect(longLived.acknowledged()).toBe(true);

    const code = await Promise.race([shortLived.closed, sleep(10_000).then(() => 'still open')]);
    const closedAt = Date.now();
    expect(code).toBe(4403);
    // Closed when the token ran out, not when it was presented.
    expect(closedAt).toBeGreaterThanOrEqual(exp * 1000 - 100);
    expect(closedAt - connected).toBeGreaterThan(1000);
    expect(closedAt - exp * 1000).toBeLessThan(3000);
    expect(longLived.closeCode()).toBeUndefined();
    // The long-lived connection still hears posts.
    await writePost(test, person, slug, 'after the short token ran out');
    const event = await longLived.live.next(5000);
    expect(event.postAdded.body).toBe('after the short token ran out');
  }, 20_000);
});

// ---------------------------------------------------------------------------------------

// These fail intermittently (about one run in three) while an instance's Redis subscription to
// account changes can be lost at start-up (ioredis issue #2037: SUBSCRIBE sent during the
// connection handshake). `redis-cli PUBSUB NUMSUB account-changes` then shows fewer subscribers
// than instances.
describe.skipIf(!REDIS_AVAILABLE)('closing an account reaches every instance sharing REDIS_URL', () => {
  let redis: TestRedis;
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    redis = await startInstalledRedis();
    [a, b] = await Promise.all([startTestServer({ REDIS_URL: redis.url }), startTestServer({ REDIS_URL: redis.url })]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await redis?.stop();
  });

  it('suspending on one instance refuses the token and closes the sockets on the other', async () => {
    const person = await signUp(a.client, 'acctmulti');
    const slug = await foundCircle(a, person, 'acct');
    const connection = await liveConnection(b, person.token, slug);
    expect(connection.acknowledged()).toBe(true);
    await expectAccepted(b, person.token, person, 'before');
    const ts = a.server.app.tokens.issueForService(Role.TRUST_AND_SAFETY, 600).token;
    expect((await a.client.request(AcctSuspendUserDocument, { handle: person.handle, reason: 'multi' }, { token: ts })).errors).toBeUndefined();
    const code = await Promise.race([connection.closed, sleep(5000).then(() => 'still open')]);
    expect(code).toBe(4403);
    await expectRefused(b, person.token, 'on the other instance');
    // Reinstated on B: A accepts a new log-in's token, and still refuses the ended session's.
    expect((await b.client.request(AcctReinstateUserDocument, { handle: person.handle }, { token: ts })).errors).toBeUndefined();
    const fresh = (await logIn(b, person.handle)).data!.logIn.token;
    const deadline = Date.now() + 3000;
    let result = await me(a, fresh);
    while (result.errors && Date.now() < deadline) {
      await sleep(50);
      result = await me(a, fresh);
    }
    expect(result.data?.me?.id).toBe(person.id);
    expect((await me(a, person.token)).errors?.[0]?.extensions?.reason).toBe('TOKEN_REVOKED');
  });

  it('deleting on one instance refuses the token on the other', async () => {
    const person = await signUp(a.client, 'acctmultidel');
    await expectAccepted(b, person.token, person, 'before');
    expect((await a.client.request(AcctDeleteMyAccountDocument, { password: PASSWORD }, { token: person.token })).errors).toBeUndefined();
    const deadline = Date.now() + 3000;
    let result = await me(b, person.token);
    while (!result.errors && Date.now() < deadline) {
      await sleep(50);
      result = await me(b, person.token);
    }
    expect(errorCodes(result)).toEqual(['UNAUTHENTICATED']);
  });
});
