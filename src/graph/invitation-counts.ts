/**
 * The count behind a circle's pending invitations (`Circle.invitations.totalCount`), read
 * without reading the invitations. The graph keeps each circle's INVITED_TO degree, but an
 * invitation counts for nothing while a block stands between invitee and inviter (INVITED,
 * src/circles/circles.repository.ts), which no degree shows. So each circle keeps
 * `voidedInvitations`, how many of its INVITED_TO edges a block voids, and every write that
 * voids one, revives one or ends a voided one changes it here and nowhere else: blocking
 * and unblocking (shiftVoidedInvitationsBetween), ending an invitation (END_VOIDED) and
 * deleting an account (settleVoidedInvitationsOf).
 *
 * Locks: people first, then circles (blocking holds both people, inviting takes both
 * before its circle's), and a count is changed only after its circles are locked and the
 * invitations read again, so an invitation ended meanwhile under its circle's lock is not
 * counted twice.
 */
import type { Queries } from '../db/database.js';
import { LOCK_PERSON_CLAUSE } from './people.js';

/** Whether the INVITED_TO edge bound to `i`, of `invitee`, counts for nothing: a block between its two people. */
const VOIDED = (invitee: string, i: string) => `EXISTS { (${invitee})-[:BLOCKED]-(:User {id: ${i}.byId}) }`;

const LOCK_CIRCLE = (circle: string) => `SET ${circle}._lock = true REMOVE ${circle}._lock`;

/**
 * Reads `circles` (a CALL body returning `c`, one row per invitation to count, with the
 * statement's parameters), locks those circles, reads them again and adds `delta` for each.
 */
async function shift(q: Queries, circles: string, params: Record<string, unknown>, delta: 1 | -1): Promise<void> {
  await q.rows(`CALL () { ${circles} } WITH DISTINCT c ${LOCK_CIRCLE('c')}`, params);
  await q.rows(
    `CALL () { ${circles} } WITH c, count(*) AS n
     SET c.voidedInvitations = coalesce(c.voidedInvitations, 0) + $delta * n`,
    { ...params, delta },
  );
}

/** Invitations either of `$aId`, `$bId` sent the other, one row (`c`) each. */
const INVITATIONS_BETWEEN = `
  MATCH (a:User {id: $aId})-[i:INVITED_TO]->(c:Circle) WHERE i.byId = $bId RETURN c
  UNION ALL
  MATCH (b:User {id: $bId})-[i:INVITED_TO]->(c:Circle) WHERE i.byId = $aId RETURN c`;

/**
 * A block now stands between the two (+1: their invitations to each other are voided) or
 * none stands any more (-1: revived). The caller holds both people's locks and has checked
 * that this block is the first, or was the last, between them.
 */
export async function shiftVoidedInvitationsBetween(q: Queries, aId: string, bId: string, delta: 1 | -1): Promise<void> {
  await shift(q, INVITATIONS_BETWEEN, { aId, bId }, delta);
}

/**
 * The person's account is going: their voided invitations go with it, and those they sent
 * people who blocked them (or whom they blocked) count again, as no block will stand.
 * Takes the person's lock first, as blocking them does.
 */
export async function settleVoidedInvitationsOf(q: Queries, userId: string): Promise<void> {
  await q.rows(`MATCH (u:User {id: $userId}) ${LOCK_PERSON_CLAUSE('u')}`, { userId });
  const circles = `
    MATCH (u:User {id: $userId})-[i:INVITED_TO]->(c:Circle) WHERE ${VOIDED('u', 'i')} RETURN c
    UNION ALL
    MATCH (u:User)-[i:INVITED_TO]->(c:Circle) USING INDEX i:INVITED_TO(byId) WHERE i.byId = $userId AND ${VOIDED('u', 'i')} RETURN c`;
  await shift(q, circles, { userId }, -1);
}

/**
 * Part of ending the INVITED_TO edge bound to `invitation` (to the Circle bound to
 * `circle`): a voided one leaves the circle's count. The circle is locked before the block
 * is read, so a block being made waits, or is seen.
 */
export const END_VOIDED = (invitation: string, circle: string) => `
  ${LOCK_CIRCLE(circle)}
  WITH ${invitation}, ${circle}
  CALL (${invitation}, ${circle}) {
    WITH ${invitation}, ${circle}, startNode(${invitation}) AS invitee WHERE ${VOIDED('invitee', invitation)}
    SET ${circle}.voidedInvitations = coalesce(${circle}.voidedInvitations, 0) - 1
  }`;

/**
 * How many pending invitations the circle `c` shows the viewer `v` (both bound): its
 * INVITED_TO degree, less the voided ones, less the valid ones naming someone with a block
 * between them and the viewer, found from those people alone (what they were sent there,
 * and what they sent, by the invitation_by index). Binds `count`.
 */
export const PENDING_INVITATION_COUNT_OF_C = `
  CALL (v, c) {
    WITH v, c, COLLECT { MATCH (v)-[:BLOCKED]-(h:User) RETURN h.id } AS hiddenIds
    CALL (c, hiddenIds) {
      CALL (c, hiddenIds) {
        UNWIND hiddenIds AS hiddenId
        MATCH (u:User {id: hiddenId})-[i:INVITED_TO]->(c) RETURN u, i
        UNION
        UNWIND hiddenIds AS hiddenId
        MATCH (u:User)-[i:INVITED_TO]->(other:Circle) USING INDEX i:INVITED_TO(byId) WHERE i.byId = hiddenId AND other = c RETURN u, i
      }
      RETURN count(CASE WHEN NOT ${VOIDED('u', 'i')} THEN i END) AS hiddenValid
    }
    RETURN COUNT { (c)<-[:INVITED_TO]-() } - coalesce(c.voidedInvitations, 0) - hiddenValid AS count
  }`;
