/**
 * Notifications for tests: a person's lists and counts read through the API, and each kind
 * the server makes today caused through the API, as it happens in the product.
 */
import { expect } from 'vitest';
import { Role } from '../../src/auth/roles.js';
import type { Database } from '../../src/db/database.js';
import {
  AddCommentDocument,
  BanMemberDocument,
  DeleteCommentDocument,
  ConnRespondDocument,
  InviteToCircleDocument,
  NotificationsBadgeDocument,
  NotificationsDocument,
  NotificationsRemovePostDocument,
  NotificationsSetPolicyDocument,
  NotificationsTotalDocument,
  NotificationsVerifyDocument,
  ReactDocument,
  RecordCreditScoreDocument,
  ReportContentDocument,
  ResolveReportDocument,
  SetMemberRoleDocument,
  type NotificationFieldsFragment,
  type NotificationKind,
  type NotificationPolicyInput,
  type NotificationsQueryVariables,
} from '../generated/graphql.js';
import { foundCircle, joinCircle, writePost } from './circles.js';
import { ok } from './client.js';
import { requestConnection, serviceToken, signUp, type Person } from './people.js';
import type { TestServer } from './server.js';

export type Note = NotificationFieldsFragment;

/** Every notification of one of the person's lists (up to 100), newest activity first. */
export async function notificationsOf(test: TestServer, person: Person, args: NotificationsQueryVariables = {}): Promise<Note[]> {
  const data = await ok(test.client.request(NotificationsDocument, { first: 100, ...args }, { token: person.token }));
  return data.notifications.edges.map((edge) => edge.node);
}

/** What `me` says of the person's notifications: the two unread counts and the policy. */
export async function badgeOf(test: TestServer, person: Person) {
  const { me } = await ok(test.client.request(NotificationsBadgeDocument, {}, { token: person.token }));
  return { unread: me!.unreadNotificationCount, unreadFiltered: me!.unreadFilteredNotificationCount, policy: me!.notificationPolicy };
}

export async function choosePolicy(test: TestServer, person: Person, input: NotificationPolicyInput) {
  return (await ok(test.client.request(NotificationsSetPolicyDocument, { input }, { token: person.token }))).setNotificationPolicy.notificationPolicy!;
}

/** Makes the account `days` old (sign-up cannot): the policy treats younger than a week as new. */
export async function ageAccount(database: Database, person: Person, days = 30): Promise<void> {
  await database.forRequest().write((q) =>
    q.rows('MATCH (u:User {id: $id}) SET u.createdAt = datetime() - duration({days: $days})', { id: person.id, days }),
  );
}

/** A person whose account is a month old: past the policy's new-account class. */
export async function established(test: TestServer, prefix: string): Promise<Person> {
  const person = await signUp(test.client, prefix);
  await ageAccount(test.database, person);
  return person;
}

export async function verify(test: TestServer, person: Person): Promise<void> {
  await ok(test.client.request(NotificationsVerifyDocument, { handle: person.handle }, { token: serviceToken(test, Role.IDENTITY_VERIFIER) }));
}

/** Who causes a kind (src/graph/notification-kinds.ts): a person, a circle's moderators, or a service. */
export type Source = 'PERSON' | 'CIRCLE' | 'SERVICE';

export interface Cause {
  kind: NotificationKind;
  source: Source;
  /** Has `actor` cause one to `recipient` through the API (the moderator, for circle kinds); services act alone. */
  run(test: TestServer, actor: Person, recipient: Person): Promise<void>;
}

/** A circle `moderator` founded, with `member` in it. */
async function circleWith(test: TestServer, moderator: Person, member: Person): Promise<string> {
  const slug = await foundCircle(test, moderator, 'notify');
  await joinCircle(test, member, slug);
  return slug;
}

/** A public circle `founder` founded, `joiner` joined, and a post `author` wrote in it. */
async function postIn(test: TestServer, founder: Person, joiner: Person, author: Person): Promise<string> {
  const slug = await circleWith(test, founder, joiner);
  return (await writePost(test, author, slug, `Tea notes by ${author.handle}`)).id;
}

const commentOn = async (test: TestServer, person: Person, postId: string, body: string, replyToId: string | null = null) =>
  (await ok(test.client.request(AddCommentDocument, { input: { postId, body, replyToId } }, { token: person.token }))).addComment.id;

/** How to make each kind (notifications.test.ts checks that every kind is here). */
export const CAUSES: Cause[] = [
  {
    kind: 'CONNECTION_REQUEST_RECEIVED',
    source: 'PERSON',
    run: async (test, actor, recipient) => void (await ok(requestConnection(test.client, actor, recipient, `Hello from ${actor.handle}`))),
  },
  {
    kind: 'CONNECTION_REQUEST_ACCEPTED',
    source: 'PERSON',
    run: async (test, actor, recipient) => {
      await ok(requestConnection(test.client, recipient, actor, `Hello from ${recipient.handle}`));
      await ok(test.client.request(ConnRespondDocument, { fromHandle: recipient.handle, accept: true }, { token: actor.token }));
    },
  },
  {
    kind: 'COMMENT_ON_POST',
    source: 'PERSON',
    run: async (test, actor, recipient) => void (await commentOn(test, actor, await postIn(test, recipient, actor, recipient), 'Lovely')),
  },
  {
    kind: 'REPLY_TO_COMMENT',
    source: 'PERSON',
    run: async (test, actor, recipient) => {
      // On the recipient's own post, a reply to their comment is one notification: the reply.
      const postId = await postIn(test, recipient, actor, recipient);
      await commentOn(test, actor, postId, 'Agreed', await commentOn(test, recipient, postId, 'What do you think?'));
    },
  },
  {
    kind: 'MENTION',
    source: 'PERSON',
    run: async (test, actor, recipient) => void (await commentOn(test, actor, await postIn(test, actor, recipient, actor), `Ask @${recipient.handle}`)),
  },
  {
    kind: 'REACTIONS_TO_POST',
    source: 'PERSON',
    run: async (test, actor, recipient) =>
      void (await ok(test.client.request(ReactDocument, { postId: await postIn(test, recipient, actor, recipient), kind: 'LOVE' }, { token: actor.token }))),
  },
  {
    kind: 'CIRCLE_INVITATION',
    source: 'PERSON',
    run: async (test, actor, recipient) => {
      const slug = await foundCircle(test, actor, 'invite', { joinPolicy: 'INVITE_ONLY' });
      await ok(test.client.request(InviteToCircleDocument, { circleSlug: slug, handle: recipient.handle }, { token: actor.token }));
    },
  },
  {
    kind: 'REPORT_RESOLVED',
    source: 'CIRCLE',
    run: async (test, actor, recipient) => {
      // The recipient reported a third person's post in the actor's circle; trust and safety
      // dismisses it (a circle's moderator does not see reports from someone with a block
      // between them, so the block tests could not run it twice).
      const author = await signUp(test.client, 'nrauth');
      const slug = await circleWith(test, actor, recipient);
      await joinCircle(test, author, slug);
      const post = await writePost(test, author, slug, 'Borderline tea advice');
      const { reportContent } = await ok(test.client.request(ReportContentDocument, { input: { subjectId: post.id, reason: 'MISINFORMATION' } }, { token: recipient.token }));
      await ok(test.client.request(ResolveReportDocument, { input: { reportId: reportContent.id, action: 'DISMISS', note: 'Within the rules' } }, { token: serviceToken(test, Role.TRUST_AND_SAFETY) }));
    },
  },
  {
    kind: 'COMMENT_REMOVED',
    source: 'CIRCLE',
    run: async (test, actor, recipient) => {
      const commentId = await commentOn(test, recipient, await postIn(test, actor, recipient, recipient), 'Cheap tea, DM me');
      await ok(test.client.request(DeleteCommentDocument, { id: commentId, reason: 'No selling here' }, { token: actor.token }));
    },
  },
  {
    kind: 'POST_REMOVED',
    source: 'CIRCLE',
    run: async (test, actor, recipient) => {
      const slug = await circleWith(test, actor, recipient);
      const post = await writePost(test, recipient, slug, 'Selling cheap tea, DM me');
      await ok(test.client.request(NotificationsRemovePostDocument, { id: post.id, reason: 'No selling here' }, { token: actor.token }));
    },
  },
  {
    kind: 'BANNED_FROM_CIRCLE',
    source: 'CIRCLE',
    run: async (test, actor, recipient) => {
      const slug = await circleWith(test, actor, recipient);
      await ok(test.client.request(BanMemberDocument, { circleSlug: slug, handle: recipient.handle, reason: 'Repeated spam' }, { token: actor.token }));
    },
  },
  {
    kind: 'ROLE_CHANGED',
    source: 'CIRCLE',
    run: async (test, actor, recipient) => {
      const slug = await circleWith(test, actor, recipient);
      await ok(test.client.request(SetMemberRoleDocument, { circleSlug: slug, handle: recipient.handle, role: 'MODERATOR' }, { token: actor.token }));
    },
  },
  {
    kind: 'CREDIT_SCORE_RECORDED',
    source: 'SERVICE',
    run: async (test, _actor, recipient) =>
      void (await ok(
        test.client.request(
          RecordCreditScoreDocument,
          { handle: recipient.handle, score: 712, source: 'Sesame Credit', observedAt: new Date().toISOString() },
          { token: serviceToken(test, Role.CREDIT_BUREAU) },
        ),
      )),
  },
  {
    kind: 'REAL_NAME_VERIFIED',
    source: 'SERVICE',
    run: (test, _actor, recipient) => verify(test, recipient),
  },
];

/** The recipient's notifications of `kind` in one list. */
export async function ofKind(test: TestServer, recipient: Person, kind: NotificationKind, filtered = false): Promise<Note[]> {
  return (await notificationsOf(test, recipient, { filtered })).filter((note) => note.kind === kind);
}

/** The person's unread counts as stored, against their unread notifications as the lists show them. */
export async function expectCountsMatchLists(test: TestServer, person: Person): Promise<void> {
  const [main, filtered, badge] = await Promise.all([
    notificationsOf(test, person, { unreadOnly: true }),
    notificationsOf(test, person, { unreadOnly: true, filtered: true }),
    badgeOf(test, person),
  ]);
  expect({ unread: badge.unread, unreadFiltered: badge.unreadFiltered }).toEqual({ unread: main.length, unreadFiltered: filtered.length });
}

/** The four lists (main or filtered, all or unread only), as `notifications` takes them. */
const LISTS = [false, true].flatMap((filtered) => [false, true].map((unreadOnly) => ({ filtered, unreadOnly })));

/** What each list's `totalCount` says, keyed `main`/`filtered` and `all`/`unread`. */
export async function totalsOf(test: TestServer, person: Person): Promise<Record<string, number>> {
  const totals = await Promise.all(
    LISTS.map(async (list) => (await ok(test.client.request(NotificationsTotalDocument, list, { token: person.token }))).notifications.totalCount),
  );
  return Object.fromEntries(LISTS.map((list, i) => [`${list.filtered ? 'filtered' : 'main'} ${list.unreadOnly ? 'unread' : 'all'}`, totals[i]!]));
}

/** Each list's kept `totalCount` against the list itself (up to 100) and against the graph, counted. */
export async function expectTotalsMatchLists(test: TestServer, person: Person): Promise<void> {
  const lengths = await Promise.all(LISTS.map(async (list) => (await notificationsOf(test, person, list)).length));
  const counted = await test.database.forRequest().read((q) =>
    q.rows<{ filtered: boolean; all: number; unread: number }>(
      `UNWIND [false, true] AS filtered
       RETURN filtered, COUNT { MATCH (n:Notification) WHERE n.recipientId = $id AND n.filtered = filtered } AS all,
              COUNT { MATCH (n:Notification) WHERE n.recipientId = $id AND n.filtered = filtered AND n.readAt IS NULL } AS unread`,
      { id: person.id },
    ),
  );
  const inGraph = Object.fromEntries(counted.flatMap((row) => [[`${row.filtered ? 'filtered' : 'main'} all`, row.all], [`${row.filtered ? 'filtered' : 'main'} unread`, row.unread]]));
  const listed = Object.fromEntries(LISTS.map((list, i) => [`${list.filtered ? 'filtered' : 'main'} ${list.unreadOnly ? 'unread' : 'all'}`, lengths[i]!]));
  const totals = await totalsOf(test, person);
  expect(totals, 'totalCount against the lists').toEqual(listed);
  expect(totals, 'totalCount against the graph').toEqual(inGraph);
}
