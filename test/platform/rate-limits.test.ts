/**
 * Rate limits on what attackers repeat: log-ins per client address and failed passwords per
 * handle and address (brute force), sign-ups and session refreshes per address, posts, edits and founded circles per person — answered with RATE_LIMITED
 * and `extensions.retryAfterSeconds`. Counted in memory on one instance, in Redis with
 * REDIS_URL (two instances share one budget), and per instance again while Redis is away.
 * Behind proxies (TRUST_PROXY) the address is the one the proxies saw, never one the client
 * wrote. Then the WebSocket limits: connection-init timeout (4408), subscriptions per
 * connection (RATE_LIMITED), connections per person (4429), sockets waiting to authenticate
 * per address (429 on the upgrade).
 *
 * testConfig raises every limit for ordinary tests; each server here sets small ones. With
 * TRUST_PROXY=true the client address comes from X-Forwarded-For, so each test counts on an
 * address of its own.
 */
import { randomBytes } from 'node:crypto';
import type { GraphQLFormattedError } from 'graphql';
import type { Client } from 'graphql-ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CreateCircleDocument, CreatePostDocument, EditPostDocument, LogInDocument, RefreshSessionDocument, SignUpDocument } from '../generated/graphql.js';
import { foundCircle, joinCircle, writePost } from '../helpers/circles.js';
import { errorCodes, type Result } from '../helpers/client.js';
import { countUsers, PASSWORD, signUp, uniqueHandle, type Person, personFrom } from '../helpers/people.js';
import { redisOrWarn, startInstalledRedis, type TestRedis } from '../helpers/redis.js';
import { serverForTests, startTestServer, type TestServer } from '../helpers/server.js';
import { socketsPerTest } from '../helpers/subscriptions.js';
import { sleep, tag } from '../helpers/util.js';

const REDIS_AVAILABLE = redisOrWarn([
  'SKIPPING the shared (Redis) rate-limit tests in test/platform/rate-limits.test.ts:',
  'redis-server is not installed, so nothing here proves that two instances',
  'share one budget, or that counting goes on while Redis is away.',
]);

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** An address no other test counts on (TRUST_PROXY servers read it from X-Forwarded-For). */
const newAddress = () => `10.${[...randomBytes(3)].join('.')}`;
const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });

const logIn = (target: TestServer, handle: string, password: string, address?: string) =>
  target.client.request(LogInDocument, { input: { handle, password } }, address ? from(address) : {});

/** RATE_LIMITED, with a whole number of seconds to wait within (min, max], and no data. */
function expectRateLimited(result: Result<unknown>, minSeconds: number, maxSeconds: number, message: RegExp): void {
  expect(errorCodes(result), JSON.stringify(result.errors)).toEqual(['RATE_LIMITED']);
  const error = result.errors![0]!;
  const retry = error.extensions?.retryAfterSeconds as number;
  expect(Number.isInteger(retry), `retryAfterSeconds: ${retry}`).toBe(true);
  expect(retry).toBeGreaterThan(minSeconds);
  expect(retry).toBeLessThanOrEqual(maxSeconds);
  expect(error.message).toMatch(message);
  expect(result.data ?? null).toBeNull();
}

function expectLoggedIn(result: Result<{ logIn: { user: { id: string } } }>, person: Person, what = ''): void {
  expect(result.errors, `${what} ${JSON.stringify(result.errors)}`).toBeUndefined();
  expect(result.data?.logIn.user.id).toBe(person.id);
}

async function postsBy(target: TestServer, person: Person): Promise<number> {
  const row = await target.database.forRequest().read((q) =>
    q.one<{ n: number }>('MATCH (:User {id: $id})-[:POSTED]->(p:Post) RETURN count(p) AS n', { id: person.id }),
  );
  return row!.n;
}

/** Signs up from an address of its own, so sign-up limits of other tests do not get in the way. */
async function signUpFrom(target: TestServer, prefix: string): Promise<Person> {
  const handle = uniqueHandle(prefix);
  const result = await target.client.request(SignUpDocument, { input: { handle, realName: 'Rate Tester', password: PASSWORD } }, from(newAddress()));
  expect(result.errors).toBeUndefined();
  return personFrom(result.data!.signUp);
}

const post = (target: TestServer, author: Person, circleSlug: string) =>
  target.client.request(CreatePostDocument, { input: { circleSlug, body: `rate ${tag()}` } }, { token: author.token });

// ---------------------------------------------------------------------------------------

describe('log-ins per client address (LOGINS_PER_ADDRESS_PER_MINUTE)', () => {
  const server = serverForTests({ LOGINS_PER_ADDRESS_PER_MINUTE: '3', TRUST_PROXY: 'true' });
  let person: Person;
  beforeAll(async () => {
    person = await signUp(server.client, 'ratelogin');
  });

  it('allows 3 attempts a minute from one address and refuses the 4th with RATE_LIMITED and retryAfterSeconds', async () => {
    const address = newAddress();
    for (const i of [1, 2, 3]) expectLoggedIn(await logIn(server, person.handle, PASSWORD, address), person, `attempt ${i}`);
    const refused = await logIn(server, person.handle, PASSWORD, address);
    expectRateLimited(refused, 0, 60, /Too many log-in attempts from your address; try again in \d+ s\./);
    // Other addresses have budgets of their own.
    expectLoggedIn(await logIn(server, person.handle, PASSWORD, newAddress()), person, 'another address');
  });

  it('counts failed attempts too, whatever the handle', async () => {
    const address = newAddress();
    expect(errorCodes(await logIn(server, person.handle, 'wrong password', address))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await logIn(server, uniqueHandle('nobody'), PASSWORD, address))).toEqual(['UNAUTHENTICATED']);
    expectLoggedIn(await logIn(server, person.handle, PASSWORD, address), person);
    expectRateLimited(await logIn(server, person.handle, PASSWORD, address), 0, 60, /log-in attempts/);
  });

  it('ignores X-Forwarded-For without TRUST_PROXY, so a forged header escapes nothing', async () => {
    const direct = await startTestServer({ LOGINS_PER_ADDRESS_PER_MINUTE: '3' });
    try {
      for (const i of [1, 2, 3]) expectLoggedIn(await logIn(direct, person.handle, PASSWORD, newAddress()), person, `attempt ${i}`);
      expectRateLimited(await logIn(direct, person.handle, PASSWORD, newAddress()), 0, 60, /log-in attempts/);
    } finally {
      await direct.close();
    }
  });
});

describe.each([
  // The probe's own setting: one proxy, which appends the address it saw.
  { trustProxy: 'true', through: (written: string, client: string) => `${written}, ${client}` },
  // Two proxies of ours, named: the outer one (192.168.30.40) appends the client, the inner
  // one (loopback) appends the outer one. Clients here are 10.x, outside the list.
  { trustProxy: '127.0.0.1,192.168.0.0/16', through: (written: string, client: string) => `${written}, ${client}, 192.168.30.40` },
])('a client behind proxies cannot choose its address (TRUST_PROXY=$trustProxy, issue 12)', ({ trustProxy, through }) => {
  const server = serverForTests({ LOGINS_PER_ADDRESS_PER_MINUTE: '30', TRUST_PROXY: trustProxy });
  let person: Person;
  beforeAll(async () => {
    person = await signUp(server.client, 'rateproxy');
  });

  /** What each of 35 log-ins came to, the X-Forwarded-For of the i-th built by `forwardedFor`. */
  async function thirtyFiveLogIns(forwardedFor: (i: number) => string): Promise<string[]> {
    const outcomes: string[] = [];
    for (let i = 0; i < 35; i++) {
      const result = await logIn(server, person.handle, PASSWORD, forwardedFor(i));
      outcomes.push(result.errors ? errorCodes(result).join() : 'ok');
    }
    return outcomes;
  }
  const thirtyThenLimited = [...Array<string>(30).fill('ok'), ...Array<string>(5).fill('RATE_LIMITED')];

  it('limits 35 log-ins of one client that writes a new X-Forwarded-For each time: 30 pass, 5 are RATE_LIMITED', async () => {
    const client = newAddress();
    expect(await thirtyFiveLogIns(() => through(newAddress(), client))).toEqual(thirtyThenLimited);
    // The budget is the client's, not the proxy's: another client behind it logs in as ever.
    expectLoggedIn(await logIn(server, person.handle, PASSWORD, through(newAddress(), newAddress())), person, 'another client');
  });

  it('counts junk where the client address belongs as the proxy that passed it on, so rotating junk dodges nothing', async () => {
    expect(await thirtyFiveLogIns((i) => through(newAddress(), `unknown-${i}`))).toEqual(thirtyThenLimited);
  });
});

// Failed passwords per handle and address: test/features/auth/password-attempts.test.ts.

describe('sign-ups per client address (SIGNUPS_PER_ADDRESS_PER_HOUR)', () => {
  const server = serverForTests({ SIGNUPS_PER_ADDRESS_PER_HOUR: '2', TRUST_PROXY: 'true' });

  const signUpAt = (handle: string, address: string) =>
    server.client.request(SignUpDocument, { input: { handle, realName: 'Rate Limited', password: PASSWORD } }, from(address));

  it('allows 2 sign-ups an hour from one address, refuses the 3rd and creates nobody', async () => {
    const address = newAddress();
    for (const i of [1, 2]) {
      const result = await signUpAt(uniqueHandle('ratesign'), address);
      expect(result.errors, `sign-up ${i}`).toBeUndefined();
    }
    const handle = uniqueHandle('ratesign');
    const refused = await signUpAt(handle, address);
    expectRateLimited(refused, 3000, 3600, /Too many sign-ups from your address; try again in \d+ min\./);
    expect(await countUsers(server.database, handle)).toBe(0);
    // Another address signs up as ever.
    const elsewhere = await signUpAt(uniqueHandle('ratesign'), newAddress());
    expect(elsewhere.errors).toBeUndefined();
  });
});

describe('session refreshes per client address (REFRESHES_PER_ADDRESS_PER_MINUTE)', () => {
  const server = serverForTests({ REFRESHES_PER_ADDRESS_PER_MINUTE: '2', TRUST_PROXY: 'true' });

  const refresh = (refreshToken: string, address: string) => server.client.request(RefreshSessionDocument, { refreshToken }, from(address));

  it('allows 2 refreshes a minute from one address, refuses the 3rd without spending its token', async () => {
    const person = await signUpFrom(server, 'raterefresh');
    const address = newAddress();
    let refreshToken = person.refreshToken;
    for (const i of [1, 2]) {
      const result = await refresh(refreshToken, address);
      expect(result.errors, `refresh ${i}`).toBeUndefined();
      refreshToken = result.data!.refreshSession.refreshToken;
    }
    expectRateLimited(await refresh(refreshToken, address), 0, 60, /Too many session refreshes from your address; try again in \d+ s/);
    // The refused token was not spent: from another address it still renews the session.
    const elsewhere = await refresh(refreshToken, newAddress());
    expect(elsewhere.errors).toBeUndefined();
    expect(elsewhere.data!.refreshSession.sessionId).toBe(person.sessionId);
  });
});

describe('posts per person (POSTS_PER_USER_PER_MINUTE)', () => {
  const server = serverForTests({ POSTS_PER_USER_PER_MINUTE: '2' });
  let owner: Person;
  let circleSlug: string;
  const clients = socketsPerTest();
  beforeAll(async () => {
    owner = await signUp(server.client, 'rateowner');
    circleSlug = await foundCircle(server, owner, 'rate');
  });

  async function member(prefix: string): Promise<Person> {
    const person = await signUp(server.client, prefix);
    await joinCircle(server, person, circleSlug);
    return person;
  }

  it('allows 2 posts a minute, refuses the 3rd with RATE_LIMITED and writes nothing', async () => {
    const author = await member('rateauthor');
    for (const i of [1, 2]) expect((await post(server, author, circleSlug)).errors, `post ${i}`).toBeUndefined();
    const refused = await post(server, author, circleSlug);
    expectRateLimited(refused, 0, 60, /You are posting too fast; try again in \d+ s\./);
    expect(await postsBy(server, author)).toBe(2);
    // Someone else posts as ever.
    const other = await member('rateother');
    expect((await post(server, other, circleSlug)).errors).toBeUndefined();
  });

  it('counts posts over WebSocket against the same budget', async () => {
    const author = await member('ratews');
    for (const i of [1, 2]) expect((await post(server, author, circleSlug)).errors, `post ${i}`).toBeUndefined();
    const client = clients.connect(server, author.token);
    const errors: GraphQLFormattedError[] = [];
    for await (const result of client.iterate({
      query: 'mutation P($input: CreatePostInput!) { createPost(input: $input) { id } }',
      variables: { input: { circleSlug, body: `over ws ${tag()}` } },
    })) {
      errors.push(...(result.errors ?? []));
    }
    expect(errors.map((e) => e.extensions?.code)).toEqual(['RATE_LIMITED']);
    expect(errors[0]!.extensions?.retryAfterSeconds).toBeGreaterThan(0);
    expect(await postsBy(server, author)).toBe(2);
  });
});

describe('edits and founded circles per person, at the shipped defaults (issue 12)', () => {
  // An empty value is the default: 20 edits a minute (EDITS_PER_USER_PER_MINUTE), 5 circles
  // an hour (CIRCLES_PER_USER_PER_HOUR). Both were unlimited: 40 of 40 went through.
  const server = serverForTests({ EDITS_PER_USER_PER_MINUTE: '', CIRCLES_PER_USER_PER_HOUR: '' });
  let owner: Person;
  let circleSlug: string;
  beforeAll(async () => {
    owner = await signUp(server.client, 'rateeditowner');
    circleSlug = await foundCircle(server, owner, 'rateedit');
  });

  const edit = (author: Person, id: string, body: string) =>
    server.client.request(EditPostDocument, { input: { id, body } }, { token: author.token });
  const found = (founder: Person, slug: string) =>
    server.client.request(
      CreateCircleDocument,
      { input: { slug, name: `Rate ${slug}`, interestSlugs: ['tea-culture'] } },
      { token: founder.token },
    );
  const postInGraph = (id: string) =>
    server.database.forRequest().read((q) => q.one<{ body: string; editedAt: string }>('MATCH (p:Post {id: $id}) RETURN p.body AS body, toString(p.editedAt) AS editedAt', { id }));
  const circlesFoundedBy = (founder: Person) =>
    server.database.forRequest().read((q) =>
      q.rows<{ slug: string }>("MATCH (:User {id: $id})-[:MEMBER_OF {role: 'OWNER'}]->(c:Circle) RETURN c.slug AS slug ORDER BY slug", { id: founder.id }),
    );

  it('lets 20 of 40 edits in a minute through, refuses the rest with RATE_LIMITED, and a refused edit changes nothing', async () => {
    const author = await signUp(server.client, 'rateeditor');
    await joinCircle(server, author, circleSlug);
    const { id } = await writePost(server, author, circleSlug, 'first draft');
    const outcomes: string[] = [];
    for (const i of range(40)) {
      const result = await edit(author, id, `draft ${i + 1}`);
      outcomes.push(result.errors ? String(result.errors[0]!.extensions?.code) : 'edited');
      if (i === 20) expectRateLimited(result, 0, 60, /You are editing posts too fast; try again in \d+ s\./);
    }
    expect(outcomes).toEqual([...Array(20).fill('edited'), ...Array(20).fill('RATE_LIMITED')]);
    const before = await postInGraph(id);
    expect(before!.body).toBe('draft 20');
    expectRateLimited(await edit(author, id, 'one more'), 0, 60, /editing posts too fast/);
    expect(await postInGraph(id)).toEqual(before);
    // The budget is the person's: someone else edits as ever.
    const other = await signUp(server.client, 'rateeditother');
    await joinCircle(server, other, circleSlug);
    const theirs = await writePost(server, other, circleSlug);
    expect((await edit(other, theirs.id, 'fixed a typo')).errors).toBeUndefined();
  });

  it('lets 5 of 40 circles in an hour be founded, refuses the rest with RATE_LIMITED, and a refused one is not created', async () => {
    const founder = await signUp(server.client, 'ratefounder');
    const prefix = `ratecircle-${tag()}`;
    const slugs = range(40).map((i) => `${prefix}-${i}`);
    const outcomes: string[] = [];
    for (const [i, slug] of slugs.entries()) {
      const result = await found(founder, slug);
      outcomes.push(result.errors ? String(result.errors[0]!.extensions?.code) : 'founded');
      if (i === 5) expectRateLimited(result, 3000, 3600, /You have founded too many circles this hour; try again in \d+ min\./);
    }
    expect(outcomes).toEqual([...Array(5).fill('founded'), ...Array(35).fill('RATE_LIMITED')]);
    expect((await circlesFoundedBy(founder)).map((row) => row.slug)).toEqual(slugs.slice(0, 5).sort());
    const none = await server.database.forRequest().read((q) =>
      q.one<{ n: number }>('MATCH (c:Circle) WHERE c.slug IN $slugs RETURN count(c) AS n', { slugs: slugs.slice(5) }),
    );
    expect(none!.n).toBe(0);
    // Another person founds as ever, and a refused slug is still free for them.
    const other = await signUp(server.client, 'ratefounderother');
    expect((await found(other, slugs[5]!)).errors).toBeUndefined();
  });

  it('does not count a circle refused for its input (BAD_USER_INPUT) against the budget', async () => {
    const founder = await signUp(server.client, 'ratefounderbad');
    for (const i of range(5)) {
      const bad = await server.client.request(CreateCircleDocument, { input: { slug: `bad-${tag()}-${i}`, name: 'Bad', interestSlugs: [] } }, { token: founder.token });
      expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);
    }
    expect((await found(founder, `ratecircle-${tag()}`)).errors).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------
// Several instances: one budget through Redis, and per instance while Redis is away.

describe.skipIf(!REDIS_AVAILABLE)('rate limits shared through Redis (REDIS_URL)', () => {
  let redis: TestRedis;
  let a: TestServer;
  let b: TestServer;
  let alone: TestServer;
  const limits = {
    LOGINS_PER_ADDRESS_PER_MINUTE: '4',
    FAILED_LOGINS_PER_HANDLE: '3',
    SIGNUPS_PER_ADDRESS_PER_HOUR: '2',
    POSTS_PER_USER_PER_MINUTE: '3',
    TRUST_PROXY: 'true',
  };
  let person: Person;

  beforeAll(async () => {
    redis = await startInstalledRedis();
    [a, b, alone] = await Promise.all([
      startTestServer({ ...limits, REDIS_URL: redis.url }),
      startTestServer({ ...limits, REDIS_URL: redis.url }),
      // The control: the same limits, no Redis.
      startTestServer(limits),
    ]);
    person = await signUpFrom(a, 'rateshared');
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close(), alone?.close()]);
    await redis?.stop();
  });

  it('two instances share one log-in budget per address (4: two on each, then both refuse)', async () => {
    const address = newAddress();
    expectLoggedIn(await logIn(a, person.handle, PASSWORD, address), person, 'A 1');
    expectLoggedIn(await logIn(b, person.handle, PASSWORD, address), person, 'B 1');
    expectLoggedIn(await logIn(a, person.handle, PASSWORD, address), person, 'A 2');
    expectLoggedIn(await logIn(b, person.handle, PASSWORD, address), person, 'B 2');
    expectRateLimited(await logIn(a, person.handle, PASSWORD, address), 0, 60, /log-in attempts/);
    expectRateLimited(await logIn(b, person.handle, PASSWORD, address), 0, 60, /log-in attempts/);
    // An instance that does not share Redis counts alone: the same address still has its budget there.
    expectLoggedIn(await logIn(alone, person.handle, PASSWORD, address), person, 'the instance without Redis');
  });

  it('two instances share the failed passwords of a handle from an address, and its lock-out', async () => {
    const victim = await signUpFrom(a, 'ratesharedv');
    const guesser = newAddress();
    expect(errorCodes(await logIn(a, victim.handle, 'wrong password 1', guesser))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await logIn(b, victim.handle, 'wrong password 2', guesser))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await logIn(a, victim.handle, 'wrong password 3', guesser))).toEqual(['UNAUTHENTICATED']);
    expectRateLimited(await logIn(b, victim.handle, PASSWORD, guesser), 60, 900, /wrong passwords for this account from your address/);
    expectLoggedIn(await logIn(alone, victim.handle, PASSWORD, guesser), victim, 'the instance without Redis');
    expectLoggedIn(await logIn(a, victim.handle, PASSWORD, newAddress()), victim, 'the owner elsewhere');
  });

  it('two instances share the sign-ups of an address', async () => {
    const address = newAddress();
    const signUpOn = (target: TestServer, handle: string) =>
      target.client.request(SignUpDocument, { input: { handle, realName: 'Shared Budget', password: PASSWORD } }, from(address));
    expect((await signUpOn(a, uniqueHandle('rsign'))).errors).toBeUndefined();
    expect((await signUpOn(b, uniqueHandle('rsign'))).errors).toBeUndefined();
    const handle = uniqueHandle('rsign');
    expectRateLimited(await signUpOn(a, handle), 3000, 3600, /sign-ups/);
    expect(await countUsers(a.database, handle)).toBe(0);
  });

  it("two instances share a person's posting budget", async () => {
    const author = await signUpFrom(a, 'rsharedpost');
    const circleSlug = await foundCircle(a, author, 'rate');
    expect((await post(a, author, circleSlug)).errors).toBeUndefined();
    expect((await post(b, author, circleSlug)).errors).toBeUndefined();
    expect((await post(a, author, circleSlug)).errors).toBeUndefined();
    expectRateLimited(await post(b, author, circleSlug), 0, 60, /posting too fast/);
    expect(await postsBy(a, author)).toBe(3);
  });

  it('counts on each instance while Redis is unreachable, rather than letting everything by', async () => {
    const own = await startInstalledRedis();
    const server = await startTestServer({ ...limits, LOGINS_PER_ADDRESS_PER_MINUTE: '2', REDIS_URL: own.url });
    let redisDown = false;
    try {
      // Through Redis at first.
      expectLoggedIn(await logIn(server, person.handle, PASSWORD, newAddress()), person, 'with Redis');
      await own.stop();
      redisDown = true;
      const address = newAddress();
      for (const i of [1, 2]) {
        const started = Date.now();
        expectLoggedIn(await logIn(server, person.handle, PASSWORD, address), person, `attempt ${i} without Redis`);
        expect(Date.now() - started, 'answered without waiting for Redis').toBeLessThan(3000);
      }
      const started = Date.now();
      expectRateLimited(await logIn(server, person.handle, PASSWORD, address), 0, 60, /log-in attempts/);
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      // Back before closing: the server's pub/sub would otherwise wait for it to say goodbye.
      if (redisDown) await own.start();
      await server.close();
      await own.stop();
    }
  }, 60_000);
});

// ---------------------------------------------------------------------------------------
// WebSocket limits

/** The HTTP answer that refused a WebSocket upgrade. */
interface Refusal {
  status: number;
  retryAfter: string | undefined;
  body: string;
}

interface RawSocket {
  socket: WebSocket;
  /** Resolves with 'open' once upgraded, or with the HTTP answer that refused the upgrade. */
  upgraded: Promise<'open' | Refusal>;
  /** Resolves with 'ack' on connection_ack, or the close code. */
  outcome: Promise<'ack' | number>;
  closed: Promise<{ code: number; reason: string; at: number }>;
}

const initMessage = (token: string) => JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } });

/**
 * A bare graphql-transport-ws socket, from `address` when given (X-Forwarded-For, for
 * TRUST_PROXY servers); sends connection_init (after `initAfterMs`) unless `token` is null.
 */
function rawSocket(url: string, token: string | null, { initAfterMs = 0, address }: { initAfterMs?: number; address?: string } = {}): RawSocket {
  const socket = new WebSocket(url, 'graphql-transport-ws', address ? from(address) : {});
  const upgraded = new Promise<'open' | Refusal>((resolve) => {
    socket.on('open', () => resolve('open'));
    socket.on('unexpected-response', (request, response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        resolve({ status: response.statusCode!, retryAfter: response.headers['retry-after'], body });
        // An error, so that the socket closes (1006) rather than wait for an upgrade forever.
        request.destroy(new Error('upgrade refused'));
      });
    });
  });
  const closed = new Promise<{ code: number; reason: string; at: number }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString(), at: Date.now() })),
  );
  const outcome = new Promise<'ack' | number>((resolve) => {
    socket.on('message', (data) => {
      if ((JSON.parse(String(data)) as { type: string }).type === 'connection_ack') resolve('ack');
    });
    void closed.then(({ code }) => resolve(code));
  });
  socket.on('error', () => {});
  if (token !== null) socket.on('open', () => setTimeout(() => socket.send(initMessage(token)), initAfterMs));
  return { socket, upgraded, outcome, closed };
}

describe('WebSocket connection-init timeout (WS_CONNECTION_INIT_TIMEOUT_MS)', () => {
  const server = serverForTests({ WS_CONNECTION_INIT_TIMEOUT_MS: '300' });
  let person: Person;
  beforeAll(async () => {
    person = await signUp(server.client, 'rateinit');
  });

  it('closes a socket that never sends connection_init with 4408 once the timeout passes', async () => {
    const opened = Date.now();
    const silent = rawSocket(server.server.wsUrl, null);
    const { code, at } = await silent.closed;
    expect(code).toBe(4408);
    expect(at - opened).toBeGreaterThanOrEqual(250);
    expect(at - opened).toBeLessThan(3000);
  });

  it('keeps a socket that sends connection_init in time (the control)', async () => {
    const prompt = rawSocket(server.server.wsUrl, person.token, { initAfterMs: 100 });
    expect(await prompt.outcome).toBe('ack');
    await sleep(600);
    expect(prompt.socket.readyState).toBe(WebSocket.OPEN);
    prompt.socket.close();
  });
});

describe('subscriptions per connection (MAX_SUBSCRIPTIONS_PER_CONNECTION)', () => {
  const server = serverForTests({ MAX_SUBSCRIPTIONS_PER_CONNECTION: '2' });
  let owner: Person;
  let watcher: Person;
  let circleSlug: string;
  const clients = socketsPerTest();
  beforeAll(async () => {
    owner = await signUp(server.client, 'ratesubowner');
    watcher = await signUp(server.client, 'ratewatcher');
    circleSlug = await foundCircle(server, owner, 'rate');
  });

  interface Watch {
    events: string[];
    errors: GraphQLFormattedError[];
    ended: boolean;
  }

  /** Opens `count` postAdded subscriptions, one after another, on one connection. */
  async function watch(count: number): Promise<{ client: Client; watches: Watch[] }> {
    const client = clients.connectNow(server, watcher.token);
    let sockets = 0;
    client.on('opened', () => (sockets += 1));
    const watches: Watch[] = [];
    for (let i = 0; i < count; i += 1) {
      const w: Watch = { events: [], errors: [], ended: false };
      watches.push(w);
      client.subscribe<{ postAdded: { body: string } }>(
        { query: 'subscription W($slug: String!) { postAdded(circleSlug: $slug) { body } }', variables: { slug: circleSlug } },
        {
          next: (result) => void (result.data && w.events.push(result.data.postAdded.body)),
          error: (error) => {
            if (Array.isArray(error)) w.errors.push(...(error as GraphQLFormattedError[]));
            w.ended = true;
          },
          complete: () => void (w.ended = true),
        },
      );
      await sleep(150);
    }
    expect(sockets, 'all on one connection').toBe(1);
    return { client, watches };
  }

  /** Posts until every live watch has seen a post (or 5 s pass); returns the bodies posted. */
  async function postUntilSeen(watches: Watch[]): Promise<void> {
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      const result = await post(server, owner, circleSlug);
      expect(result.errors).toBeUndefined();
      await sleep(200);
      if (watches.filter((w) => !w.ended).every((w) => w.events.length > 0)) return;
    }
  }

  it('refuses one subscription beyond the limit with RATE_LIMITED; the connection and its other subscriptions carry on', async () => {
    const { watches } = await watch(3);
    const refused = watches.filter((w) => w.ended);
    const live = watches.filter((w) => !w.ended);
    expect(refused.length).toBeGreaterThan(0);
    expect(live.length).toBeGreaterThan(0);
    expect(live.length).toBeLessThanOrEqual(2);
    for (const w of refused) {
      expect(w.errors.map((e) => e.extensions?.code)).toEqual(['RATE_LIMITED']);
      expect(w.errors[0]!.message).toMatch(/at most 2 subscriptions/);
    }
    // The last one asked for is the one refused.
    expect(watches[2]!.ended).toBe(true);
    await postUntilSeen(live);
    for (const w of live) expect(w.events.length, 'a live subscription still gets posts').toBeGreaterThan(0);
  });

  it('lets a connection hold exactly MAX_SUBSCRIPTIONS_PER_CONNECTION (2) subscriptions at once', async () => {
    const { watches } = await watch(2);
    expect(
      watches.map((w) => (w.ended ? `refused: ${w.errors.map((e) => e.message).join('; ')}` : 'live')),
    ).toEqual(['live', 'live']);
    await postUntilSeen(watches);
    for (const w of watches) expect(w.events.length).toBeGreaterThan(0);
  });

  it('gives another connection a budget of its own', async () => {
    const first = await watch(1);
    const second = await watch(1);
    expect(first.watches[0]!.ended).toBe(false);
    expect(second.watches[0]!.ended).toBe(false);
  });
});

describe('connections per person (MAX_CONNECTIONS_PER_USER)', () => {
  const server = serverForTests({ MAX_CONNECTIONS_PER_USER: '2' });
  let person: Person;
  let other: Person;
  const sockets: WebSocket[] = [];
  beforeAll(async () => {
    [person, other] = await Promise.all([signUp(server.client, 'rateconn'), signUp(server.client, 'rateconn2')]);
  });
  afterEach(async () => {
    const closing = sockets.splice(0).filter((socket) => socket.readyState !== WebSocket.CLOSED);
    await Promise.all(closing.map((socket) => new Promise((resolve) => (socket.once('close', resolve), socket.close()))));
    await sleep(100); // the server counts the closes
  });

  const open = (token: string) => {
    const raw = rawSocket(server.server.wsUrl, token);
    sockets.push(raw.socket);
    return raw;
  };

  it('accepts 2 connections of one person and closes the 3rd with 4429', async () => {
    const one = open(person.token);
    const two = open(person.token);
    expect(await one.outcome).toBe('ack');
    expect(await two.outcome).toBe('ack');
    const three = open(person.token);
    expect(await three.outcome).toBe(4429);
    const { reason } = await three.closed;
    expect(reason).toMatch(/At most 2 connections/);
    // The first two stand.
    expect(one.socket.readyState).toBe(WebSocket.OPEN);
    expect(two.socket.readyState).toBe(WebSocket.OPEN);
    // Someone else connects as ever.
    expect(await open(other.token).outcome).toBe('ack');
    // Once one closes, the person may connect again.
    one.socket.close();
    await one.closed;
    await sleep(100);
    expect(await open(person.token).outcome).toBe('ack');
  });

  it('counts a person, not a token: a fresh log-in token shares the budget', async () => {
    const fresh = (await logIn(server, person.handle, PASSWORD)).data!.logIn.token;
    const one = open(person.token);
    const two = open(fresh);
    expect(await one.outcome).toBe('ack');
    expect(await two.outcome).toBe('ack');
    expect(await open(fresh).outcome).toBe(4429);
  });
});

describe('sockets waiting to authenticate, per address (MAX_PENDING_SOCKETS_PER_ADDRESS)', () => {
  const server = serverForTests({ MAX_PENDING_SOCKETS_PER_ADDRESS: '20', TRUST_PROXY: 'true' });
  let person: Person;
  const sockets: RawSocket[] = [];
  beforeAll(async () => {
    person = await signUp(server.client, 'ratepending');
  });
  afterEach(async () => {
    const open = sockets.splice(0).filter(({ socket }) => socket.readyState !== WebSocket.CLOSED);
    await Promise.all(open.map(({ socket, closed }) => (socket.close(), closed)));
    await sleep(100); // the server counts the closes
  });

  const open = (address: string, token: string | null = null) => {
    const raw = rawSocket(server.server.wsUrl, token, { address });
    sockets.push(raw);
    return raw;
  };
  /** Opens `count` sockets from `address` at once, none sending connection_init; returns them and how each upgrade went. */
  async function openSilent(address: string, count: number) {
    const raws = Array.from({ length: count }, () => open(address));
    return { raws, answers: await Promise.all(raws.map((raw) => raw.upgraded)) };
  }
  /** Whether one more socket from `address` gets through the upgrade. */
  const admitted = async (address: string) => (await open(address).upgraded) === 'open';

  it('holds 20 sockets of one address that have not authenticated and refuses the other 280 of 300 at the upgrade: 429, Retry-After', async () => {
    const address = newAddress();
    const { raws, answers } = await openSilent(address, 300);
    const held = answers.filter((answer) => answer === 'open');
    const refused = answers.filter((answer): answer is Refusal => answer !== 'open');
    expect(held).toHaveLength(20);
    expect(refused).toHaveLength(280);
    for (const refusal of refused) {
      expect(refusal.status).toBe(429);
      expect(refusal.retryAfter).toBe('5'); // WS_CONNECTION_INIT_TIMEOUT_MS, in seconds
      expect(refusal.body).toMatch(/20 WebSocket connections from your address are waiting to authenticate; send connection_init on them or close some/);
    }
    // No socket is held for a refusal: each closed at once.
    await Promise.all(raws.filter((_, i) => answers[i] !== 'open').map((raw) => raw.closed));
    expect(raws.filter((raw) => raw.socket.readyState === WebSocket.OPEN)).toHaveLength(20);
    // Another address connects as ever.
    expect(await admitted(newAddress())).toBe(true);
  });

  it('frees a place when a waiting socket authenticates or closes; authenticated sockets neither count nor suffer', async () => {
    const address = newAddress();
    const { raws, answers } = await openSilent(address, 20);
    expect(answers.every((answer) => answer === 'open')).toBe(true);
    expect(await admitted(address)).toBe(false);

    // One of them authenticates: it is no longer waiting, so one more may come.
    const [authenticated, closing] = [raws[0]!, raws[1]!];
    authenticated.socket.send(initMessage(person.token));
    expect(await authenticated.outcome).toBe('ack');
    expect(await admitted(address)).toBe(true);
    expect(await admitted(address)).toBe(false);

    // One closes: its place is free again.
    closing.socket.close();
    await closing.closed;
    await sleep(100); // the server counts the close
    expect(await admitted(address)).toBe(true);
    expect(await admitted(address)).toBe(false);

    // With its address at the cap, the authenticated socket runs operations as ever.
    const answer = new Promise<unknown>((resolve) =>
      authenticated.socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as { type: string; payload?: unknown };
        if (message.type === 'next') resolve(message.payload);
      }),
    );
    authenticated.socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: '{ me { handle } }' } }));
    expect(await answer).toEqual({ data: { me: { handle: person.handle } } });
    expect(authenticated.socket.readyState).toBe(WebSocket.OPEN);
  });
});
