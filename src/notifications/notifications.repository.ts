/**
 * All Cypher about reading and keeping one's notifications: pages of the two lists, marking
 * read, the policy, the unread count, and the retention sweep. Making them is the causing
 * write's business (src/graph/notifications.ts).
 */
import type { Circle } from '../circles/circle.type.js';
import { int, type Db } from '../db/database.js';
import { circleFields, mayReadCircle } from '../graph/circles.js';
import { NEWEST_FIRST_START, type TwoWayPageRequest } from '../graph/cursors.js';
import { ledBy, pageWindow, windowRead, type PageRow, type PageWindow, type SortColumn } from '../graph/paging.js';
import { countNotifications, MAIN_LIST_SINCE } from '../graph/notifications.js';
import { LOCK_PERSON_CLAUSE, userFields } from '../graph/people.js';
import { postFields } from '../graph/posts.js';
import type { NotificationPolicy, NotificationPolicyAction } from '../privacy/notification-policy.js';
import type { User } from '../users/user.type.js';
import type { Notification } from './notification.type.js';
import { markReadRefusal, type PolicyChanges } from './notifications.rules.js';

/** A page's notification, with the records its `actor` and `circle` resolve to. */
export type NotificationRow = Notification & { actor: User | null; circle: Circle | null };

export interface ListChoice {
  filtered: boolean;
  unreadOnly: boolean;
}

/** The property a list is ordered by: unread pages read the index that holds unread notifications only. */
const ORDER_KEY = { all: 'at', unread: 'unreadAt' } as const;

/** What a notification shows, for the viewer, returned as `as`. Expects bound: `n`, and `$viewerId`. */
const NOTIFICATION_ROW = (as: string) => `
  OPTIONAL MATCH (v:User {id: $viewerId})
  RETURN n {.id, .kind, .filtered, .postExcerpt, .reason, .role, .message, .reportAction, creditScore: n.score,
            createdAt: n.createdAt.epochMillis, updatedAt: n.at.epochMillis, readAt: n.readAt.epochMillis,
            otherActorCount: CASE WHEN n.actorCount > 1 THEN n.actorCount - 1 ELSE 0 END,
            actorId: n.lastActorId, circleId: n.circleId,
            actor: COLLECT { MATCH (a:User {id: n.lastActorId}) RETURN a ${userFields('a')} }[0],
            circle: COLLECT { MATCH (c:Circle {id: n.circleId}) RETURN c ${circleFields('c')} }[0],
            post: COLLECT { MATCH (p:Post {id: n.postId}) WHERE EXISTS { MATCH (c:Circle {id: p.circleId}) WHERE ${mayReadCircle('v', 'c')} }
                            RETURN p ${postFields('p')} }[0]} AS ${as}`;

/** A list's order: newest activity first (by its order key), ties by id. */
const orderOf = (key: (typeof ORDER_KEY)[keyof typeof ORDER_KEY]): SortColumn[] => [
  { expr: `n.${key}`, desc: true, time: true },
  { expr: 'n.id', desc: true },
];

/**
 * A page in a window either way (src/graph/paging.ts), with what each notification shows:
 * its actor, circle and (readable) post, so the page and its people come in one round-trip.
 * Two equalities and a range, ordered by the index's own columns (`ledBy`): Neo4j reads the
 * (recipientId, filtered, at) index from either end and stops after the page.
 */
const PAGE = (window: PageWindow) => `
  CALL () {
    ${windowRead(
      window,
      (part) => `
        MATCH (n:Notification)
        WHERE n.recipientId = $viewerId AND n.filtered = $filtered AND ${part.where}
        RETURN n, ${part.beyond} AS beyond ORDER BY ${ledBy('n.recipientId', ledBy('n.filtered', part.order))} LIMIT ${part.limit}`,
    )}
  }
  ${NOTIFICATION_ROW('node')}, beyond
  ORDER BY ${window.order}`;

/** The viewer's notifications of one list, newest activity first, in a page's window either way. */
export async function notificationPage(db: Db, viewerId: string, list: ListChoice, page: TwoWayPageRequest): Promise<Array<PageRow<NotificationRow>>> {
  const window = pageWindow(orderOf(list.unreadOnly ? ORDER_KEY.unread : ORDER_KEY.all), page);
  return db.read((q) => q.rows<PageRow<NotificationRow>>(PAGE(window), { viewerId, filtered: list.filtered, ...window.params }));
}

/** The viewer's notifications with these ids, as a page shows them (others' are not found). */
export async function notificationsOf(db: Db, viewerId: string, ids: readonly string[]): Promise<NotificationRow[]> {
  const rows = await db.read((q) =>
    q.rows<{ n: NotificationRow }>(`UNWIND $ids AS id MATCH (n:Notification {id: id}) WHERE n.recipientId = $viewerId ${NOTIFICATION_ROW('n')}`, { viewerId, ids }),
  );
  return rows.map((row) => row.n);
}

/** A person's unread counts and stored policy. Expects bound: `u`. */
const STATE_OF_U = `u.id AS id, coalesce(u.unreadNotifications, 0) AS unread, coalesce(u.unreadFilteredNotifications, 0) AS unreadFiltered,
  coalesce(u.notificationCount, 0) AS total, coalesce(u.filteredNotificationCount, 0) AS totalFiltered,
  {strangers: u.notifyStrangers, unverified: u.notifyUnverified, newAccounts: u.notifyNewAccounts} AS policy`;

export interface NotificationState {
  id: string;
  /** Unread notifications of the main list. */
  unread: number;
  /** Unread notifications of the filtered list. */
  unreadFiltered: number;
  /** Every notification of the main list. */
  total: number;
  /** Every notification of the filtered list. */
  totalFiltered: number;
  /** As stored: null where the person never chose (the default applies). */
  policy: { [K in keyof NotificationPolicy]: NotificationPolicyAction | null };
}

/**
 * Marks read the person's notification `upTo` and every older one of its list, or (without
 * it) all of both lists; returns their notification state after. Under the person's lock, as every
 * change to the count is.
 */
export async function markRead(db: Db, userId: string, upTo: string | null): Promise<NotificationState> {
  return db.write(async (q) => {
    const found = await q.one<{ exists: boolean; at: string | null; id: string | null; filtered: boolean | null }>(
      `MATCH (u:User {id: $userId})
       ${LOCK_PERSON_CLAUSE('u')}
       WITH u
       OPTIONAL MATCH (n:Notification {id: $upTo}) WHERE n.recipientId = u.id
       RETURN true AS exists, toString(n.at) AS at, n.id AS id, n.filtered AS filtered`,
      { userId, upTo: upTo ?? '' },
    );
    const refusal = markReadRefusal(found?.exists ?? false, upTo, found?.id ?? null);
    if (refusal) throw refusal;
    const [beforeTime, beforeId] = upTo ? [found!.at!, found!.id!] : NEWEST_FIRST_START;
    const row = await q.one<NotificationState>(
      `UNWIND $lists AS list
       CALL (list) {
         MATCH (n:Notification)
         WHERE n.recipientId = $userId AND n.filtered = list
           AND n.unreadAt <= datetime($beforeTime) AND (n.unreadAt < datetime($beforeTime) OR n.id <= $beforeId)
         SET n.readAt = datetime(), n.unreadAt = null
         RETURN count(n) AS marked
       }
       WITH sum(CASE WHEN list THEN 0 ELSE marked END) AS main, sum(CASE WHEN list THEN marked ELSE 0 END) AS filtered
       MATCH (u:User {id: $userId})
       SET u.unreadNotifications = coalesce(u.unreadNotifications, 0) - main,
           u.unreadFilteredNotifications = coalesce(u.unreadFilteredNotifications, 0) - filtered
       RETURN ${STATE_OF_U}`,
      { userId, lists: upTo ? [found!.filtered] : [false, true], beforeTime, beforeId },
    );
    return row!;
  });
}

/** Each person's unread counts and stored policy: what `me` shows of notifications. */
export async function notificationStates(db: Db, ids: readonly string[]): Promise<NotificationState[]> {
  return db.read((q) =>
    q.rows<NotificationState>(
      `MATCH (u:User) WHERE u.id IN $ids RETURN ${STATE_OF_U}`,
      { ids },
    ),
  );
}

/** Applies the changes (a null removes the choice: the default applies again); returns the stored policy. */
export async function setPolicy(db: Db, userId: string, changes: PolicyChanges): Promise<NotificationState> {
  return db.write(async (q) => {
    const row = await q.one<NotificationState>(
      `MATCH (u:User {id: $userId}) SET u += $changes RETURN ${STATE_OF_U}`,
      { userId, changes },
    );
    return row!;
  });
}

const SWEEP_BATCH = 10_000;

/**
 * Deletes notifications read more than `retentionDays` ago, in batches (one transaction
 * each, so a large backlog does not make one huge transaction); returns how many. Reading
 * a notification already took it out of the unread count; its list's count loses it here,
 * under its recipient's lock, as every change to the counts is.
 */
export async function sweepReadNotifications(db: Db, retentionDays: number): Promise<number> {
  let total = 0;
  for (;;) {
    const row = await db.write((q) =>
      q.one<{ deleted: number }>(
        `MATCH (n:Notification) WHERE n.readAt < datetime() - duration({days: $days})
         WITH n LIMIT $batch
         WITH n.recipientId AS recipientId, n.filtered AS filtered, collect(n) AS gone
         CALL (recipientId, filtered, gone) {
           MATCH (r:User {id: recipientId})
           ${LOCK_PERSON_CLAUSE('r')}
           ${countNotifications('r', 'filtered', '0', '-size(gone)')}
         }
         UNWIND gone AS n
         DETACH DELETE n
         RETURN count(*) AS deleted`,
        { days: int(retentionDays), batch: int(SWEEP_BATCH) },
      ),
    );
    total += row?.deleted ?? 0;
    if ((row?.deleted ?? 0) < SWEEP_BATCH) return total;
  }
}

/**
 * The viewer's main-list notifications whose latest activity is after `point` (epoch
 * milliseconds, then id), oldest first, for `notificationAdded(after:)`: at most `limit` + 1,
 * so the caller tells when there were more.
 */
export async function notificationsSince(db: Db, viewerId: string, point: { at: number; id: string }, limit: number): Promise<NotificationRow[]> {
  const rows = await db.read((q) =>
    q.rows<{ n: NotificationRow }>(
      `${MAIN_LIST_SINCE}
       WITH n ORDER BY n.recipientId, n.filtered, n.at, n.id LIMIT $limit
       ${NOTIFICATION_ROW('n')}`,
      { viewerId, at: int(point.at), id: point.id, limit: int(limit + 1) },
    ),
  );
  return rows.map((row) => row.n);
}
