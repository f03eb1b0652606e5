/** Circles in Cypher: their projection, who may read them, and the lock for membership changes. */
import type { Queries } from '../db/database.js';
import { idsHiddenFrom } from './blocks.js';

/** The map projection of the Circle bound to `circle` (a literal in our code, never input). */
export const circleFields = (circle: string) =>
  `{.id, .slug, .name, .description, .minCreditScore, .requiresVerified, .membersOnly, createdAt: ${circle}.createdAt.epochMillis}`;

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
