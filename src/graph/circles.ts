/** Circles in Cypher: their projection, who may read them, and the lock for membership changes. */
import { int, type Queries } from '../db/database.js';
import { idsHiddenFrom } from './blocks.js';
import { EARLIEST_FIRST_START, type PageRequest } from './cursors.js';
import { userFields } from './people.js';

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
 * A page of the circles `person` (a bound User) is in that the viewer `$viewerId` (bound to
 * `viewer`, possibly null) may know of — all of them when the person is the viewer — in
 * name order, as a list of circle maps: up to `first + 1` of them, to tell whether more
 * follow. The parameters, named after `prefix` so one statement can hold several pages,
 * come from circlesOfPersonParams.
 */
export const circlesOfPersonPage = (viewer: string, person: string, prefix: string) =>
  `COLLECT {
    MATCH (${person})-[:MEMBER_OF]->(c:Circle)
    WHERE (${person}.id = $viewerId OR ${mayReadCircle(viewer, 'c')})
      AND (c.name > $${prefix}AfterName OR (c.name = $${prefix}AfterName AND c.slug > $${prefix}AfterSlug))
    WITH c ORDER BY c.name, c.slug LIMIT $${prefix}Limit
    RETURN c ${circleFields('c')}
  }`;

export function circlesOfPersonParams(page: PageRequest, prefix: string): Record<string, unknown> {
  const [afterName, afterSlug] = page.after ?? ['', ''];
  return { [`${prefix}AfterName`]: afterName, [`${prefix}AfterSlug`]: afterSlug, [`${prefix}Limit`]: int(page.first + 1) };
}

/**
 * A page of the members of the circle `c`, earliest first, leaving out people in
 * `hiddenIds`; leaves `u` and their membership `m` bound, in page order. Expects bound:
 * `c`, `hiddenIds`; the parameters, named after `prefix`, come from circleMembersParams.
 */
export const circleMembersPage = (prefix: string) => `
  MATCH (c)<-[m:MEMBER_OF]-(u:User)
  WHERE NOT u.id IN hiddenIds
    AND (m.joinedAt > datetime($${prefix}AfterTime) OR (m.joinedAt = datetime($${prefix}AfterTime) AND u.id > $${prefix}AfterId))
  WITH u, m ORDER BY m.joinedAt, u.id LIMIT $${prefix}Limit`;

export function circleMembersParams(page: PageRequest, prefix: string): Record<string, unknown> {
  const [afterTime, afterId] = page.after ?? EARLIEST_FIRST_START;
  return { [`${prefix}AfterTime`]: afterTime, [`${prefix}AfterId`]: afterId, [`${prefix}Limit`]: int(page.first + 1) };
}

/** A member as a circle's member list shows them. Expects bound: `circleId`, `u`, `m` (circleMembersPage). */
export const MEMBER_ROW = `{circleId: circleId, user: u ${userFields('u')}, role: m.role, joinedAt: m.joinedAt}`;

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
