/**
 * Many instances: two servers started with the same REDIS_URL share live events, so a
 * post written through one reaches subscribers on both. A third server without Redis is
 * the control: it hears nothing from the others.
 *
 * Needs Debian's redis-server (`apt-get install redis-server`); without it these tests are
 * skipped, loudly.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Client } from 'graphql-ws';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateCircleDocument,
  CreatePostDocument,
  EditPostDocument,
  JoinCircleDocument,
  LeaveCircleDocument,
  WatchCircleActivityDocument,
  WatchPostAddedDocument,
  type WatchCircleActivitySubscription,
  type WatchPostAddedSubscription,
} from './generated/graphql.js';
import { signUp, type Person } from './helpers/people.js';
import { redisServerInstalled, startRedis, type TestRedis } from './helpers/redis.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { subscribe, wsClient, type LiveSubscription } from './helpers/subscriptions.js';

const REDIS_AVAILABLE = redisServerInstalled();
if (!REDIS_AVAILABLE) {
  console.warn(
    [
      '',
      '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
      '!! SKIPPING the multi-instance (Redis) tests in test/scale-out.test.ts:        !!',
      '!! redis-server is not installed, so nothing here proves that a post written  !!',
      '!! through one API instance reaches subscribers on another.                   !!',
      '!! Install it and run the tests again:   sudo apt-get install redis-server     !!',
      '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
      '',
    ].join('\n'),
  );
}

type PostEvent = WatchPostAddedSubscription;
type ActivityEvent = WatchCircleActivitySubscription;

const tag = () => randomBytes(4).toString('hex');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const WARM_UP = 'warm-up ';

describe.skipIf(!REDIS_AVAILABLE)('several instances sharing Redis', () => {
  let redis: TestRedis;
  let a: TestServer;
  let b: TestServer;
  let alone: TestServer;
  const clients: Client[] = [];

  let owner: Person;
  let member: Person;
  let pinger: Person;
  let slug: string;

  beforeAll(async () => {
    const started = await startRedis();
    if (!started) throw new Error('redis-server is installed but did not start');
    redis = started;
    [a, b, alone] = await Promise.all([
      startTestServer({ REDIS_URL: redis.url }),
      startTestServer({ REDIS_URL: redis.url }),
      startTestServer(),
    ]);
    [owner, member, pinger] = await Promise.all([signUp(a.client, 'xowner'), signUp(b.client, 'xmember'), signUp(a.client, 'xpinger')]);
    slug = await found(a, owner);
    await join(b, member, slug);
    await join(a, pinger, slug);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.dispose()));
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close(), alone?.close()]);
    await redis?.stop();
  });

  // -------------------------------------------------------------------------------------
  // Helpers

  function socketFor(server: TestServer, person: Person): Client {
    const client = wsClient(server.server.wsUrl, person.token);
    clients.push(client);
    return client;
  }
  const watchPosts = (server: TestServer, person: Person, circleSlug: string) =>
    subscribe(socketFor(server, person), WatchPostAddedDocument, { circleSlug });
  const watchActivity = (server: TestServer, person: Person, circleSlug: string) =>
    subscribe(socketFor(server, person), WatchCircleActivityDocument, { circleSlug });

  async function found(server: TestServer, by: Person): Promise<string> {
    const circleSlug = `scale-${tag()}`;
    const result = await server.client.request(
      CreateCircleDocument,
      { input: { slug: circleSlug, name: `Scale ${circleSlug}`, interestSlugs: ['cycling'] } },
      { token: by.token },
    );
    expect(result.errors).toBeUndefined();
    return circleSlug;
  }

  async function join(server: TestServer, person: Person, circleSlug: string) {
    const result = await server.client.request(JoinCircleDocument, { slug: circleSlug }, { token: person.token });
    expect(result.errors).toBeUndefined();
  }

  async function post(server: TestServer, author: Person, circleSlug: string, body = `scale post ${tag()}`) {
    const result = await server.client.request(CreatePostDocument, { input: { circleSlug, body } }, { token: author.token });
    expect(result.errors).toBeUndefined();
    return result.data!.createPost;
  }

  const bodyOf = (event: PostEvent | ActivityEvent): string | null => {
    if ('postAdded' in event) return event.postAdded.body;
    return 'post' in event.circleActivity ? event.circleActivity.post.body : null;
  };
  const isWarmUp = (event: PostEvent | ActivityEvent) => bodyOf(event)?.startsWith(WARM_UP) ?? false;

  /** Warm-up posts written through `via` until every subscription has received one. */
  async function untilLive(subs: Array<LiveSubscription<PostEvent | ActivityEvent>>, via: TestServer, circleSlug: string): Promise<void> {
    const pending = subs.map((sub) => {
      const state = { live: false, promise: sub.next(20_000).then(() => void (state.live = true)) };
      state.promise.catch(() => {});
      return state;
    });
    for (let attempt = 0; attempt < 100 && pending.some((p) => !p.live); attempt++) {
      const failed = subs.find((sub) => sub.errors.length > 0);
      if (failed) throw new Error(`subscription refused: ${JSON.stringify(failed.errors)}`);
      await post(via, pinger, circleSlug, `${WARM_UP}${attempt}`);
      await Promise.race([Promise.all(pending.map((p) => p.promise)), sleep(150)]);
    }
    await Promise.all(pending.map((p) => p.promise));
  }

  async function nextReal<T extends PostEvent | ActivityEvent>(sub: LiveSubscription<T>, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const event = await sub.next(Math.max(1, deadline - Date.now()));
      if (!isWarmUp(event)) return event;
    }
  }

  async function collectUntil<T extends PostEvent | ActivityEvent>(sub: LiveSubscription<T>, last: (event: T) => boolean): Promise<T[]> {
    const events: T[] = [];
    for (;;) {
      const event = await nextReal(sub);
      events.push(event);
      if (last(event)) return events;
    }
  }

  function median(values: number[]): number {
    const sorted = [...values].sort((x, y) => x - y);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  }

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
    await untilLive([onB, onA], a, slug);

    const first = await post(a, owner, slug, 'written through A');
    const second = await post(a, owner, slug, 'written through A again');
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
    await untilLive([onA], b, slug);
    const written = await post(b, member, slug, 'written through B');
    expect((await nextReal(onA)).postAdded).toMatchObject({ id: written.id, author: { handle: member.handle } });
  });

  it('carries circle activity across instances: a join and an edit through A are seen on B', async () => {
    const onB = watchActivity(b, member, slug);
    await untilLive([onB], a, slug);
    const newcomer = await signUp(a.client, 'xnewcomer');
    await join(a, newcomer, slug);
    const written = await post(a, newcomer, slug, 'first words');
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
    await join(b, leaver, slug);
    const onB = watchPosts(b, leaver, slug);
    await untilLive([onB], a, slug);
    const left = await a.client.request(LeaveCircleDocument, { slug }, { token: leaver.token });
    expect(left.data?.leaveCircle).toBe(true);
    await onB.completed(5000);
  });

  it('filters by blocks on the receiving instance', async () => {
    const [watcher, blocked] = await Promise.all([signUp(b.client, 'xwatcher'), signUp(a.client, 'xblocked')]);
    await join(b, watcher, slug);
    await join(a, blocked, slug);
    await b.database.forRequest().write((q) =>
      q.rows('MATCH (w:User {id: $w}), (x:User {id: $x}) MERGE (w)-[:BLOCKED]->(x)', { w: watcher.id, x: blocked.id }),
    );
    const onB = watchPosts(b, watcher, slug);
    await untilLive([onB], a, slug);
    await post(a, blocked, slug, 'from someone blocked');
    const marker = await post(a, owner, slug, 'from the owner');
    const seen = await collectUntil(onB, (e) => e.postAdded.id === marker.id);
    expect(seen.map((e) => e.postAdded.id)).toEqual([marker.id]);
  });

  it('control: an instance without Redis hears nothing from the others', async () => {
    const onAlone = watchPosts(alone, member, slug);
    await untilLive([onAlone], alone, slug);
    const throughA = await post(a, owner, slug, 'A speaks');
    const throughB = await post(b, member, slug, 'B speaks');
    const marker = await post(alone, owner, slug, 'the lone instance speaks');
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
    const circleSlug = await found(a, owner);
    await join(a, pinger, circleSlug);
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
    const client = socketFor(b, watcher);
    const sub = subscribe(client, WatchPostAddedDocument, { circleSlug });
    await untilLive([sub], a, circleSlug);
    expect(await listeners()).toEqual([1]);
    return { client, sub, released, listeners, circleSlug, close: () => probe.disconnect() };
  }

  it('listens to a circle once per instance, however many of its clients watch it', async () => {
    const watch = await quietWatch();
    try {
      const second = await signUp(b.client, 'xsecond');
      const client = socketFor(b, second);
      const sub = subscribe(client, WatchPostAddedDocument, { circleSlug: watch.circleSlug });
      await untilLive([sub, watch.sub], a, watch.circleSlug);
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
    await untilLive([onB, onA], a, slug);

    const measure = async (sub: LiveSubscription<PostEvent>, label: string) => {
      const samples: number[] = [];
      for (let run = 0; run < 10; run++) {
        const body = `latency ${label} ${run} ${tag()}`;
        const started = performance.now();
        const sent = post(a, owner, slug, body);
        const event = await nextReal(sub);
        samples.push(performance.now() - started);
        expect(event.postAdded.body).toBe(body);
        await sent;
      }
      return samples;
    };
    const drain = async (sub: LiveSubscription<PostEvent>, label: string) => {
      const events = await collectUntil(sub, (e) => e.postAdded.body.startsWith(`latency ${label} 9 `));
      expect(events.filter((e) => e.postAdded.body.startsWith(`latency ${label} `))).toHaveLength(10);
    };
    const across = await measure(onB, 'across');
    await drain(onA, 'across'); // the subscriber on A got the same ten posts meanwhile
    const same = await measure(onA, 'same');
    await drain(onB, 'same');
    const describeSamples = (samples: number[]) =>
      `median of ${samples.length} runs = ${median(samples).toFixed(1)} ms (min ${Math.min(...samples).toFixed(1)}, max ${Math.max(...samples).toFixed(1)})`;
    console.log(`[latency] two instances via Redis: createPost sent to A -> postAdded received on B, ${describeSamples(across)}`);
    console.log(`[latency] one instance via Redis: createPost sent to A -> postAdded received on A, ${describeSamples(same)}`);
  });
});
