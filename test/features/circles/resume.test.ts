/**
 * Resuming circleActivity: a subscriber drops its socket for 3 s while posts, a comment, a
 * join and a leave happen, then subscribes again with the cursor of the last activity it
 * received; it has every one exactly once, in order (the replay comes from the circle's
 * stored log, so membership changes come back too). Cursors of another circle or stream,
 * and ones older than the replay window, are refused with BAD_USER_INPUT saying to refetch;
 * a replay passes the same block filter as live activity.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import type { Db } from '../../../src/db/database.js';
import { appendCircleLog, circleLogSince } from '../../../src/graph/circle-log.js';
import { NotificationSweep } from '../../../src/notifications/notifications.sweep.js';
import { PlanCost, profilingDb } from '../../../scripts/lib/profiling-db.js';
import { AcctDeleteMyAccountDocument, AddCommentDocument, LeaveCircleDocument, WatchCircleActivityDocument, type WatchCircleActivitySubscription } from '../../generated/graphql.js';
import { foundCircle, joinCircle, writePost } from '../../helpers/circles.js';
import { blockInGraph, PASSWORD, signUp, type Person } from '../../helpers/people.js';
import { serverForTests, testConfig } from '../../helpers/server.js';
import { nextReal, socketsPerTest, subscribe, textOf, untilPostsLive, type LiveSubscription } from '../../helpers/subscriptions.js';
import { sleep } from '../../helpers/util.js';

const test = serverForTests();
const sockets = socketsPerTest();

type Activity = WatchCircleActivitySubscription['circleActivity'];

const connect = (person: Person) => sockets.connect(test, person.token);
const watchOn = (socket: ReturnType<typeof connect>, circleSlug: string, after?: string) =>
  subscribe(socket, WatchCircleActivityDocument, after ? { circleSlug, after } : { circleSlug });
const watch = (person: Person, circleSlug: string, after?: string) => watchOn(connect(person), circleSlug, after);

/** One line per activity, to compare sequences: what happened and to what. */
function label(activity: Activity): string {
  switch (activity.__typename) {
    case 'PostAddedActivity':
      return `post ${activity.post.body}`;
    case 'CommentAddedActivity':
      return `comment ${activity.comment.body}`;
    case 'MemberActivity':
      return `${activity.change} ${activity.member.handle}`;
    default:
      return activity.__typename;
  }
}

const isWarmUp = (activity: Activity) => textOf({ circleActivity: activity })?.startsWith('warm-up') ?? false;

/** Reads `sub` until an activity with `last` as its label has arrived; returns all it read. */
async function until(sub: LiveSubscription<WatchCircleActivitySubscription>, last: string, held: Activity[] = []): Promise<Activity[]> {
  const deadline = Date.now() + 15_000;
  while (!held.some((activity) => label(activity) === last)) {
    if (Date.now() > deadline) throw new Error(`never received "${last}"; got ${JSON.stringify(held.map(label))}`);
    held.push((await sub.next(Math.max(1, deadline - Date.now()))).circleActivity);
  }
  return held;
}

async function refusal(person: Person, circleSlug: string, after: string) {
  const refused = watch(person, circleSlug, after);
  await refused.completed(5_000);
  return refused.errors.flat()[0];
}

/** A cursor with another stream or time in it: the format is opaque to clients, but a test may forge one. */
function reforged(cursor: string, change: (key: [string, string, string]) => [string, string, string]): string {
  return Buffer.from(JSON.stringify(change(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))))).toString('base64url');
}

let owner: Person;
let watcher: Person;
let pinger: Person;
let slug: string;

beforeAll(async () => {
  [owner, watcher, pinger] = await Promise.all([signUp(test.client, 'rcowner'), signUp(test.client, 'rcwatch'), signUp(test.client, 'rcping')]);
  slug = await foundCircle(test, owner, 'resume');
  await joinCircle(test, watcher, slug);
  await joinCircle(test, pinger, slug);
});

describe('resuming circleActivity', () => {
  it('a subscriber that drops for 3 s and resumes with its cursor receives every activity once, in order, membership changes too', async () => {
    const newcomer = await signUp(test.client, 'rcnew');
    const socket = connect(watcher);
    const sub = watchOn(socket, slug);
    await untilPostsLive(test, [sub], pinger, slug);

    // Activity keeps coming before, during and after the drop; it happens one write at a time, so this is its order.
    const happened: string[] = [];
    let writing = true;
    let dropped = false;
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        const post = await writePost(test, owner, slug, `post ${i}`);
        happened.push(`post post ${i}`);
        if (dropped && i % 4 === 1) {
          const comment = await test.client.request(AddCommentDocument, { input: { postId: post.id, body: `comment ${i}` } }, { token: pinger.token });
          expect(comment.errors).toBeUndefined();
          happened.push(`comment comment ${i}`);
          await joinCircle(test, newcomer, slug);
          happened.push(`JOINED ${newcomer.handle}`);
          expect((await test.client.request(LeaveCircleDocument, { slug }, { token: newcomer.token })).data?.leaveCircle).toBe(true);
          happened.push(`LEFT ${newcomer.handle}`);
        }
        await sleep(100);
      }
    })();

    await sleep(1_000);
    const before = sub.drain().map((event) => event.circleActivity);
    const cursor = before.at(-1)!.cursor;
    await socket.dispose();
    dropped = true;
    await sleep(3_000);

    const resumed = watch(watcher, slug, cursor);
    await sleep(1_500);
    writing = false;
    await writer;

    const after = await until(resumed, happened.at(-1)!);
    await sleep(300);
    after.push(...resumed.drain().map((event) => event.circleActivity));

    const seen = [...before, ...after].filter((activity) => !isWarmUp(activity)).map(label);
    expect(happened.filter((line) => line.startsWith('LEFT')).length).toBeGreaterThan(0);
    expect(seen).toEqual(happened);
    // Some of it was missed while away, and came back through the replay.
    expect(before.map(label)).not.toContain(`LEFT ${newcomer.handle}`);
    expect(resumed.errors).toEqual([]);
    // Every cursor is distinct: each names its own place in the circle's log.
    expect(new Set([...before, ...after].map((activity) => activity.cursor)).size).toBe(before.length + after.length);
  });

  it("refuses another circle's cursor, another stream's, and one older than the replay window, saying to refetch", async () => {
    const other = await foundCircle(test, owner, 'resother');
    await joinCircle(test, pinger, other);
    const probe = watch(watcher, slug);
    await untilPostsLive(test, [probe], pinger, slug);
    await writePost(test, owner, slug, 'probe');
    const cursor = (await nextReal(probe)).circleActivity.cursor;

    const cases = [
      [other, cursor, 'is not one `circleActivity` gave out'],
      [slug, reforged(cursor, ([, at, id]) => ['messageReceived', at, id]), 'is not one `circleActivity` gave out'],
      [slug, 'not-a-cursor', 'is not one `circleActivity` gave out'],
      [slug, reforged(cursor, ([stream, , id]) => [stream, new Date(Date.now() - 2 * 24 * 3_600_000).toISOString(), id]), 'too old to replay'],
      // An entry the log no longer holds (pruned past the window) is too old as well.
      [slug, reforged(cursor, ([stream, at, id]) => [stream, at, `${id.split('/')[0]}/no-such-entry`]), 'too old to replay'],
    ] as const;
    for (const [circleSlug, after, why] of cases) {
      const error = await refusal(watcher, circleSlug, after);
      expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
      expect(error?.message).toContain(why);
      expect(error?.message).toContain('Refetch with the `circle` query');
    }
  });

  it("does not replay the activity of someone hidden from the subscriber by a block", async () => {
    const circle = await foundCircle(test, owner, 'resblock');
    const [reader, blocked, neutral] = await Promise.all([signUp(test.client, 'rcreader'), signUp(test.client, 'rcblocked'), signUp(test.client, 'rcneutral')]);
    for (const person of [reader, neutral, pinger]) await joinCircle(test, person, circle);
    await blockInGraph(test.database, reader, blocked);

    const socket = connect(reader);
    const first = watchOn(socket, circle);
    await untilPostsLive(test, [first], pinger, circle);
    await writePost(test, neutral, circle, 'before the drop');
    const cursor = (await nextReal(first)).circleActivity.cursor;
    await socket.dispose();

    await joinCircle(test, blocked, circle);
    const theirs = await writePost(test, blocked, circle, 'from the blocked one');
    expect((await test.client.request(AddCommentDocument, { input: { postId: theirs.id, body: 'on the blocked one' } }, { token: neutral.token })).errors).toBeUndefined();
    await writePost(test, neutral, circle, 'from a neutral member');

    const resumed = watch(reader, circle, cursor);
    const replayed = (await until(resumed, 'post from a neutral member')).filter((activity) => !isWarmUp(activity)).map(label);
    expect(replayed).toEqual(['post from a neutral member']);

    // Without the block, the same replay holds all of it.
    const bystander = watch(neutral, circle, cursor);
    const all = (await until(bystander, 'post from a neutral member')).filter((activity) => !isWarmUp(activity)).map(label);
    expect(all).toEqual([`JOINED ${blocked.handle}`, 'post from the blocked one', 'comment on the blocked one', 'post from a neutral member']);
  });

  it('refuses a resume by someone no longer allowed to watch the circle', async () => {
    const closed = await foundCircle(test, owner, 'resclosed', { membersOnly: true });
    const leaver = await signUp(test.client, 'rcleaver');
    for (const person of [leaver, pinger]) await joinCircle(test, person, closed);
    const first = watch(leaver, closed);
    await untilPostsLive(test, [first], pinger, closed);
    await writePost(test, owner, closed, 'while a member');
    const cursor = (await nextReal(first)).circleActivity.cursor;
    expect((await test.client.request(LeaveCircleDocument, { slug: closed }, { token: leaver.token })).data?.leaveCircle).toBe(true);
    await writePost(test, owner, closed, 'after they left');

    const error = await refusal(leaver, closed, cursor);
    expect(error?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe("a circle's activity log", () => {
  const entriesOf = async (circleId: string) =>
    test.database.forRequest().read((q) => q.rows<{ seq: number }>('MATCH (e:CircleLogEntry {circleId: $circleId}) RETURN e.seq AS seq ORDER BY seq', { circleId }));
  const idOf = async (circleSlug: string) =>
    (await test.database.forRequest().read((q) => q.one<{ id: string }>('MATCH (c:Circle {slug: $circleSlug}) RETURN c.id AS id', { circleSlug })))!.id;

  it('numbers entries 1, 2, 3… per circle, is pruned past the replay window, and goes with its circle', async () => {
    const founder = await signUp(test.client, 'rcfounder');
    const circle = await foundCircle(test, founder, 'reslog');
    const id = await idOf(circle);
    for (const body of ['one', 'two', 'three']) await writePost(test, founder, circle, body);
    expect((await entriesOf(id)).map((e) => e.seq)).toEqual([1, 2, 3]);

    await test.database.forRequest().write((q) =>
      q.rows("MATCH (e:CircleLogEntry {circleId: $id}) WHERE e.seq < 3 SET e.at = datetime() - duration({minutes: 61})", { id }),
    );
    await new NotificationSweep(test.database, createLogger(test.config), 90, 60).run();
    expect((await entriesOf(id)).map((e) => e.seq)).toEqual([3]);

    // The founder is its only member: deleting their account deletes the circle, and its log.
    expect((await test.client.request(AcctDeleteMyAccountDocument, { password: PASSWORD }, { token: founder.token })).errors).toBeUndefined();
    expect(await entriesOf(id)).toEqual([]);
  });

  it('costs the same to append to and to replay from under 5 entries as under 2,000 (the cost createPost pays, and a resume)', async () => {
    const founder = await signUp(test.client, 'rccost');
    const circle = await foundCircle(test, founder, 'rescost');
    const id = await idOf(circle);
    for (const body of ['one', 'two', 'three', 'four']) await writePost(test, founder, circle, body);

    const costOf = async (work: (db: Db) => Promise<unknown>) => {
      const cost = new PlanCost();
      await work(profilingDb(test.database.driver, testConfig().neo4j.database, cost));
      return cost.dbHits;
    };
    const event = JSON.stringify({ kind: 'POST_DELETED', circleId: id, at: new Date().toISOString(), actorId: founder.id, postId: 'x', authorId: founder.id });
    const second = (await test.database.forRequest().read((q) => q.one<{ id: string }>('MATCH (e:CircleLogEntry {circleId: $id, seq: 2}) RETURN e.id AS id', { id })))!.id;
    const measure = async () => ({
      append: await costOf((db) => appendCircleLog(db, id, new Date().toISOString(), event)),
      replay: await costOf((db) => circleLogSince(db, id, second, 1)),
    });
    const small = await measure();
    // A long log: 1,000 entries before the cursor's and 1,000 after it (the replay would be refused as too many, having read 2).
    await test.database.forRequest().write((q) =>
      q.rows(
        `UNWIND range(1, 1000) AS n
         CREATE (:CircleLogEntry {id: randomUUID(), circleId: $id, seq: -n, at: datetime(), event: $event}),
                (:CircleLogEntry {id: randomUUID(), circleId: $id, seq: 100 + n, at: datetime(), event: $event})`,
        { id, event },
      ),
    );
    const large = await measure();
    console.log(`[index] circle log: append ${small.append} | ${large.append} db hits, replay of 2 entries ${small.replay} | ${large.replay} db hits (a handful of entries | 2,000 more)`);
    expect(small.append).toBeGreaterThan(0);
    expect(large).toEqual(small);
  });
});
