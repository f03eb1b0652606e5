/** Circles in Cypher: their projection, who may read them, and the lock for membership changes. */
import type { Queries } from '../db/database.js';
import { idsHiddenFrom } from './blocks.js';

/** The map projection of the Circle bound to `circle` (a literal in our code, never input). */
export const circleFields = (circle: string) =>
  `{.id, .slug, .name, .description, .minCreditScore, .requiresVerified, .membersOnly, .joinPolicy, createdAt: ${circle}.createdAt.epochMillis}`;

/**
 * Whether `viewer` (a User, possibly null) may read the posts and members of `circle`.
 * Expects bound: both variables named.
 */
export const mayReadCircle = (viewer: string, circle: string) =>
  `(NOT ${circle}.membersOnly OR EXISTS { (${viewer})-[:MEMBER_OF]->(${circle}) })`;

/**
 * Binds, for each of `$circleIds` the viewer `$viewerId` may read: `v` (possibly null),
 * `hiddenIds` (people with a block between them and the viewer), `circleId` and the
 * circle `c`. For pages of a circle's insides (posts, members) for many circles at once.
 */
export const READABLE_CIRCLES_OF_IDS = `OPTIONAL MATCH (v:User {id: $viewerId})
  WITH v, ${idsHiddenFrom('v')} AS hiddenIds
  UNWIND $circleIds AS circleId
  MATCH (c:Circle {id: circleId}) WHERE ${mayReadCircle('v', 'c')}`;

/**
 * Locks the circle for a membership change: concurrent changes to one circle then run
 * one after another, so checks like "another owner remains" hold when they commit.
 */
export async function lockCircle(q: Queries, circleId: string): Promise<void> {
  await q.rows('MATCH (circle:Circle {id: $circleId}) SET circle.membersChangedAt = datetime()', { circleId });
}

/**
 * Bans `$targetId` from `$circleId`: ends their membership (if any) and keeps them out,
 * recording who banned them and why. Whether they were banned already tells the caller
 * whether to notify them. For the circle's moderators (banMember) and for resolving reports.
 */
export async function writeBan(q: Queries, targetId: string, circleId: string, actorId: string, reason: string | null): Promise<{ already: boolean }> {
  const row = await q.one<{ already: boolean }>(
    `MATCH (u:User {id: $targetId}), (c:Circle {id: $circleId})
     OPTIONAL MATCH (u)-[m:MEMBER_OF]->(c)
     DELETE m
     WITH u, c, EXISTS { (u)-[:BANNED_FROM]->(c) } AS already
     MERGE (u)-[b:BANNED_FROM]->(c)
     SET b.at = datetime(), b.by = $actorId, b.reason = $reason
     RETURN already`,
    { targetId, circleId, actorId, reason },
  );
  return { already: row?.already ?? false };
}
