/** All Cypher about blocks: people who must never see each other. */
import type { Db } from '../db/database.js';
import { badInput } from '../errors.js';
import { LOCK_CONVERSATION_OF } from '../graph/conversations.js';
import { shiftVoidedInvitationsBetween } from '../graph/invitation-counts.js';
import { forgetActor, forgetConcerning } from '../graph/notifications.js';
import { LOCK_PERSON_CLAUSE, requireVisibleUserId } from '../graph/people.js';

/**
 * Blocks a person: ends any connection and pending request between the two, both ways
 * (their conversation stays, hidden from both while a block stands), and takes each out of
 * the notifications the other caused and those about the other's posts and comment threads. Returns their id. Blocking twice is harmless. Their
 * conversation is locked first, as sendMessage does, so a message being sent lands before
 * the block or not at all; then both people (lockPerson), as notify locks its recipient
 * before it checks for blocks: a notification made concurrently is refused or seen here.
 */
export async function block(db: Db, userId: string, handle: string): Promise<string> {
  return db.write(async (q) => {
    const targetId = await requireVisibleUserId(q, userId, handle);
    if (targetId === userId) throw badInput('handle', 'You cannot block yourself.');
    const rows = await q.rows<{ blockedBefore: boolean }>(
      `MATCH (v:User {id: $userId}), (t:User {id: $targetId})
       ${LOCK_CONVERSATION_OF('v', 't')}
       ${LOCK_PERSON_CLAUSE('v')} ${LOCK_PERSON_CLAUSE('t')}
       WITH v, t, EXISTS { (v)-[:BLOCKED]-(t) } AS blockedBefore
       OPTIONAL MATCH (v)-[gone:CONNECTED|REQUESTED]-(t)
       DELETE gone
       MERGE (v)-[b:BLOCKED]->(t) ON CREATE SET b.since = datetime()
       RETURN blockedBefore`,
      { userId, targetId },
    );
    // The first block between them voids their invitations to each other.
    if (!rows[0]?.blockedBefore) await shiftVoidedInvitationsBetween(q, userId, targetId, 1);
    await forgetActor(q, [
      { actorId: targetId, recipientId: userId, kind: null },
      { actorId: userId, recipientId: targetId, kind: null },
    ]);
    await forgetConcerning(q, [
      { recipientId: userId, personId: targetId },
      { recipientId: targetId, personId: userId },
    ]);
    return targetId;
  });
}

/** Lifts your block on a person; `unblocked` is false when there was none. */
export async function unblock(db: Db, userId: string, handle: string): Promise<{ targetId: string; unblocked: boolean }> {
  return db.write(async (q) => {
    const targetId = await requireVisibleUserId(q, userId, handle);
    // Both people's locks first, as blocking takes them: the count of voided invitations
    // changes with the last block between them.
    const row = await q.one<{ n: number; blockedStill: boolean }>(
      `MATCH (v:User {id: $userId}), (t:User {id: $targetId})
       ${LOCK_PERSON_CLAUSE('v')} ${LOCK_PERSON_CLAUSE('t')}
       WITH v, t
       OPTIONAL MATCH (v)-[b:BLOCKED]->(t)
       DELETE b
       RETURN count(b) AS n, EXISTS { (t)-[:BLOCKED]->(v) } AS blockedStill`,
      { userId, targetId },
    );
    const unblocked = (row?.n ?? 0) > 0;
    if (unblocked && !row!.blockedStill) await shiftVoidedInvitationsBetween(q, userId, targetId, -1);
    return { targetId, unblocked };
  });
}
