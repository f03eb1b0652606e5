/** Circles in Cypher: their projection, who may read them, and the lock for membership changes. */
import type { Queries } from '../db/database.js';
import { idsHiddenFrom } from './blocks.js';
import { ledBy, windowRead, type PageWindow, type SortColumn } from './paging.js';
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
 * How many members the circle `c` has: the relationship's degree, read in constant time. No
 * label on the far end (only people are members): with one, Neo4j checks it member by member,
 * 200,000 database hits in a circle of 100,000. Expects bound: `c`.
 */
export const MEMBERS_OF_C = 'COUNT { (c)<-[:MEMBER_OF]-() }';

/**
 * How many owners the circle `c` has, read from the `MEMBER_OF(circleId, role)` index: its
 * owners' entries only, however many members it has (a role filter on the circle's
 * memberships reads every one: 200,000 database hits in a circle of 100,000). Expects bound: `c`.
 */
export const OWNERS_OF_C = `COUNT {
  MATCH ()-[owner:MEMBER_OF]->(c) USING INDEX owner:MEMBER_OF(circleId, role)
  WHERE owner.circleId = c.id AND owner.role = 'OWNER' }`;

/** Circles in name order, then slug (the circle list, and a person's circles). */
export const CIRCLE_ORDER: SortColumn[] = [{ expr: 'c.name' }, { expr: 'c.slug' }];

/**
 * A page of the circles `person` (a bound User) is in that the viewer `$viewerId` (bound to
 * `viewer`, possibly null) may know of — all of them when the person is the viewer — in
 * `window` (pageWindow over CIRCLE_ORDER, src/graph/paging.ts), as a CALL subquery binding
 * `circles`: the page's rows as PageRow maps (`{node, beyond}`), in reading order. Its
 * parameters are the window's, named after the window's prefix, so one statement can hold
 * several pages.
 */
export const circlesOfPersonPage = (viewer: string, person: string, window: PageWindow) => {
  const read = windowRead(
    window,
    (part) => `
      MATCH (${person})-[:MEMBER_OF]->(c:Circle)
      WHERE (${person}.id = $viewerId OR ${mayReadCircle(viewer, 'c')}) AND ${part.where}
      RETURN c, ${part.beyond} AS beyond ORDER BY ${part.order} LIMIT ${part.limit}`,
  );
  return `CALL (${viewer}, ${person}) {
    CALL (${viewer}, ${person}) { ${read} }
    WITH c, beyond ORDER BY ${window.order}
    RETURN collect({node: c ${circleFields('c')}, beyond: beyond}) AS circles
  }`;
};

/** A circle's members, earliest first, ties by id. */
export const MEMBER_ORDER: SortColumn[] = [
  { expr: 'm.joinedAt', time: true },
  { expr: 'u.id' },
];

/**
 * A page of the members of the circle `c` in `window` (pageWindow over MEMBER_ORDER, either
 * way), leaving out people in `hiddenIds`, with the probe past its starting cursor, read in
 * join order from the (circleId, joinedAt) index so a page costs the same in any circle: the body
 * of a CALL, returning `u`, their membership `m` and `beyond`. Expects bound: `c`,
 * `hiddenIds`; the parameters are the window's.
 */
export const circleMembersPage = (window: PageWindow) =>
  windowRead(
    window,
    (part) => `
      MATCH (u:User)-[m:MEMBER_OF]->(c)
      USING INDEX m:MEMBER_OF(circleId, joinedAt)
      WHERE m.circleId = c.id AND NOT u.id IN hiddenIds AND ${part.where}
      RETURN u, m, ${part.beyond} AS beyond ORDER BY ${ledBy('m.circleId', part.order)} LIMIT ${part.limit}`,
  );

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
