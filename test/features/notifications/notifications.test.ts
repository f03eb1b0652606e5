/**
 * Stored notifications through the public API: every kind the server makes and what
 * each shows, the two lists and their pages, markNotificationsRead, the unread counts and the
 * policy on `me` (the owner's alone), and what deleting an account or withdrawing a request
 * takes along. Policy: policy.test.ts; blocks: blocks.test.ts; aggregation: aggregation.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { NotificationKind } from '../../../src/graph/notification-kinds.js';
import {
  AcctDeleteMyAccountDocument,
  ConnWithdrawDocument,
  DeletePostDocument,
  NotificationsDocument,
  NotificationsMarkReadDocument,
  NotificationsOfDocument,
  NotificationsRemovePostDocument,
  SetMemberRoleDocument,
  type NotificationsQuery,
} from '../../generated/graphql.js';
import { foundCircle, joinCircle, writePost } from '../../helpers/circles.js';
import { errorCodes, ok } from '../../helpers/client.js';
import { badgeOf, CAUSES, choosePolicy, established, expectCountsMatchLists, notificationsOf, ofKind, verify, type Note } from '../../helpers/notifications.js';
import { PASSWORD, requestConnection, signUp, type Person } from '../../helpers/people.js';
import { serverForTests } from '../../helpers/server.js';

const test = serverForTests();

const cause = (kind: string) => CAUSES.find((c) => c.kind === kind)!;

async function markRead(person: Person, upTo?: string | null) {
  return test.client.request(NotificationsMarkReadDocument, upTo === undefined ? {} : { upTo }, { token: person.token });
}

/** The one notification of `kind` the recipient has, after `actor` caused it. */
async function caused(kind: string, actor: Person, recipient: Person): Promise<Note> {
  await cause(kind).run(test, actor, recipient);
  const notes = await ofKind(test, recipient, kind as Note['kind']);
  expect(notes).toHaveLength(1);
  return notes[0]!;
}

describe('every kind', () => {
  it('has a way to cause it through the API in the tests (CAUSES), which the policy and block tests run', () => {
    expect(CAUSES.map((c) => c.kind).sort()).toEqual(Object.values(NotificationKind).sort());
  });

  it('a connection request: its sender is the actor, with the icebreaker; unread and counted', async () => {
    const [li, me] = [await established(test, 'nli'), await signUp(test.client, 'nme')];
    const before = Date.now();
    const note = await caused('CONNECTION_REQUEST_RECEIVED', li, me);
    expect(note).toMatchObject({ actor: { id: li.id, handle: li.handle }, message: `Hello from ${li.handle}`, readAt: null, filtered: false, otherActorCount: 0, circle: null, post: null });
    expect(new Date(note.createdAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(note.updatedAt).toBe(note.createdAt);
    expect(await badgeOf(test, me)).toMatchObject({ unread: 1, unreadFiltered: 0 });
  });

  it('an accepted request: the person who accepted is the actor', async () => {
    const [li, me] = [await established(test, 'nli'), await signUp(test.client, 'nme')];
    const note = await caused('CONNECTION_REQUEST_ACCEPTED', li, me);
    expect(note).toMatchObject({ actor: { handle: li.handle }, message: null, readAt: null });
  });

  it('a post removed by a moderator: the circle, how the post began and the reason; the moderator is not named', async () => {
    const [mod, me] = await Promise.all([signUp(test.client, 'nmod'), signUp(test.client, 'nme')]);
    const note = await caused('POST_REMOVED', mod, me);
    expect(note).toMatchObject({ actor: null, reason: 'No selling here', postExcerpt: 'Selling cheap tea, DM me', post: null, circle: { name: expect.stringMatching(/^Notify /) } });
  });

  it('a removed long post is shown by its first 100 characters', async () => {
    const [mod, me] = await Promise.all([signUp(test.client, 'nmod'), signUp(test.client, 'nme')]);
    const slug = await foundCircle(test, mod, 'notify');
    await joinCircle(test, me, slug);
    const post = await writePost(test, me, slug, `${'龙井'.repeat(60)} and more`);
    await ok(test.client.request(NotificationsRemovePostDocument, { id: post.id }, { token: mod.token }));
    const [note] = await ofKind(test, me, 'POST_REMOVED');
    expect(note).toMatchObject({ reason: null, postExcerpt: `${'龙井'.repeat(49)}龙…` });
  });

  it('a ban: the circle and the reason, no actor', async () => {
    const [mod, me] = await Promise.all([signUp(test.client, 'nmod'), signUp(test.client, 'nme')]);
    expect(await caused('BANNED_FROM_CIRCLE', mod, me)).toMatchObject({ actor: null, reason: 'Repeated spam', circle: { name: expect.stringMatching(/^Notify /) } });
  });

  it('a role change: the circle and the new role; setting the same role again says nothing', async () => {
    const [mod, me] = await Promise.all([signUp(test.client, 'nmod'), signUp(test.client, 'nme')]);
    const note = await caused('ROLE_CHANGED', mod, me);
    expect(note).toMatchObject({ actor: null, role: 'MODERATOR', circle: { slug: expect.any(String) } });
    await ok(test.client.request(SetMemberRoleDocument, { circleSlug: note.circle!.slug, handle: me.handle, role: 'MODERATOR' }, { token: mod.token }));
    expect(await ofKind(test, me, 'ROLE_CHANGED')).toHaveLength(1);
  });

  it('a credit score recorded: the score, no actor', async () => {
    const me = await signUp(test.client, 'nme');
    expect(await caused('CREDIT_SCORE_RECORDED', me, me)).toMatchObject({ actor: null, creditScore: 712, circle: null });
  });

  it('a verified real name: no actor; verifying again says nothing', async () => {
    const me = await signUp(test.client, 'nme');
    expect(await caused('REAL_NAME_VERIFIED', me, me)).toMatchObject({ actor: null });
    await verify(test, me);
    expect(await ofKind(test, me, 'REAL_NAME_VERIFIED')).toHaveLength(1);
  });

  it('deleting your own post notifies nobody; a reason for it is refused with BAD_USER_INPUT naming reason, and nothing is deleted', async () => {
    const me = await signUp(test.client, 'nme');
    const slug = await foundCircle(test, me, 'notify');
    const post = await writePost(test, me, slug);
    const refused = await test.client.request(NotificationsRemovePostDocument, { id: post.id, reason: 'Typo' }, { token: me.token });
    expect(errorCodes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(refused.errors![0]!.extensions!.field).toBe('reason');
    expect(await notificationsOf(test, me)).toEqual([]);
    await ok(test.client.request(DeletePostDocument, { id: post.id }, { token: me.token }));
    expect(await notificationsOf(test, me)).toEqual([]);
  });

  it('a withdrawn request takes its notification along, and the count follows', async () => {
    const [li, me] = [await established(test, 'nli'), await signUp(test.client, 'nme')];
    await cause('CONNECTION_REQUEST_RECEIVED').run(test, li, me);
    expect(await badgeOf(test, me)).toMatchObject({ unread: 1 });
    await ok(test.client.request(ConnWithdrawDocument, { handle: me.handle }, { token: li.token }));
    expect(await notificationsOf(test, me)).toEqual([]);
    expect(await badgeOf(test, me)).toMatchObject({ unread: 0 });
  });
});

/** A recipient with `n` requests from established people, oldest first. */
async function withRequests(n: number): Promise<{ me: Person; senders: Person[] }> {
  const me = await signUp(test.client, 'nme');
  const senders: Person[] = [];
  for (let i = 0; i < n; i++) {
    const sender = await established(test, `ns${i}`);
    await ok(requestConnection(test.client, sender, me, `Request ${i}`));
    senders.push(sender);
  }
  return { me, senders };
}

describe('notifications(first, after, unreadOnly, filtered)', () => {
  it('lists the latest first and pages with cursors, each page continuing where the last ended', async () => {
    const { me } = await withRequests(5);
    const all = await notificationsOf(test, me);
    expect(all.map((n) => n.message)).toEqual(['Request 4', 'Request 3', 'Request 2', 'Request 1', 'Request 0']);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const data: NotificationsQuery = await ok(test.client.request(NotificationsDocument, { first: 2, after }, { token: me.token }));
      seen.push(...data.notifications.edges.map((e) => e.node.message!));
      if (!data.notifications.pageInfo.hasNextPage) break;
      after = data.notifications.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.map((n) => n.message));
  });

  it('unreadOnly leaves out what was read; filtered: true is the other list', async () => {
    const { me } = await withRequests(3);
    const [newest, middle] = await notificationsOf(test, me);
    await ok(markRead(me, middle!.id));
    expect((await notificationsOf(test, me, { unreadOnly: true })).map((n) => n.id)).toEqual([newest!.id]);
    expect(await notificationsOf(test, me, { filtered: true })).toEqual([]);
  });

  it('refuses a foreign cursor and a page over the limit with BAD_USER_INPUT naming the argument', async () => {
    const { me } = await withRequests(1);
    const badCursor = await test.client.request(NotificationsDocument, { after: 'not-a-cursor' }, { token: me.token });
    expect(errorCodes(badCursor)).toEqual(['BAD_USER_INPUT']);
    expect(badCursor.errors![0]!.extensions!.field).toBe('after');
    const tooMany = await test.client.request(NotificationsDocument, { first: 101 }, { token: me.token });
    expect(errorCodes(tooMany)).toEqual(['BAD_USER_INPUT']);
    expect(tooMany.errors![0]!.extensions!.field).toBe('first');
  });

  it('needs a signed-in person', async () => {
    expect(errorCodes(await test.client.request(NotificationsDocument, {}))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('markNotificationsRead(upTo)', () => {
  it('marks that one and every older one read, and the count follows', async () => {
    const { me } = await withRequests(4);
    const [n4, n3, n2, n1] = await notificationsOf(test, me);
    const answer = await ok(markRead(me, n3!.id));
    expect(answer.markNotificationsRead).toMatchObject({ id: me.id, unreadNotificationCount: 1 });
    const after = await notificationsOf(test, me);
    expect(after.map((n) => [n.id, n.readAt !== null])).toEqual([
      [n4!.id, false],
      [n3!.id, true],
      [n2!.id, true],
      [n1!.id, true],
    ]);
    await expectCountsMatchLists(test, me);
  });

  it('without upTo marks all of both lists read', async () => {
    const { me } = await withRequests(2);
    const newcomer = await signUp(test.client, 'nnew');
    await ok(requestConnection(test.client, newcomer, me, 'From a new account'));
    expect(await badgeOf(test, me)).toMatchObject({ unread: 2, unreadFiltered: 1 });
    expect((await ok(markRead(me))).markNotificationsRead).toMatchObject({ unreadNotificationCount: 0, unreadFilteredNotificationCount: 0 });
    expect([...(await notificationsOf(test, me)), ...(await notificationsOf(test, me, { filtered: true }))].every((n) => n.readAt !== null)).toBe(true);
  });

  it('upTo in the filtered list marks only that list', async () => {
    const { me } = await withRequests(1);
    const newcomer = await signUp(test.client, 'nnew');
    await ok(requestConnection(test.client, newcomer, me, 'From a new account'));
    const [filtered] = await notificationsOf(test, me, { filtered: true });
    await ok(markRead(me, filtered!.id));
    expect(await badgeOf(test, me)).toMatchObject({ unread: 1, unreadFiltered: 0 });
  });

  it('refuses another person’s notification, or an id nobody has, with NOT_FOUND, and marks nothing', async () => {
    const { me } = await withRequests(1);
    const { me: other } = await withRequests(1);
    const [theirs] = await notificationsOf(test, other);
    for (const upTo of [theirs!.id, 'no-such-notification']) {
      const refused = await markRead(me, upTo);
      expect(errorCodes(refused)).toEqual(['NOT_FOUND']);
      expect(refused.errors![0]!.message).toContain('send no upTo to mark them all read');
    }
    expect(await badgeOf(test, me)).toMatchObject({ unread: 1 });
    expect(await badgeOf(test, other)).toMatchObject({ unread: 1 });
  });

  it('marking again changes nothing', async () => {
    const { me } = await withRequests(2);
    await ok(markRead(me));
    const readAt = (await notificationsOf(test, me)).map((n) => n.readAt);
    await ok(markRead(me));
    expect((await notificationsOf(test, me)).map((n) => n.readAt)).toEqual(readAt);
    expect(await badgeOf(test, me)).toMatchObject({ unread: 0 });
  });
});

describe('the counts and the policy on User are their owner’s alone', () => {
  it('are null for anyone else, whatever they hold', async () => {
    const { me, senders } = await withRequests(1);
    const seen = await ok(test.client.request(NotificationsOfDocument, { handle: me.handle }, { token: senders[0]!.token }));
    expect(seen.user).toEqual({ id: me.id, unreadNotificationCount: null, unreadFilteredNotificationCount: null, notificationPolicy: null });
    const own = await ok(test.client.request(NotificationsOfDocument, { handle: me.handle }, { token: me.token }));
    expect(own.user).toMatchObject({ unreadNotificationCount: 1, unreadFilteredNotificationCount: 0, notificationPolicy: { strangers: 'SHOW' } });
  });
});

describe('setNotificationPolicy', () => {
  it('starts from the defaults, changes only what is sent, and null goes back to the default', async () => {
    const me = await signUp(test.client, 'nme');
    expect((await badgeOf(test, me)).policy).toEqual({ strangers: 'SHOW', unverified: 'SHOW', newAccounts: 'FILTER' });
    expect(await choosePolicy(test, me, { strangers: 'FILTER' })).toEqual({ strangers: 'FILTER', unverified: 'SHOW', newAccounts: 'FILTER' });
    expect(await choosePolicy(test, me, { unverified: 'DROP', newAccounts: 'SHOW' })).toEqual({ strangers: 'FILTER', unverified: 'DROP', newAccounts: 'SHOW' });
    expect(await choosePolicy(test, me, { strangers: null, newAccounts: null })).toEqual({ strangers: 'SHOW', unverified: 'DROP', newAccounts: 'FILTER' });
    expect((await badgeOf(test, me)).policy).toEqual({ strangers: 'SHOW', unverified: 'DROP', newAccounts: 'FILTER' });
  });
});

describe('deleting an account', () => {
  it('takes its notifications along, and takes it out of those it caused others, with their counts', async () => {
    const [doomed, me] = [await established(test, 'ndoom'), await signUp(test.client, 'nme')];
    const other = await established(test, 'nother');
    await ok(requestConnection(test.client, doomed, me, 'Soon gone'));
    await ok(requestConnection(test.client, other, me, 'Still here'));
    await ok(requestConnection(test.client, other, doomed, 'Hello'));
    expect(await badgeOf(test, me)).toMatchObject({ unread: 2 });
    await ok(test.client.request(AcctDeleteMyAccountDocument, { password: PASSWORD }, { token: doomed.token }));
    expect((await notificationsOf(test, me)).map((n) => n.message)).toEqual(['Still here']);
    expect(await badgeOf(test, me)).toMatchObject({ unread: 1 });
    const left = await test.database.forRequest().read((q) =>
      q.one<{ n: number }>('MATCH (n:Notification) WHERE n.recipientId = $id RETURN count(n) AS n', { id: doomed.id }),
    );
    expect(left!.n).toBe(0);
  });
});
