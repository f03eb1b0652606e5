/**
 * Comments and reactions in circleActivity: comment added, edited and removed reach the
 * circle's watchers; reaction changes are coalesced to at most one update a second per post,
 * each with the counts as the watcher sees them; a blocker's comments never reach the person
 * they blocked.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { AddCommentDocument, CommentActivityDocument, DeleteCommentDocument, EditCommentDocument, ReactDocument, type CommentActivitySubscription } from '../../generated/graphql.js';
import { foundCircle, joinCircle, writePost } from '../../helpers/circles.js';
import { ok } from '../../helpers/client.js';
import { blockInGraph, signUp, type Person } from '../../helpers/people.js';
import { serverForTests } from '../../helpers/server.js';
import { socketsPerTest, subscribe, type LiveSubscription } from '../../helpers/subscriptions.js';
import { sleep } from '../../helpers/util.js';

const test = serverForTests();
const sockets = socketsPerTest();

type Activity = CommentActivitySubscription['circleActivity'];

let owner: Person;
let member: Person;
let watcher: Person;
let slug: string;

beforeAll(async () => {
  [owner, member, watcher] = await Promise.all([signUp(test.client, 'lcowner'), signUp(test.client, 'lcmember'), signUp(test.client, 'lcwatcher')]);
  slug = await foundCircle(test, owner, 'livecomments');
  await Promise.all([joinCircle(test, member, slug), joinCircle(test, watcher, slug)]);
});

const addComment = async (person: Person, postId: string, body: string) =>
  (await ok(test.client.request(AddCommentDocument, { input: { postId, body } }, { token: person.token }))).addComment;

/** A watcher's circleActivity, live: warm-up comments by the owner until one arrives (then dropped). */
async function watch(person: Person, postId: string): Promise<LiveSubscription<CommentActivitySubscription>> {
  const sub = subscribe(sockets.connect(test, person.token), CommentActivityDocument, { circleSlug: slug });
  for (let attempt = 0; attempt < 50; attempt++) {
    await addComment(owner, postId, `warm-up ${attempt}`);
    try {
      await sub.next(400);
      await sleep(300);
      sub.drain();
      return sub;
    } catch {
      if (sub.errors.length > 0) throw new Error(JSON.stringify(sub.errors));
    }
  }
  throw new Error('circleActivity never went live');
}

/** Events until `done` says the last has come (or `ms` pass). */
async function collect(sub: LiveSubscription<CommentActivitySubscription>, ms: number): Promise<Activity[]> {
  const events: Activity[] = [];
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      events.push((await sub.next(Math.max(50, until - Date.now()))).circleActivity);
    } catch {
      break;
    }
  }
  return events;
}

describe('comments in circleActivity', () => {
  it('comment added, edited and removed reach the watchers', async () => {
    const post = await writePost(test, owner, slug);
    const sub = await watch(watcher, post.id);
    const comment = await addComment(member, post.id, 'Live thoughts');
    await ok(test.client.request(EditCommentDocument, { input: { id: comment.id, body: 'Live thoughts, edited' } }, { token: member.token }));
    await ok(test.client.request(DeleteCommentDocument, { id: comment.id, reason: 'Off topic' }, { token: owner.token }));
    const events = await collect(sub, 3000);
    expect(events.map((e) => [e.__typename, e.actor.handle, 'comment' in e ? e.comment.body : null])).toEqual([
      ['CommentAddedActivity', member.handle, 'Live thoughts'],
      ['CommentEditedActivity', member.handle, 'Live thoughts, edited'],
      ['CommentRemovedActivity', owner.handle, null],
    ]);
  });

  it('reactions are coalesced to at most one update a second per post, with the final counts', async () => {
    const post = await writePost(test, owner, slug);
    const sub = await watch(watcher, post.id);
    const reactors = await Promise.all(Array.from({ length: 6 }, () => signUp(test.client, 'lcreactor')));
    await Promise.all(reactors.map((person) => joinCircle(test, person, slug)));
    const started = Date.now();
    for (const person of reactors) await ok(test.client.request(ReactDocument, { postId: post.id, kind: 'LIKE' }, { token: person.token }));
    const spent = Date.now() - started;
    const events = (await collect(sub, 3000)).filter((e) => e.__typename === 'ReactionsChangedActivity');
    // One at once, then at most one per further second the reactions took.
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect(events.length).toBeLessThanOrEqual(2 + Math.floor(spent / 1000));
    expect(events.length).toBeLessThan(reactors.length);
    const last = events.at(-1)!;
    expect('reactions' in last && last.reactions).toEqual([{ kind: 'LIKE', count: reactors.length, viewerReacted: false }]);
  });

  it('a blocker’s comments never reach the person they blocked', async () => {
    const post = await writePost(test, owner, slug);
    const blocker = await signUp(test.client, 'lcblocker');
    await joinCircle(test, blocker, slug);
    await blockInGraph(test.database, blocker, watcher);
    const sub = await watch(watcher, post.id);
    await addComment(blocker, post.id, 'You will not see this');
    await addComment(member, post.id, 'But this');
    const events = await collect(sub, 2500);
    expect(events.map((e) => ('comment' in e ? e.comment.body : e.__typename))).toEqual(['But this']);
  });
});
