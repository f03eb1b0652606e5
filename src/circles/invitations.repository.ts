/** All Cypher about invitations to circles: sending, answering, withdrawing, a person's pending ones and a circle's. */
import type { Db } from '../db/database.js';
import { idsHiddenFrom } from '../graph/blocks.js';
import { circleFields, lockCircle } from '../graph/circles.js';
import { PENDING_INVITATION_COUNT_OF_C } from '../graph/invitation-counts.js';
import type { TwoWayPageRequest } from '../graph/cursors.js';
import { pageWindow, windowRead, type PageRow, type SortColumn } from '../graph/paging.js';
import { NotificationKind } from '../graph/notification-kinds.js';
import { forgetActor, notify, type Notifying } from '../graph/notifications.js';
import { LOCK_PERSON_CLAUSE, requireVisibleUserId, userFields } from '../graph/people.js';
import type { Circle, CircleRole } from './circle.type.js';
import { END_INVITATION, INVITED, joinInTransaction } from './circles.repository.js';
import type { CircleInvitation } from './invitation.type.js';
import {
  inviteeRefusal,
  inviterRefusal,
  noSuchInvitation,
  responseRefusal,
  withdrawRefusal,
  type InvitationAnswer,
  type Invitee,
  type WithdrawalFacts,
} from './invitations.rules.js';

/** An INVITED_TO edge `i` from the User `u` to the Circle `c`, as a CircleInvitation. */
const INVITATION = `{id: i.id, circle: c ${circleFields('c')}, invitee: u ${userFields('u')},
  invitedBy: COLLECT { MATCH (by:User {id: i.byId}) RETURN by ${userFields('by')} }[0], createdAt: i.at}`;

/**
 * Invites the person to the circle on behalf of one of its owners or moderators. Inviting
 * again is harmless: the pending invitation stands (with its first inviter) and nobody is
 * notified twice. A new invitation notifies the invitee (their notification policy applies).
 */
export async function inviteToCircle(db: Db, actorId: string, circle: Circle, handle: string): Promise<Notifying<CircleInvitation>> {
  return db.write(async (q) => {
    // Both people's locks before the circle's, as blocking takes them before it changes the
    // circle's count of voided invitations: a block being made waits, or is seen below.
    await q.rows(`MATCH (u:User) WHERE u.id = $actorId OR u.handle = $handle ${LOCK_PERSON_CLAUSE('u')}`, { actorId, handle });
    await lockCircle(q, circle.id);
    const actor = await q.one<{ role: CircleRole | null }>(
      // The inviter first, then the membership between bound nodes (not a walk of the circle's).
      'MATCH (c:Circle {id: $circleId}) OPTIONAL MATCH (actor:User {id: $actorId}) RETURN COLLECT { MATCH (actor)-[m:MEMBER_OF]->(c) RETURN m.role }[0] AS role',
      { circleId: circle.id, actorId },
    );
    const forbidden = inviterRefusal(circle, actor?.role ?? null);
    if (forbidden) throw forbidden;
    // Someone who blocked the inviter gets the answer a handle nobody has gets.
    const inviteeId = await requireVisibleUserId(q, actorId, handle);
    const standing = await q.one<Invitee>(
      `MATCH (u:User {id: $inviteeId}), (c:Circle {id: $circleId})
       RETURN u.handle AS handle, EXISTS { (u)-[:MEMBER_OF]->(c) } AS member, EXISTS { (u)-[:BANNED_FROM]->(c) } AS banned,
              EXISTS { (:User {id: $actorId})-[:BLOCKED]->(u) } AS blockedByInviter`,
      { inviteeId, circleId: circle.id, actorId },
    );
    const refusal = inviteeRefusal(circle, standing!);
    if (refusal) throw refusal;
    const row = await q.one<{ invitation: CircleInvitation; created: boolean }>(
      `MATCH (u:User {id: $inviteeId}), (c:Circle {id: $circleId})
       OPTIONAL MATCH (u)-[old:INVITED_TO]->(c)
       WITH u, c, old IS NULL AS created
       MERGE (u)-[i:INVITED_TO]->(c)
       ON CREATE SET i.id = randomUUID(), i.byId = $actorId, i.at = datetime.truncate('millisecond', datetime())
       RETURN ${INVITATION} AS invitation, created`,
      { inviteeId, circleId: circle.id, actorId },
    );
    const invited = row!.created ? [{ kind: NotificationKind.CIRCLE_INVITATION, recipientId: inviteeId, actorId, circleId: circle.id }] : [];
    return { row: row!.invitation, notifications: await notify(q, invited) };
  });
}

/**
 * Accepts (joining, past the circle's gates and with consent where it discloses a score)
 * or declines the person's pending invitation; true when accepting made them a member.
 * A refusal changes nothing: the invitation stays pending.
 */
export async function respondToInvitation(db: Db, userId: string, circle: Circle, accept: boolean, acknowledged: boolean): Promise<boolean> {
  return db.write(async (q) => {
    const row = await q.one<{ invited: boolean }>(
      `MATCH (u:User {id: $userId}), (c:Circle {id: $circleId}) RETURN ${INVITED('u', 'c')} AS invited`,
      { userId, circleId: circle.id },
    );
    const refusal = responseRefusal(circle, row?.invited ?? false);
    if (refusal) throw refusal;
    if (accept) return joinInTransaction(q, userId, circle, acknowledged);
    await q.rows(`MATCH (:User {id: $userId})-[i:INVITED_TO]->(:Circle {id: $circleId}) ${END_INVITATION('i')}`, {
      userId,
      circleId: circle.id,
      answer: 'DECLINED' satisfies InvitationAnswer,
    });
    return false;
  });
}

/** A circle's invitations: newest first, ties by the invitation's id. */
const CIRCLE_INVITATION_ORDER: SortColumn[] = [
  { expr: 'i.at', desc: true, time: true },
  { expr: 'i.id', desc: true },
];

/** A person's invitations: newest first, ties by circle id. */
const INVITATION_ORDER: SortColumn[] = [
  { expr: 'i.at', desc: true, time: true },
  { expr: 'c.id', desc: true },
];

/**
 * The person's pending invitations, newest first, in a page's window either way
 * (src/graph/paging.ts), leaving out those from people with a block between them (such
 * an invitation counts for nothing; see INVITED). A person holds at most one per circle,
 * and sending them is rate-limited.
 */
export async function invitationsOf(db: Db, userId: string, page: TwoWayPageRequest): Promise<Array<PageRow<CircleInvitation>>> {
  const window = pageWindow(INVITATION_ORDER, page);
  const cypher = windowRead(
    window,
    (part) => `
      MATCH (u:User {id: $userId})-[i:INVITED_TO]->(c:Circle)
      WHERE NOT EXISTS { (u)-[:BLOCKED]-(:User {id: i.byId}) } AND ${part.where}
      RETURN ${INVITATION} AS node, ${part.beyond} AS beyond
      ORDER BY ${part.order} LIMIT ${part.limit}`,
  );
  return db.read((q) => q.rows<PageRow<CircleInvitation>>(cypher, { userId, ...window.params }));
}

/**
 * The circle's pending invitations, newest first, whoever of its owners and moderators sent
 * them: for its owners and moderators (the caller checks). Left out: invitations that count
 * for nothing (a block between invitee and inviter, see INVITED) and those naming someone with
 * a block between them and the viewer, as everywhere.
 */
export async function pendingInvitationsOf(db: Db, viewerId: string, circleId: string, page: TwoWayPageRequest): Promise<Array<PageRow<CircleInvitation>>> {
  const window = pageWindow(CIRCLE_INVITATION_ORDER, page);
  const cypher = `
    MATCH (v:User {id: $viewerId}), (c:Circle {id: $circleId})
    WITH c, ${idsHiddenFrom('v')} AS hiddenIds
    CALL (c, hiddenIds) {
      ${windowRead(
        window,
        (part) => `
          MATCH (u:User)-[i:INVITED_TO]->(c)
          WHERE NOT u.id IN hiddenIds AND NOT i.byId IN hiddenIds
            AND NOT EXISTS { (u)-[:BLOCKED]-(:User {id: i.byId}) } AND ${part.where}
          RETURN ${INVITATION} AS node, ${part.beyond} AS beyond
          ORDER BY ${part.order} LIMIT ${part.limit}`,
      )}
    }
    RETURN node, beyond`;
  return db.read((q) => q.rows<PageRow<CircleInvitation>>(cypher, { viewerId, circleId, ...window.params }));
}

/** How many pending invitations pendingInvitationsOf pages through, none of them read (PENDING_INVITATION_COUNT_OF_C). */
export async function pendingInvitationCount(db: Db, viewerId: string, circleId: string): Promise<number> {
  const row = await db.read((q) =>
    q.one<{ count: number }>(
      `MATCH (v:User {id: $viewerId}), (c:Circle {id: $circleId}) ${PENDING_INVITATION_COUNT_OF_C} RETURN count`,
      { viewerId, circleId },
    ),
  );
  return row?.count ?? 0;
}

/**
 * Withdraws a pending invitation on behalf of one of its circle's owners or moderators: it
 * is no longer pending (the invitee cannot accept it), and the CIRCLE_INVITATION notification
 * of it is taken away, as withdrawing a connection request does. Returns it as it stood.
 */
export async function withdrawInvitation(db: Db, actorId: string, invitationId: string): Promise<CircleInvitation> {
  return db.write(async (q) => {
    const found = await q.one<{ circleId: string }>(
      `CALL () {
         MATCH ()-[i:INVITED_TO {id: $invitationId}]->(c:Circle) RETURN c.id AS circleId
         UNION ALL
         MATCH ()-[i:ANSWERED_INVITATION {id: $invitationId}]->(c:Circle) RETURN c.id AS circleId
       }
       RETURN circleId LIMIT 1`,
      { invitationId },
    );
    if (!found) throw noSuchInvitation();
    await lockCircle(q, found.circleId);
    const row = await q.one<{ facts: WithdrawalFacts; invitation: CircleInvitation | null; inviteeId: string; byId: string }>(
      `MATCH (v:User {id: $actorId}), (c:Circle {id: $circleId})
       WITH v, c, ${idsHiddenFrom('v')} AS hiddenIds
       CALL (c) {
         MATCH (u:User)-[i:INVITED_TO {id: $invitationId}]->(c) RETURN u, i, null AS answer
         UNION ALL
         MATCH (u:User)-[i:ANSWERED_INVITATION {id: $invitationId}]->(c) RETURN u, i, i.answer AS answer
       }
       WITH v, c, hiddenIds, u, i, answer LIMIT 1
       RETURN {circleName: c.name, inviteeHandle: u.handle, answer: answer, hidden: u.id IN hiddenIds OR i.byId IN hiddenIds,
               role: COLLECT { MATCH (v)-[m:MEMBER_OF]->(c) RETURN m.role }[0]} AS facts,
              CASE WHEN answer IS NULL THEN ${INVITATION} END AS invitation, u.id AS inviteeId, i.byId AS byId`,
      { actorId, circleId: found.circleId, invitationId },
    );
    // The invitee's account or the circle was deleted between the two reads.
    if (!row) throw noSuchInvitation();
    const refusal = withdrawRefusal(row.facts);
    if (refusal) throw refusal;
    await q.rows(`MATCH (:User)-[i:INVITED_TO {id: $invitationId}]->(:Circle) ${END_INVITATION('i')}`, { invitationId, answer: 'WITHDRAWN' satisfies InvitationAnswer });
    await forgetActor(q, [{ actorId: row.byId, recipientId: row.inviteeId, kind: NotificationKind.CIRCLE_INVITATION, circleId: found.circleId }]);
    return row.invitation!;
  });
}
