/**
 * Aggregate notifications ("Li Na and 4 others reacted to your post"): one per post that
 * gains actors. Reactions arrive with comments and reactions (issue 14); until then their
 * producer is played here by calling notify (src/graph/notifications.ts) in a transaction of
 * its own, as a reaction's write will inside its own. Everything is read back through the
 * public API. The rule itself: test/unit/notification-plan.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { NotificationKind } from '../../../src/graph/notification-kinds.js';
import { forgetActor, notify, type NotificationEvent } from '../../../src/graph/notifications.js';
import { AcctDeleteMyAccountDocument, BlocksBlockDocument, NotificationsMarkReadDocument } from '../../generated/graphql.js';
import { foundCircle, joinCircle, writePost } from '../../helpers/circles.js';
import { ok } from '../../helpers/client.js';
import { badgeOf, choosePolicy, established, expectCountsMatchLists, notificationsOf } from '../../helpers/notifications.js';
import { PASSWORD, requestConnection, signUp, type Person } from '../../helpers/people.js';
import { serverForTests } from '../../helpers/server.js';

const test = serverForTests();

const cause = (event: NotificationEvent) => test.database.forRequest().write((q) => notify(q, [event]));
const react = (actor: Person, owner: Person, postId: string) => cause({ kind: NotificationKind.REACTIONS_TO_POST, recipientId: owner.id, actorId: actor.id, postId });
/** What unreacting will do: take the actor back out. */
const unreact = (actor: Person, owner: Person) =>
  test.database.forRequest().write((q) => forgetActor(q, [{ actorId: actor.id, recipientId: owner.id, kind: NotificationKind.REACTIONS_TO_POST }]));
const block = (blocker: Person, blocked: Person) => ok(test.client.request(BlocksBlockDocument, { handle: blocked.handle }, { token: blocker.token }));

/** The owner of a post in a circle of their own, and `n` established people to react to it. */
async function scene(n: number) {
  const owner = await signUp(test.client, 'naown');
  const slug = await foundCircle(test, owner, 'react');
  const post = await writePost(test, owner, slug, 'Longjing, first flush');
  const people: Person[] = [];
  for (let i = 0; i < n; i++) people.push(await established(test, `nar${i}`));
  return { owner, slug, post, people };
}

describe('reactions to a post gather in one notification', () => {
  it('shows the latest actor and how many others, with the post, counted once', async () => {
    const { owner, post, people } = await scene(5);
    for (const person of people) await react(person, owner, post.id);
    const notes = await notificationsOf(test, owner);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ kind: 'REACTIONS_TO_POST', actor: { handle: people[4]!.handle }, otherActorCount: 4, post: { id: post.id, body: 'Longjing, first flush' }, readAt: null });
    expect(await badgeOf(test, owner)).toMatchObject({ unread: 1 });
  });

  it('a new actor brings a read one back to the top, unread; someone reacting again changes nothing', async () => {
    const { owner, post, people } = await scene(3);
    await react(people[0]!, owner, post.id);
    await ok(requestConnection(test.client, people[2]!, owner, 'Later news'));
    await ok(test.client.request(NotificationsMarkReadDocument, {}, { token: owner.token }));
    expect((await notificationsOf(test, owner)).map((n) => n.kind)).toEqual(['CONNECTION_REQUEST_RECEIVED', 'REACTIONS_TO_POST']);

    await react(people[1]!, owner, post.id);
    const [top, next] = await notificationsOf(test, owner);
    expect(top).toMatchObject({ kind: 'REACTIONS_TO_POST', actor: { handle: people[1]!.handle }, otherActorCount: 1, readAt: null });
    expect(new Date(top!.updatedAt).getTime()).toBeGreaterThan(new Date(top!.createdAt).getTime());
    expect(next!.kind).toBe('CONNECTION_REQUEST_RECEIVED');
    expect(await badgeOf(test, owner)).toMatchObject({ unread: 1 });

    await ok(test.client.request(NotificationsMarkReadDocument, {}, { token: owner.token }));
    const before = await notificationsOf(test, owner);
    await react(people[0]!, owner, post.id);
    expect(await notificationsOf(test, owner)).toEqual(before);
    expect(await badgeOf(test, owner)).toMatchObject({ unread: 0 });
  });

  it('each post has its own', async () => {
    const { owner, slug, post, people } = await scene(1);
    const other = await writePost(test, owner, slug, 'Biluochun');
    await react(people[0]!, owner, post.id);
    await react(people[0]!, owner, other.id);
    expect((await notificationsOf(test, owner)).map((n) => [n.post?.id, n.otherActorCount])).toEqual([
      [other.id, 0],
      [post.id, 0],
    ]);
  });

  it('the policy judges each actor: a new account joins the filtered list’s own, a dropped one no list', async () => {
    const { owner, post, people } = await scene(1);
    const [newcomer, another] = await Promise.all([signUp(test.client, 'nanew'), signUp(test.client, 'nanew')]);
    await react(people[0]!, owner, post.id);
    await react(newcomer, owner, post.id);
    expect((await notificationsOf(test, owner))[0]).toMatchObject({ actor: { handle: people[0]!.handle }, otherActorCount: 0 });
    expect((await notificationsOf(test, owner, { filtered: true }))[0]).toMatchObject({ actor: { handle: newcomer.handle }, otherActorCount: 0 });
    await choosePolicy(test, owner, { newAccounts: 'DROP' });
    await react(another, owner, post.id);
    expect((await notificationsOf(test, owner, { filtered: true }))[0]).toMatchObject({ actor: { handle: newcomer.handle }, otherActorCount: 0 });
    await expectCountsMatchLists(test, owner);
  });

  it('taking a reaction back takes its actor out; the last one out takes the notification along', async () => {
    const { owner, post, people } = await scene(2);
    await react(people[0]!, owner, post.id);
    await react(people[1]!, owner, post.id);
    await unreact(people[1]!, owner);
    expect(await notificationsOf(test, owner)).toMatchObject([{ actor: { handle: people[0]!.handle }, otherActorCount: 0 }]);
    await unreact(people[0]!, owner);
    expect(await notificationsOf(test, owner)).toEqual([]);
    expect(await badgeOf(test, owner)).toMatchObject({ unread: 0 });
  });
});

describe('blocks and deleted accounts in aggregate notifications', () => {
  it.each([
    ['the owner blocks the latest actor', (actor: Person, owner: Person) => block(owner, actor)],
    ['the latest actor blocks the owner', (actor: Person, owner: Person) => block(actor, owner)],
  ])('%s: the one before is shown, the count drops, and they cause nothing more', async (_, blocks) => {
    const { owner, post, people } = await scene(4);
    for (const person of people) await react(person, owner, post.id);
    await blocks(people[3]!, owner);
    expect(await notificationsOf(test, owner)).toMatchObject([{ actor: { handle: people[2]!.handle }, otherActorCount: 2 }]);
    await react(people[3]!, owner, post.id);
    expect(await notificationsOf(test, owner)).toMatchObject([{ actor: { handle: people[2]!.handle }, otherActorCount: 2 }]);
  });

  it('blocking the only actor takes the notification and its unread count along', async () => {
    const { owner, post, people } = await scene(1);
    await react(people[0]!, owner, post.id);
    await block(owner, people[0]!);
    expect(await notificationsOf(test, owner)).toEqual([]);
    expect(await badgeOf(test, owner)).toMatchObject({ unread: 0 });
  });

  it('a deleted account counts no more', async () => {
    const { owner, post, people } = await scene(3);
    for (const person of people) await react(person, owner, post.id);
    await ok(test.client.request(AcctDeleteMyAccountDocument, { password: PASSWORD }, { token: people[1]!.token }));
    expect(await notificationsOf(test, owner)).toMatchObject([{ actor: { handle: people[2]!.handle }, otherActorCount: 1 }]);
  });
});

describe('the post a notification is about', () => {
  it('shows only while the recipient may read it: not once they leave a members-only circle', async () => {
    const [author, me] = await Promise.all([established(test, 'namention'), signUp(test.client, 'name')]);
    const slug = await foundCircle(test, author, 'private', { membersOnly: true });
    await joinCircle(test, me, slug);
    const post = await writePost(test, author, slug, 'Ask @me about tea');
    await cause({ kind: NotificationKind.MENTION, recipientId: me.id, actorId: author.id, postId: post.id });
    expect((await notificationsOf(test, me))[0]!.post).toMatchObject({ id: post.id });
    await test.database.forRequest().write((q) => q.rows('MATCH (:User {id: $id})-[m:MEMBER_OF]->(:Circle {slug: $slug}) DELETE m', { id: me.id, slug }));
    expect((await notificationsOf(test, me))[0]).toMatchObject({ kind: 'MENTION', actor: { handle: author.handle }, post: null });
  });
});
