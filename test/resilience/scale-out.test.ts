/**
 * Many instances: two servers started with the same REDIS_URL share live events, so a
 * post written through one reaches subscribers on both. A third server without Redis is
 * the control: it hears nothing from the others.
 *
 * Needs Debian's redis-server (`apt-get install redis-server`); without it these tests are
 * skipped, loudly.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EditPostDocument,
  LeaveCircleDocument,
  WatchCircleActivityDocument,
  WatchPostAddedDocument,
  type WatchPostAddedSubscription,
} from '../generated/graphql.js';
import { foundCircle, joinCircle, writePost } from '../helpers/circles.js';
import { blockInGraph, signUp, type Person } from '../helpers/people.js';
import { redisOrWarn, startInstalledRedis, type TestRedis } from '../helpers/redis.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import {
  collectUntil,
  deliveryTimes,
  describeLatency,
  nextReal,
  socketsPerTest,
  subscribe,
  untilPostsLive,
  type LiveSubscription,
} from '../helpers/subscriptions.js';
import { sleep } from '../helpers/util.js';

const REDIS_AVAILABLE = redisOrWarn([
  'SKIPPING the multi-instance (Redis) tests in test/resilience/scale-out.test.ts:',
  'redis-server is not installed, so nothing here proves that a post written',
  'through one API instance reaches subscribers on another.',
]);

describe.skipIf(!REDIS_AVAILABLE)('several instances sharing Redis', () => {
  let redis: TestRedis;
  let a: TestServer;
  let b: TestServer;
  let alone: TestServer;
  const sockets = socketsPerTest();

  let owner: Person;
  let member: Person;
  let pinger: Person;
  let slug: string;

  beforeAll(async () => {
    redis = await startInstalledRedis();
    [a, b, alone] = await Promise.all([
      startTestServer({ REDIS_URL: redis.url }),
      startTestServer({ REDIS_URL: redis.url }),
      startTestServer(),
    ]);
    [owner, member, pinger] = await Promise.all([signUp(a.client, 'xowner'), signUp(b.client, 'xmember'), signUp(a.client, 'xpinger')]);
    slug = await foundCircle(a, owner, 'scale');
    await joinCircle(b, member, slug);
    await joinCircle(a, pinger, slug);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close(), alone?.close()]);
    await redis?.stop();
  });

  // -------------------------------------------------------------------------------------
  // Helpers

  const watchPosts = (server: TestServer, person: Person, circleSlug: string) =>
    subscribe(sockets.connect(server, person.token), WatchPostAddedDocument, { circleSlug });
  const watchActivity = (server: TestServer, person: Person, circleSlug: string) =>
    subscribe(sockets.connect(server, person.token), WatchCircleActivityDocument, { circleSlug });

  // -------------------------------------------------------------------------------------

  it('runs the instances on one Redis and the control on none', () => {
    expect(a.config.redisUrl).toBe(redis.url);
    expect(b.config.redisUrl).toBe(redis.url);
    expect(alone.config.redisUrl).toBeFalsy();
    expect(a.server.url).not.toBe(b.server.url);
  });

  it('delivers a post written through A to subscribers on B and on A, once each, fully resolved', async () => {
    const onB = watchPosts(b, member, slug);
    const onA = watchPosts(a, owner, slug);
    await untilPostsLive(a, [onB, onA], pinger, slug);

    const first = await writePost(a, owner, slug, 'written through A');
    const second = await writePost(a, owner, slug, 'written through A again');
    for (const [sub, role] of [
      [onB, 'MEMBER'],
      [onA, 'OWNER'],
    ] as const) {
      const events = await collectUntil(sub, (e) => e.postAdded.id === second.id);
      expect(events.map((e) => e.postAdded.id)).toEqual([first.id, second.id]);
      expect(events[0]!.postAdded).toEqual({
        id: first.id,
        body: 'written through A',
        createdAt: first.createdAt,
        editedAt: null,
        author: { id: owner.id, handle: owner.handle },
        circle: { slug, name: `Scale ${slug}`, viewerRole: role },
      });
    }
  });

  it('delivers a post written through B to a subscriber on A', async () => {
    const onA = watchPosts(a, owner, slug);
    await untilPostsLive(b, [onA], pinger, slug);
    const written = await writePost(b, member, slug, 'written through B');
    expect((await nextReal(onA)).postAdded).toMatchObject({ id: written.id, author: { handle: member.handle } });
  });

  it('carries circle activity across instances: a join and an edit through A are seen on B', async () => {
    const onB = watchActivity(b, member, slug);
    await untilPostsLive(a, [onB], pinger, slug);
    const newcomer = await signUp(a.client, 'xnewcomer');
    await joinCircle(a, newcomer, slug);
    const written = await writePost(a, newcomer, slug, 'first words');
    const edited = await a.client.request(EditPostDocument, { input: { id: written.id, body: 'better words' } }, { token: newcomer.token });
    expect(edited.errors).toBeUndefined();
    const events = (await collectUntil(onB, (e) => e.circleActivity.__typename === 'PostEditedActivity')).map((e) => e.circleActivity);
    expect(events).toMatchObject([
      { __typename: 'MemberActivity', change: 'JOINED', member: { handle: newcomer.handle }, circle: { slug, viewerRole: 'MEMBER' } },
      { __typename: 'PostAddedActivity', post: { id: written.id, body: 'first words', author: { handle: newcomer.handle } } },
      { __typename: 'PostEditedActivity', post: { id: written.id, body: 'better words' }, actor: { handle: newcomer.handle } },
    ]);
  });

  it('ends the subscription on B of a member who leaves through A', async () => {
    const leaver = await signUp(b.client, 'xleaver');
    await joinCircle(b, leaver, slug);
    const onB = watchPosts(b, leaver, slug);
    await untilPostsLive(a, [onB], pinger, slug);
    const left = await a.client.request(LeaveCircleDocument, { slug }, { token: leaver.token });
    expect(left.data?.leaveCircle).toBe(true);
    await onB.completed(5000);
  });

  it('filters by blocks on the receiving instance', async () => {
    const [watcher, blocked] = await Promise.all([signUp(b.client, 'xwatcher'), signUp(a.client, 'xblocked')]);
    await joinCircle(b, watcher, slug);
    await joinCircle(a, blocked, slug);
    await blockInGraph(b.database, watcher, blocked);
    const onB = watchPosts(b, watcher, slug);
    await untilPostsLive(a, [onB], pinger, slug);
    await writePost(a, blocked, slug, 'from someone blocked');
    const marker = await writePost(a, owner, slug, 'from the owner');
    const seen = await collectUntil(onB, (e) => e.postAdded.id === marker.id);
    expect(seen.map((e) => e.postAdded.id)).toEqual([marker.id]);
  });

  it('control: an instance without Redis hears nothing from the others', async () => {
    const onAlone = watchPosts(alone, member, slug);
    await untilPostsLive(alone, [onAlone], pinger, slug);
    const throughA = await writePost(a, owner, slug, 'A speaks');
    const throughB = await writePost(b, member, slug, 'B speaks');
    const marker = await writePost(alone, owner, slug, 'the lone instance speaks');
    const seen = await collectUntil(onAlone, (e) => e.postAdded.id === marker.id);
    expect(seen.map((e) => e.postAdded.id)).toEqual([marker.id]);
    expect(seen.map((e) => e.postAdded.id)).not.toContain(throughA.id);
    expect(seen.map((e) => e.postAdded.id)).not.toContain(throughB.id);
  });

  /**
   * A quiet circle watched by one person on B, and the Redis channels B holds for that
   * subscription (the circle's activity and the person's own events), counted by Redis.
   */
  async function quietWatch() {
    const circleSlug = await foundCircle(a, owner, 'scale');
    await joinCircle(a, pinger, circleSlug);
    const watcher = await signUp(b.client, 'xquiet');
    const circleId = (await b.database.forRequest().read((q) => q.one<{ id: string }>('MATCH (c:Circle {slug: $s}) RETURN c.id AS id', { s: circleSlug })))!.id;
    // Each instance listens to a circle's channel once, however many of its clients watch it.
    const channels = [`circle-activity:${circleId}`];
    const probe = new Redis(redis.url);
    const listeners = async () => {
      const reply = (await probe.call('PUBSUB', 'NUMSUB', ...channels)) as Array<string | number>;
      return channels.map((_, i) => Number(reply[i * 2 + 1]));
    };
    /** Waits up to `ms` for no listener to remain; returns the last counts seen. */
    const released = async (ms = 3000) => {
      let seen = await listeners();
      for (const end = Date.now() + ms; seen.some((n) => n > 0) && Date.now() < end; seen = await listeners()) await sleep(50);
      return seen;
    };
    expect(await listeners()).toEqual([0]);
    const client = sockets.connect(b, watcher.token);
    const sub = subscribe(client, WatchPostAddedDocument, { circleSlug });
    await untilPostsLive(a, [sub], pinger, circleSlug);
    expect(await listeners()).toEqual([1]);
    return { client, sub, released, listeners, circleSlug, close: () => probe.disconnect() };
  }

  it('listens to a circle once per instance, however many of its clients watch it', async () => {
    const watch = await quietWatch();
    try {
      const second = await signUp(b.client, 'xsecond');
      const client = sockets.connect(b, second.token);
      const sub = subscribe(client, WatchPostAddedDocument, { circleSlug: watch.circleSlug });
      await untilPostsLive(a, [sub, watch.sub], pinger, watch.circleSlug);
      expect(await watch.listeners()).toEqual([1]);
      sub.close();
      await client.dispose();
      // The first watcher still holds the one subscription.
      await sleep(300);
      expect(await watch.listeners()).toEqual([1]);
    } finally {
      watch.sub.close();
      watch.close();
    }
  });

  it('lets go of its Redis channels as soon as a subscriber unsubscribes, without waiting for another event', async () => {
    const watch = await quietWatch();
    try {
      watch.sub.close();
      expect(await watch.released()).toEqual([0]);
    } finally {
      watch.close();
    }
  });

  it('lets go of its Redis channels as soon as a subscriber closes the socket, without waiting for another event', async () => {
    const watch = await quietWatch();
    try {
      await watch.client.dispose();
      expect(await watch.released()).toEqual([0]);
    } finally {
      watch.close();
    }
  });

  it('delivers every post across instances; prints the median latency (one instance vs two)', async () => {
    const onB = watchPosts(b, member, slug);
    const onA = watchPosts(a, member, slug);
    await untilPostsLive(a, [onB, onA], pinger, slug);

    const measure = (sub: LiveSubscription<WatchPostAddedSubscription>, label: string) =>
      deliveryTimes(sub, (body) => writePost(a, owner, slug, body), label);
    const drain = async (sub: LiveSubscription<WatchPostAddedSubscription>, label: string) => {
      const events = await collectUntil(sub, (e) => e.postAdded.body.startsWith(`latency ${label} 9 `));
      expect(events.filter((e) => e.postAdded.body.startsWith(`latency ${label} `))).toHaveLength(10);
    };
    const across = await measure(onB, 'across');
    await drain(onA, 'across'); // the subscriber on A got the same ten posts meanwhile
    const same = await measure(onA, 'same');
    await drain(onB, 'same');
    console.log(`[latency] two instances via Redis: createPost sent to A -> postAdded received on B, ${describeLatency(across)}`);
    console.log(`[latency] one instance via Redis: createPost sent to A -> postAdded received on A, ${describeLatency(same)}`);
  });
});
