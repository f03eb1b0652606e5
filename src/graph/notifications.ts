/**
 * Notifications in Cypher, for the features whose writes cause them: each calls `notify`
 * inside its own write transaction, so a notification exists exactly when what caused it
 * committed; and `forgetActor` when a block, a withdrawal or a deleted account takes a
 * person back out of notifications they caused.
 *
 *   (:Notification {id, kind, recipientId, filtered, createdAt, at, unreadAt, readAt,
 *                   groupKey, actorCount, lastActorId, circleId, postId, postExcerpt,
 *                   reason, role, score, message, reportAction})-[:ACTOR {at}]->(:User)
 *
 * `at` is the last activity (the lists' order); `unreadAt` equals it while unread and is
 * removed on reading, so unread pages read an index of their own. The recipient's
 * `unreadNotifications` and `unreadFilteredNotifications` count the unread notifications of
 * each list, and `notificationCount` and `filteredNotificationCount` all of each list (the
 * lists' `totalCount`); every write that changes them first takes the recipient's lock
 * (lockPerson), so concurrent writes count in turn.
 */
import type { Queries } from '../db/database.js';
import { int } from '../db/database.js';
import { policyOrDefault, type NotificationPolicy } from '../privacy/notification-policy.js';
import type { NotificationKind } from './notification-kinds.js';
import { groupKeyOf, planNotifications, type EventFacts, type NotificationEvent } from './notification-plan.js';
import { LOCK_PERSON_CLAUSE } from './people.js';

export type { NotificationEvent } from './notification-plan.js';

/** A notification a write just made or brought back to the top: for the live stream, after commit. */
export interface AddedNotification {
  id: string;
  recipientId: string;
  kind: NotificationKind;
  filtered: boolean;
  /** Who caused it last (null for moderation and services): the hub keeps it from people they blocked. */
  actorId: string | null;
}

/** What a write that may notify people returns: its own row, and the notifications to announce once it has committed. */
export interface Notifying<T> {
  row: T;
  notifications: AddedNotification[];
}

/**
 * Adds `unread` to `person`'s unread count of the list `filtered` names, and `all` to its
 * count of every notification in that list: the one place these four counts change. Expects
 * bound: the expressions named, the person already locked.
 */
export const countNotifications = (person: string, filtered: string, unread: string, all: string) => `
  SET ${person}.unreadNotifications = coalesce(${person}.unreadNotifications, 0) + CASE WHEN ${filtered} THEN 0 ELSE ${unread} END,
      ${person}.unreadFilteredNotifications = coalesce(${person}.unreadFilteredNotifications, 0) + CASE WHEN ${filtered} THEN ${unread} ELSE 0 END,
      ${person}.notificationCount = coalesce(${person}.notificationCount, 0) + CASE WHEN ${filtered} THEN 0 ELSE ${all} END,
      ${person}.filteredNotificationCount = coalesce(${person}.filteredNotificationCount, 0) + CASE WHEN ${filtered} THEN ${all} ELSE 0 END`;

/** The moment notifications take: milliseconds, as cursors carry them. */
const NOW = "datetime.truncate('millisecond', datetime())";

/** Reads, under each recipient's lock, what the plan needs. Expects `$events`, each with `index` and `groupKey`. */
const FACTS = `
  UNWIND $events AS e
  MATCH (r:User {id: e.recipientId})
  ${LOCK_PERSON_CLAUSE('r')}
  WITH e, r
  OPTIONAL MATCH (a:User {id: e.actorId})
  RETURN e.index AS index,
         {strangers: r.notifyStrangers, unverified: r.notifyUnverified, newAccounts: r.notifyNewAccounts} AS policy,
         CASE WHEN a IS NULL THEN null ELSE {
           connected: EXISTS { (r)-[:CONNECTED]-(a) }, blocked: EXISTS { (r)-[:BLOCKED]-(a) },
           verified: coalesce(a.verified, false), createdAt: a.createdAt.epochMillis
         } END AS sender,
         COLLECT { MATCH (g:Notification {recipientId: r.id, groupKey: e.groupKey})
                   RETURN {id: g.id, filtered: g.filtered, read: g.readAt IS NOT NULL, hasActor: EXISTS { (g)-[:ACTOR]->(a) }} } AS groups`;

/** Applies the plan's writes. Expects `$writes` (NotificationWrite, details flattened). */
const WRITE = `
  WITH ${NOW} AS now
  UNWIND $writes AS w
  MATCH (r:User {id: w.recipientId})
  CALL (w, now) {
    WITH w, now WHERE w.op = 'create'
    CREATE (n:Notification {id: w.id, kind: w.kind, recipientId: w.recipientId, filtered: w.filtered, groupKey: w.groupKey,
                            createdAt: now, at: now, unreadAt: now, actorCount: 0,
                            circleId: w.circleId, postId: w.postId, postExcerpt: w.postExcerpt, reason: w.reason,
                            role: w.role, score: w.score, message: w.message,
                            postAuthorId: w.postAuthorId, threadAuthorId: w.threadAuthorId, reportAction: w.reportAction})
    RETURN n
    UNION
    WITH w, now WHERE w.op = 'join'
    MATCH (n:Notification {id: w.id})
    SET n.at = now, n.unreadAt = now, n.readAt = null
    RETURN n
  }
  CALL (n, w, now) {
    UNWIND w.actorIds AS actorId
    MATCH (a:User {id: actorId})
    CREATE (n)-[:ACTOR {at: now}]->(a)
    RETURN count(*) AS added
  }
  SET n.actorCount = n.actorCount + added, n.lastActorId = coalesce(last(w.actorIds), n.lastActorId)
  ${countNotifications('r', 'w.filtered', 'w.unreadDelta', "CASE WHEN w.op = 'create' THEN 1 ELSE 0 END")}
  RETURN n {.id, .recipientId, .kind, .filtered, actorId: n.lastActorId} AS added`;

/**
 * Stores the notifications these events cause, in the caller's transaction: two round-trips
 * (the facts, then the writes) for any number of events. Returns what it added, for the
 * caller to announce once the transaction has committed.
 */
export async function notify(q: Queries, events: NotificationEvent[]): Promise<AddedNotification[]> {
  if (events.length === 0) return [];
  const rows = await q.rows<{ index: number; policy: Partial<NotificationPolicy>; sender: EventFacts['sender']; groups: EventFacts['groups'] }>(FACTS, {
    events: events.map((event, index) => ({ index: int(index), recipientId: event.recipientId, actorId: event.actorId, groupKey: groupKeyOf(event) })),
  });
  const byIndex = new Map(rows.map((row) => [row.index, row]));
  // Recipients who no longer exist have no row: nothing is written for them.
  const present = events.flatMap((event, index) => (byIndex.has(index) ? [{ event, row: byIndex.get(index)! }] : []));
  const writes = planNotifications(
    present.map(({ event }) => event),
    present.map(({ row }) => ({ policy: policyOrDefault(row.policy), sender: row.sender, groups: row.groups })),
    Date.now(),
  );
  if (writes.length === 0) return [];
  const added = await q.rows<{ added: AddedNotification }>(WRITE, {
    writes: writes.map(({ details, unreadDelta, ...write }) => ({
      ...write,
      unreadDelta: int(unreadDelta),
      circleId: details.circleId ?? null,
      postId: details.postId ?? null,
      postExcerpt: details.postExcerpt ?? null,
      reason: details.reason ?? null,
      role: details.role ?? null,
      score: details.score === undefined || details.score === null ? null : int(details.score),
      message: details.message ?? null,
      postAuthorId: details.postAuthorId ?? null,
      threadAuthorId: details.threadAuthorId ?? null,
      reportAction: details.reportAction ?? null,
    })),
  });
  return added.map((row) => row.added);
}

/** Whose notifications to take a person out of: one recipient's, or everyone's (null); of one kind, or all (null). */
export interface ForgetActor {
  actorId: string;
  recipientId: string | null;
  kind: NotificationKind | null;
  /** Only notifications about this circle (a withdrawn invitation to it); all when left out. */
  circleId?: string;
}

/**
 * Takes people back out of notifications they caused: a notification they alone caused
 * goes, and an aggregate one loses them from its count (showing the latest actor left).
 * For blocks (both ways round), a withdrawn request or invitation, and deleted accounts. Recipients'
 * counts follow, under their locks.
 */
export async function forgetActor(q: Queries, cases: ForgetActor[]): Promise<void> {
  if (cases.length === 0) return;
  await q.rows(
    `UNWIND $cases AS c
     MATCH (n:Notification)-[e:ACTOR]->(:User {id: c.actorId})
     WHERE (c.recipientId IS NULL OR n.recipientId = c.recipientId) AND (c.kind IS NULL OR n.kind = c.kind)
       AND (c.circleId IS NULL OR n.circleId = c.circleId)
     MATCH (r:User {id: n.recipientId})
     ${LOCK_PERSON_CLAUSE('r')}
     WITH n, e, r, n.actorCount <= 1 AS alone, n.filtered AS filtered, CASE WHEN n.readAt IS NULL THEN -1 ELSE 0 END AS uncount
     DELETE e
     WITH n, r, alone, filtered, uncount
     CALL (n, alone) {
       WITH n, alone WHERE NOT alone
       SET n.actorCount = n.actorCount - 1,
           n.lastActorId = COLLECT { MATCH (n)-[k:ACTOR]->(other:User) RETURN other.id ORDER BY k.at DESC LIMIT 1 }[0]
     }
     CALL (n, r, alone, filtered, uncount) {
       WITH n, r, alone, filtered, uncount WHERE alone
       ${countNotifications('r', 'filtered', 'uncount', '-1')}
       DETACH DELETE n
     }`,
    { cases },
  );
}

/**
 * A block takes away, from each of the two, the notifications about the other's posts and
 * comment threads (a reply to your comment in their thread, a mention under their post),
 * whoever caused them: those posts and threads are hidden from them now, as if never
 * written. The recipients' counts follow, under their locks.
 */
export async function forgetConcerning(q: Queries, cases: Array<{ recipientId: string; personId: string }>): Promise<void> {
  if (cases.length === 0) return;
  await q.rows(
    `UNWIND $cases AS c
     MATCH (n:Notification)
     WHERE n.recipientId = c.recipientId AND n.filtered IS NOT NULL AND n.at IS NOT NULL
       AND (n.postAuthorId = c.personId OR n.threadAuthorId = c.personId)
     MATCH (r:User {id: n.recipientId})
     ${LOCK_PERSON_CLAUSE('r')}
     WITH n, r, n.filtered AS filtered, CASE WHEN n.readAt IS NULL THEN -1 ELSE 0 END AS uncount
     ${countNotifications('r', 'filtered', 'uncount', '-1')}
     DETACH DELETE n`,
    { cases },
  );
}

/**
 * The recipient's main-list notifications whose latest activity is after a resume point
 * (epoch milliseconds, then id): what live streams that resume replay. Expects `$viewerId`,
 * `$at` and `$id`; binds `n`, in a WHERE a caller may add to; ordered by
 * `n.recipientId, n.filtered, n.at, n.id`, Neo4j reads the (recipientId, filtered, at) index forwards.
 */
export const MAIN_LIST_SINCE = `
  MATCH (n:Notification)
  WHERE n.recipientId = $viewerId AND n.filtered = false
    AND n.at >= datetime({epochMillis: $at}) AND (n.at > datetime({epochMillis: $at}) OR n.id > $id)`;

/**
 * Deleting an account takes the notifications it received along. Expects bound: `u`, the User
 * being deleted. (The IS NOT NULL tests, always true, let Neo4j seek the (recipientId,
 * filtered, at) index by its first column.)
 */
export const DELETE_NOTIFICATIONS_OF_U = `CALL (u) {
  MATCH (n:Notification) WHERE n.recipientId = u.id AND n.filtered IS NOT NULL AND n.at IS NOT NULL
  DETACH DELETE n
}`;
