/** All Cypher about closing accounts: suspension by trust and safety, deletion by the owner. */
import type { Db } from '../db/database.js';
import { notFound } from '../errors.js';
import { DELETE_CONVERSATIONS_OF } from '../graph/conversations.js';
import { DELETE_CIRCLE_LOG_OF_C } from '../graph/circle-log.js';
import { MEMBERS_OF_C, OWNERS_OF_C } from '../graph/circles.js';
import { DELETE_COMMENTS_OF_P, FORGET_COMMENTS_OF_U } from '../graph/comments.js';
import { settleVoidedInvitationsOf } from '../graph/invitation-counts.js';
import { DELETE_NOTIFICATIONS_OF_U, forgetActor } from '../graph/notifications.js';
import { FORGET_REACTIONS_OF_U } from '../graph/reactions.js';
import { requireUserId, userFields } from '../graph/people.js';
import type { User } from '../users/user.type.js';
import { strandedCirclesRefusal } from './accounts.rules.js';
import { DELETE_SESSIONS_OF_U } from './sessions.repository.js';
import { suspendInTransaction } from './suspension.js';

/** Suspends an account, ends its sessions and logs it (a reinstated person logs in again). */
export async function suspend(db: Db, handle: string, reason: string, by: string): Promise<{ user: User; endedSessions: string[] }> {
  return db.write(async (q) => {
    const userId = await requireUserId(q, handle);
    const endedSessions = await suspendInTransaction(q, userId, reason, by);
    const row = await q.one<{ u: User }>(`MATCH (u:User {id: $userId}) RETURN u ${userFields('u')} AS u`, { userId });
    return { user: row!.u, endedSessions };
  });
}

export async function reinstate(db: Db, handle: string): Promise<User> {
  return db.write(async (q) => {
    await requireUserId(q, handle);
    const row = await q.one<{ u: User }>(
      `MATCH (u:User {handle: $handle})
       REMOVE u.suspendedAt, u.suspensionReason, u.suspendedBy
       RETURN u ${userFields('u')} AS u`,
      { handle },
    );
    return row!.u;
  });
}

/**
 * Deletes a person and what is theirs alone: posts, credit records, circles nobody else is
 * in, their sessions and notifications, and their conversations with every message in them
 * (the other person loses the conversation too: its other side would name nobody); and takes
 * them out of the notifications they caused others (one they alone caused goes; an aggregate
 * one counts them no more). Refused while they are the only owner of a circle others still
 * belong to. Leaves a tombstone so tokens issued to the account stay refused.
 */
export async function deleteAccount(db: Db, userId: string): Promise<void> {
  await db.write(async (q) => {
    const stranded = await q.one<{ names: string[] }>(
      `MATCH (u:User {id: $userId})-[:MEMBER_OF {role: 'OWNER'}]->(c:Circle)
       WHERE ${OWNERS_OF_C} = 1 AND ${MEMBERS_OF_C} > 1
       RETURN collect(c.name) AS names`,
      { userId },
    );
    const refusal = strandedCirclesRefusal(stranded?.names ?? []);
    if (refusal) throw refusal;
    await settleVoidedInvitationsOf(q, userId);
    await forgetActor(q, [{ actorId: userId, recipientId: null, kind: null }]);
    const row = await q.one<{ id: string }>(
      `MATCH (u:User {id: $userId})
       ${FORGET_COMMENTS_OF_U}
       ${FORGET_REACTIONS_OF_U}
       CALL (u) {
         MATCH (u)-[:MEMBER_OF]->(c:Circle) WHERE ${MEMBERS_OF_C} = 1
         ${DELETE_CIRCLE_LOG_OF_C}
         OPTIONAL MATCH (p:Post)-[:IN]->(c)
         ${DELETE_COMMENTS_OF_P}
         DETACH DELETE p, c
       }
       CALL (u) { MATCH (u)-[:POSTED]->(p:Post) ${DELETE_COMMENTS_OF_P} DETACH DELETE p }
       CALL (u) { MATCH (u)-[:HAS_CREDIT_RECORD]->(r:CreditScoreRecord) DETACH DELETE r }
       ${DELETE_CONVERSATIONS_OF('u')}
       ${DELETE_SESSIONS_OF_U}
       ${DELETE_NOTIFICATIONS_OF_U}
       WITH u, u.id AS id
       DETACH DELETE u
       MERGE (closed:ClosedAccount {id: id}) ON CREATE SET closed.closedAt = datetime()
       RETURN id`,
      { userId },
    );
    if (!row) throw notFound('Your account no longer exists.');
  });
}
