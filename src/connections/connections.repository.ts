/** All Cypher about how pairs of people stand: connected, requested, blocked; and requests. */
import { int, type Db } from '../db/database.js';
import { APPEND_MESSAGE, LOCK_CONVERSATION_OF, OPEN_CONVERSATION } from '../graph/conversations.js';
import type { TwoWayPageRequest } from '../graph/cursors.js';
import { pageWindow, windowRead, type PageRow, type SortColumn } from '../graph/paging.js';
import { NotificationKind } from '../graph/notification-kinds.js';
import { forgetActor, MAIN_LIST_SINCE, notify, type Notifying } from '../graph/notifications.js';
import { LOCK_PERSON_CLAUSE, requireVisibleUserId, userFields } from '../graph/people.js';
import type { Relation } from '../privacy/credit-visibility.js';
import type { User } from '../users/user.type.js';
import { requestRefusal, responseRefusal, selfRequestRefusal, type RequestLimits, type RequestState } from './connections.rules.js';

export async function relationsWith(db: Db, viewerId: string, otherIds: readonly string[]): Promise<Relation[]> {
  return db.read((q) =>
    q.rows<Relation>(
      `MATCH (v:User {id: $viewerId})
       UNWIND $otherIds AS otherId
       MATCH (o:User {id: otherId})
       RETURN otherId AS id,
              EXISTS { (v)-[:CONNECTED]-(o) } AS connected,
              EXISTS { (v)-[:BLOCKED]->(o) } AS blocking,
              EXISTS { (o)-[:BLOCKED]->(v) } AS blockedBy,
              EXISTS { (v)-[:REQUESTED]->(o) } AS requested,
              EXISTS { (o)-[:REQUESTED]->(v) } AS incoming`,
      { viewerId, otherIds },
    ),
  );
}

export interface RequestRow {
  fromId: string;
  toId: string;
  message: string;
  createdAt: Date;
}

export async function sendRequest(db: Db, fromId: string, toHandle: string, message: string, limits: RequestLimits): Promise<Notifying<RequestRow>> {
  return db.write(async (q) => {
    const toId = await requireVisibleUserId(q, fromId, toHandle);
    const self = selfRequestRefusal(fromId, toId);
    if (self) throw self;
    const state = await q.one<RequestState>(
      `MATCH (f:User {id: $fromId}), (t:User {id: $toId})
       // Lock the sender (see lockPerson) so concurrent sends count against one window.
       ${LOCK_PERSON_CLAUSE('f')}
       RETURN EXISTS { (f)-[:CONNECTED]-(t) } AS connected,
              EXISTS { (f)-[:REQUESTED]->(t) } AS requested,
              EXISTS { (t)-[:REQUESTED]->(f) } AS incoming,
              EXISTS { (f)-[:BLOCKED]->(t) } AS blocking,
              COUNT { (t)<-[:REQUESTED]-(:User) } AS pendingIncoming,
              [sent IN coalesce(f.requestTimes, []) WHERE sent > datetime() - duration('P1D')] AS recent`,
      { fromId, toId },
    );
    const refusal = requestRefusal(toHandle, state, limits, Date.now());
    if (refusal) throw refusal;
    const row = await q.one<{ r: RequestRow }>(
      `MATCH (f:User {id: $fromId}), (t:User {id: $toId})
       CREATE (f)-[r:REQUESTED {message: $message, createdAt: datetime()}]->(t)
       SET f.requestTimes = [sent IN coalesce(f.requestTimes, []) WHERE sent > datetime() - duration('P1D')] + r.createdAt
       RETURN {fromId: f.id, toId: t.id, message: r.message, createdAt: r.createdAt} AS r`,
      { fromId, toId, message },
    );
    const notifications = await notify(q, [{ kind: NotificationKind.CONNECTION_REQUEST_RECEIVED, recipientId: toId, actorId: fromId, message: row!.r.message }]);
    return { row: row!.r, notifications };
  });
}

/**
 * The icebreaker of an accepted request, as the first message of the pair's conversation
 * (the next, if they talked before a disconnection): written when the request was, and read
 * already, as its recipient read it to accept it.
 */
const ICEBREAKER_AS_MESSAGE = `
  MATCH (f:User {id: $fromId}), (v:User {id: $userId})
  ${OPEN_CONVERSATION('f', 'v')}
  ${APPEND_MESSAGE({ sender: 'f', recipient: 'v', body: '$message', createdAt: 'datetime($createdAt)', readAt: 'datetime()', clientMessageId: 'null' })}`;

/**
 * Accepts or declines the pending request from `fromHandle` to the person; accepted, its
 * icebreaker opens their conversation and its sender is notified.
 */
export async function respondToRequest(db: Db, userId: string, fromHandle: string, accept: boolean): Promise<Notifying<RequestRow>> {
  return db.write(async (q) => {
    const fromId = await requireVisibleUserId(q, userId, fromHandle, 'fromHandle');
    const row = await q.one<{ r: RequestRow }>(
      `MATCH (f:User {id: $fromId})-[req:REQUESTED]->(v:User {id: $userId})
       WITH f, v, req, {fromId: f.id, toId: v.id, message: req.message, createdAt: req.createdAt} AS r
       DELETE req
       FOREACH (_ IN CASE WHEN $accept THEN [1] ELSE [] END | MERGE (f)-[c:CONNECTED]->(v) ON CREATE SET c.since = datetime())
       RETURN r`,
      { fromId, userId, accept },
    );
    const refusal = responseRefusal(fromHandle, row !== undefined);
    if (refusal) throw refusal;
    if (accept) await q.rows(ICEBREAKER_AS_MESSAGE, { fromId, userId, message: row!.r.message, createdAt: row!.r.createdAt.toISOString() });
    const notifications = accept ? await notify(q, [{ kind: NotificationKind.CONNECTION_REQUEST_ACCEPTED, recipientId: fromId, actorId: userId }]) : [];
    return { row: row!.r, notifications };
  });
}

/** Takes back your pending request to `toHandle` (`toId`), and the notification it made; `withdrawn` is false when there was none. */
export async function withdrawRequest(db: Db, userId: string, toHandle: string): Promise<{ toId: string; withdrawn: boolean }> {
  return db.write(async (q) => {
    const toId = await requireVisibleUserId(q, userId, toHandle);
    const row = await q.one<{ n: number }>(
      'MATCH (:User {id: $userId})-[r:REQUESTED]->(:User {id: $toId}) DELETE r RETURN count(*) AS n',
      { userId, toId },
    );
    const withdrawn = (row?.n ?? 0) > 0;
    if (withdrawn) await forgetActor(q, [{ actorId: userId, recipientId: toId, kind: NotificationKind.CONNECTION_REQUEST_RECEIVED }]);
    return { toId, withdrawn };
  });
}

/** Ends a connection with `otherId`, whichever side made it; `ended` is false when there was none. Their conversation stays, closed to new messages. */
export async function disconnect(db: Db, userId: string, handle: string): Promise<{ otherId: string; ended: boolean }> {
  return db.write(async (q) => {
    const otherId = await requireVisibleUserId(q, userId, handle);
    const row = await q.one<{ n: number }>(
      `MATCH (me:User {id: $userId}), (other:User {id: $otherId})
       ${LOCK_CONVERSATION_OF('me', 'other')}
       MATCH (me)-[c:CONNECTED]-(other)
       DELETE c RETURN count(*) AS n`,
      { userId, otherId },
    );
    return { otherId, ended: (row?.n ?? 0) > 0 };
  });
}

/** The two directions of a person's pending requests, as constant Cypher (never from input). */
const PENDING = {
  incoming: 'MATCH (o:User)-[r:REQUESTED]->(v:User {id: $userId}) WITH r, o, o.id AS fromId, v.id AS toId',
  outgoing: 'MATCH (v:User {id: $userId})-[r:REQUESTED]->(o:User) WITH r, o, v.id AS fromId, o.id AS toId',
};

/** Pending requests: newest first, ties by the other person's id. */
const REQUEST_ORDER: SortColumn[] = [
  { expr: 'r.createdAt', desc: true, time: true },
  { expr: 'o.id', desc: true },
];

/** Pending requests to (`incoming`) or from the person, newest first, in a page's window either way (src/graph/paging.ts). */
export async function pendingRequests(
  db: Db,
  userId: string,
  direction: keyof typeof PENDING,
  page: TwoWayPageRequest,
): Promise<Array<PageRow<RequestRow>>> {
  const window = pageWindow(REQUEST_ORDER, page);
  const cypher = windowRead(
    window,
    (part) => `
      ${PENDING[direction]}
      WHERE ${part.where}
      RETURN {fromId: fromId, toId: toId, message: r.message, createdAt: r.createdAt} AS node, ${part.beyond} AS beyond
      ORDER BY ${part.order} LIMIT ${part.limit}`,
  );
  return db.read((q) => q.rows<PageRow<RequestRow>>(cypher, { userId, ...window.params }));
}

/**
 * Pending requests between these pairs in which the viewer is one end, as their lists show
 * them (a block ends a pending request, so none crosses one). For `node(id:)`.
 */
export async function pendingRequestsBetween(db: Db, viewerId: string, pairs: Array<{ fromId: string; toId: string }>): Promise<RequestRow[]> {
  const rows = await db.read((q) =>
    q.rows<{ r: RequestRow }>(
      `UNWIND $pairs AS pair
       WITH pair WHERE $viewerId IN [pair.fromId, pair.toId]
       MATCH (from:User {id: pair.fromId})-[r:REQUESTED]->(to:User {id: pair.toId})
       RETURN {fromId: from.id, toId: to.id, message: r.message, createdAt: r.createdAt} AS r`,
      { viewerId, pairs },
    ),
  );
  return rows.map((row) => row.r);
}

/** How many connections the person has: the degree the graph keeps on them (no connection is read). */
export async function connectionCount(db: Db, userId: string): Promise<number> {
  const row = await db.read((q) => q.one<{ n: number }>('MATCH (u:User {id: $userId}) RETURN COUNT { (u)-[:CONNECTED]-() } AS n', { userId }));
  return row?.n ?? 0;
}

/** The person's connections in handle order, in a page's window either way (src/graph/paging.ts). */
export async function connectionsOf(db: Db, userId: string, page: TwoWayPageRequest): Promise<Array<PageRow<User>>> {
  const window = pageWindow([{ expr: 'u.handle' }], page);
  const cypher = windowRead(
    window,
    (part) => `
      MATCH (:User {id: $userId})-[:CONNECTED]-(u:User)
      WITH DISTINCT u WHERE ${part.where}
      RETURN u ${userFields('u')} AS node, ${part.beyond} AS beyond
      ORDER BY ${part.order} LIMIT ${part.limit}`,
  );
  return db.read((q) => q.rows<PageRow<User>>(cypher, { userId, ...window.params }));
}

/** A request as its notification announced it, with the notification's id and activity (where a resumed stream goes on from). */
export interface ReceivedRequestRow extends RequestRow {
  notificationId: string;
  notifiedAt: Date;
}

/**
 * The pending request a CONNECTION_REQUEST_RECEIVED notification `n` to `$viewerId`
 * announced: none once answered or withdrawn, nor for an older notification between the
 * same two people (its request was declined, and this is a new one: the notification is
 * written after its request, in the same transaction).
 */
const REQUEST_OF_N = `
  MATCH (f:User {id: n.lastActorId})-[r:REQUESTED]->(v:User {id: $viewerId})
  WHERE n.createdAt >= datetime.truncate('millisecond', r.createdAt)`;

const RECEIVED_REQUEST = 'n.id AS notificationId, n.at AS notifiedAt, f.id AS fromId, v.id AS toId, r.message AS message, r.createdAt AS createdAt';

/** The still pending requests these notifications of the viewer's announced. */
export async function receivedRequests(db: Db, viewerId: string, notificationIds: readonly string[]): Promise<ReceivedRequestRow[]> {
  return db.read((q) =>
    q.rows<ReceivedRequestRow>(
      `UNWIND $notificationIds AS id
       MATCH (n:Notification {id: id}) WHERE n.recipientId = $viewerId AND n.kind = $kind
       ${REQUEST_OF_N}
       RETURN ${RECEIVED_REQUEST}`,
      { viewerId, notificationIds, kind: NotificationKind.CONNECTION_REQUEST_RECEIVED },
    ),
  );
}

/**
 * The still pending requests to the viewer notified after `point`, oldest first, for
 * `connectionRequestReceived(after:)`: at most `limit` + 1, so the caller tells when there
 * were more. The replay window bounds how many notifications it reads.
 */
export async function receivedRequestsSince(db: Db, viewerId: string, point: { at: number; id: string }, limit: number): Promise<ReceivedRequestRow[]> {
  return db.read((q) =>
    q.rows<ReceivedRequestRow>(
      `${MAIN_LIST_SINCE} AND n.kind = $kind
       ${REQUEST_OF_N}
       RETURN ${RECEIVED_REQUEST}
       ORDER BY notifiedAt, notificationId
       LIMIT $limit`,
      { viewerId, at: int(point.at), id: point.id, kind: NotificationKind.CONNECTION_REQUEST_RECEIVED, limit: int(limit + 1) },
    ),
  );
}
