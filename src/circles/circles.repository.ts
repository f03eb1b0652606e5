/** All Cypher about circles and membership: creating, listing, joining, leaving. */
import { int, type Db, type Queries } from '../db/database.js';
import { conflict, isConstraintViolation, notFound } from '../errors.js';
import { BIND_VIEWER_AND_HIDDEN_PEOPLE, idsHiddenFrom } from '../graph/blocks.js';
import {
  circleFields,
  CIRCLE_ORDER,
  circleMembersPage,
  circlesOfPersonPage,
  lockCircle,
  mayReadCircle,
  MEMBER_ORDER,
  MEMBER_ROW,
  MEMBERS_OF_C,
  OWNERS_OF_C,
  READABLE_CIRCLES_OF_IDS,
} from '../graph/circles.js';
import type { TwoWayPageRequest } from '../graph/cursors.js';
import { END_VOIDED } from '../graph/invitation-counts.js';
import { pageWindow, windowRead, type PageRow, type PageWindow } from '../graph/paging.js';
import { circlePostsPage, POST_ORDER, POST_WITH_AUTHOR } from '../graph/posts.js';
import type { Interest } from '../interests/interest.type.js';
import type { Post } from '../posts/post.type.js';
import type { User } from '../users/user.type.js';
import type { CircleRole, Circle } from './circle.type.js';
import type { NewCircle } from './circles.inputs.js';
import type { InvitationAnswer } from './invitations.rules.js';
import {
  disclosureRefusal,
  gateRefusal,
  joinRefusal,
  leaveRefusal,
  unknownInterestsRefusal,
  type Applicant,
  type JoinStanding,
  type Membership,
} from './circles.rules.js';

/** How the viewer stands to a circle: members they may see (people hidden by blocks left out), and their role. */
export interface Standing {
  memberCount: number;
  viewerRole: CircleRole | null;
}

export interface CircleForViewer extends Standing {
  c: Circle;
}

/**
 * The viewer's standing in the circle `c`. The count is the relationship degree (constant
 * time, MEMBERS_OF_C) less the few hidden people who are members, so a block does not show in
 * the number.
 * Expects bound: `c`, `v` and `hiddenPeople` (BIND_VIEWER_AND_HIDDEN_PEOPLE).
 */
const STANDING_OF_C = `memberCount: ${MEMBERS_OF_C} - size([h IN hiddenPeople WHERE EXISTS { (h)-[:MEMBER_OF]->(c) }]),
  viewerRole: COLLECT { MATCH (v)-[m:MEMBER_OF]->(c) RETURN m.role }[0]`;

/** A circle with the viewer's standing, as one map. */
const CIRCLE_FOR_V = `{c: c ${circleFields('c')}, ${STANDING_OF_C}}`;

/** Circles by id or slug (two constant queries: the key is never pasted from input). */
const CIRCLES_BY = {
  id: `${BIND_VIEWER_AND_HIDDEN_PEOPLE} MATCH (c:Circle) WHERE c.id IN $keys RETURN ${CIRCLE_FOR_V} AS row`,
  slug: `${BIND_VIEWER_AND_HIDDEN_PEOPLE} MATCH (c:Circle) WHERE c.slug IN $keys RETURN ${CIRCLE_FOR_V} AS row`,
};

export async function circlesForViewer(db: Db, viewerId: string, by: keyof typeof CIRCLES_BY, keys: readonly string[]): Promise<CircleForViewer[]> {
  const rows = await db.read((q) => q.rows<{ row: CircleForViewer }>(CIRCLES_BY[by], { viewerId, keys }));
  return rows.map((row) => row.row);
}

export interface CircleFilter {
  interest: string | null;
  search: string | null;
}

/** A page of circles in name order, either way (src/graph/paging.ts). */
export async function listCircles(db: Db, filter: CircleFilter, page: TwoWayPageRequest): Promise<Array<PageRow<Circle>>> {
  const window = pageWindow(CIRCLE_ORDER, page);
  return db.read((q) => q.rows<PageRow<Circle>>(listQuery(window, '', `c ${circleFields('c')}`), listParams(filter, window)));
}

/**
 * The same page with the viewer's standing in each circle (as circlesForViewer reads it),
 * for a list that shows counts and roles: one statement for all of it.
 */
export async function listCirclesForViewer(db: Db, viewerId: string, filter: CircleFilter, page: TwoWayPageRequest): Promise<Array<PageRow<CircleForViewer>>> {
  const window = pageWindow(CIRCLE_ORDER, page);
  return db.read((q) =>
    q.rows<PageRow<CircleForViewer>>(listQuery(window, BIND_VIEWER_AND_HIDDEN_PEOPLE, CIRCLE_FOR_V, 'v, hiddenPeople, '), { ...listParams(filter, window), viewerId }),
  );
}

// Two shapes per window: the list alone, or with what `bind` binds carried along for `projection`.
function listQuery(window: PageWindow, bind: string, projection: string, carried = '') {
  const read = windowRead(
    window,
    (part) => `
      MATCH (c:Circle)
      WHERE ($interest IS NULL OR EXISTS { (c)-[:ABOUT]->(:Interest {slug: $interest}) })
        AND ($search IS NULL OR toLower(c.name) CONTAINS $search OR toLower(coalesce(c.description, '')) CONTAINS $search)
        AND ${part.where}
      RETURN c, ${part.beyond} AS beyond ORDER BY ${part.order} LIMIT ${part.limit}`,
  );
  return `${bind}
  CALL () { ${read} }
  WITH ${carried}c, beyond ORDER BY ${window.order}
  RETURN ${projection} AS node, beyond`;
}

function listParams(filter: CircleFilter, window: PageWindow) {
  return { interest: filter.interest, search: filter.search?.toLowerCase() ?? null, ...window.params };
}

export async function interestsOfCircles(db: Db, circleIds: readonly string[]): Promise<Array<{ key: string; value: Interest }>> {
  return db.read((q) =>
    q.rows<{ key: string; value: Interest }>(
      `UNWIND $circleIds AS circleId
       MATCH (:Circle {id: circleId})-[:ABOUT]->(i:Interest)
       RETURN circleId AS key, i {.slug, .name} AS value ORDER BY i.name`,
      { circleIds },
    ),
  );
}

export interface MemberRow {
  circleId: string;
  user: User;
  role: CircleRole;
  joinedAt: Date;
}

/**
 * Members of each circle the viewer may read, earliest first, in a page's window either way
 * (src/graph/paging.ts), leaving out people who blocked or were blocked by the viewer.
 */
export async function membersOfCircles(
  db: Db,
  viewerId: string,
  circleIds: readonly string[],
  page: TwoWayPageRequest,
): Promise<Array<{ key: string; value: PageRow<MemberRow> }>> {
  const window = pageWindow(MEMBER_ORDER, page);
  return db.read((q) =>
    q.rows<{ key: string; value: PageRow<MemberRow> }>(
      `${READABLE_CIRCLES_OF_IDS}
       CALL (c, hiddenIds) { ${circleMembersPage(window)} }
       RETURN circleId AS key, {node: ${MEMBER_ROW}, beyond: beyond} AS value
       ORDER BY ${window.order}`,
      { viewerId, circleIds, ...window.params },
    ),
  );
}

/** What a circle page asks for beside the circle: a page of its members, a page of its posts. */
export interface CirclePageLists {
  members: TwoWayPageRequest | null;
  posts: TwoWayPageRequest | null;
}

export interface CirclePage extends CircleForViewer {
  /** Whether the viewer may read its members and posts; the lists are empty when not. */
  readable: boolean;
  /** As membersOfCircles reads them for the circle: the page's rows, with the probe past its cursor. */
  members: Array<PageRow<MemberRow>>;
  /** As postsOfCircles reads them for the circle. */
  posts: Array<PageRow<Post & { author: User | null }>>;
}

/**
 * A circle by slug with the viewer's standing (as circlesForViewer) and the lists asked
 * for (each as membersOfCircles and postsOfCircles read it, by the same fragments and
 * windows, their parameters prefixed apart), in one statement: a circle page in one
 * round-trip. A list not asked for is not read; one the viewer may not read comes back
 * empty (its subquery filters out its only row).
 */
export async function circlePageForViewer(db: Db, viewerId: string, slug: string, lists: CirclePageLists): Promise<CirclePage | null> {
  const members = lists.members && pageWindow(MEMBER_ORDER, lists.members, 'members');
  const posts = lists.posts && pageWindow(POST_ORDER, lists.posts, 'posts');
  const membersRead = members
    ? `CALL (c, circleId, hiddenIds, readable) {
         WITH * WHERE readable
         CALL (c, hiddenIds) { ${circleMembersPage(members)} }
         WITH circleId, u, m, beyond ORDER BY ${members.order}
         RETURN collect({node: ${MEMBER_ROW}, beyond: beyond}) AS members
       }`
    : 'WITH *, [] AS members';
  const postsRead = posts
    ? `CALL (circleId, hiddenIds, readable) {
         WITH * WHERE readable
         CALL (circleId, hiddenIds) { ${circlePostsPage(posts)} }
         WITH p, beyond ORDER BY ${posts.order}
         RETURN collect({node: p ${POST_WITH_AUTHOR}, beyond: beyond}) AS posts
       }`
    : 'WITH *, [] AS posts';
  const row = await db.read((q) =>
    q.one<Omit<CirclePage, keyof CircleForViewer> & { circle: CircleForViewer }>(
      `${BIND_VIEWER_AND_HIDDEN_PEOPLE}
       MATCH (c:Circle {slug: $slug})
       WITH v, hiddenPeople, c, c.id AS circleId, [h IN hiddenPeople | h.id] AS hiddenIds, ${mayReadCircle('v', 'c')} AS readable
       ${membersRead}
       ${postsRead}
       RETURN ${CIRCLE_FOR_V} AS circle, readable, members, posts`,
      { viewerId, slug, ...members?.params, ...posts?.params },
    ),
  );
  return row ? { ...row.circle, readable: row.readable, members: row.members, posts: row.posts } : null;
}

/** Circles each person is in that the viewer may know of, in name order, in a page's window either way. */
export async function circlesOfUsers(
  db: Db,
  viewerId: string,
  userIds: readonly string[],
  page: TwoWayPageRequest,
): Promise<Array<{ key: string; value: PageRow<Circle> }>> {
  const window = pageWindow(CIRCLE_ORDER, page);
  return db.read((q) =>
    q.rows<{ key: string; value: PageRow<Circle> }>(
      `OPTIONAL MATCH (v:User {id: $viewerId})
       UNWIND $userIds AS userId
       MATCH (u:User {id: userId})
       ${circlesOfPersonPage('v', 'u', window)}
       UNWIND circles AS value
       RETURN userId AS key, value`,
      { viewerId, userIds, ...window.params },
    ),
  );
}

export async function createCircle(db: Db, ownerId: string, circle: NewCircle): Promise<Circle> {
  try {
    return await db.write(async (q) => {
      const known = await q.rows<{ slug: string }>('MATCH (i:Interest) WHERE i.slug IN $slugs RETURN i.slug AS slug', {
        slugs: circle.interestSlugs,
      });
      const unknownInterests = unknownInterestsRefusal(circle.interestSlugs, known.map((row) => row.slug));
      if (unknownInterests) throw unknownInterests;
      const owner = await q.one<Applicant>('MATCH (u:User {id: $ownerId}) RETURN u.verified AS verified, u.creditScore AS creditScore', {
        ownerId,
      });
      if (!owner) throw notFound('Your account no longer exists.');
      const refusal = gateRefusal(circle, owner, 'found it') ?? disclosureRefusal(circle, circle.acknowledgeDisclosure, 'found');
      if (refusal) throw refusal;
      const row = await q.one<{ c: Circle }>(
        `MATCH (u:User {id: $ownerId})
         CREATE (c:Circle {id: randomUUID(), slug: $slug, name: $name, description: $description,
                           minCreditScore: $minCreditScore, requiresVerified: $requiresVerified,
                           membersOnly: $membersOnly, joinPolicy: $joinPolicy, createdAt: datetime()})
         CREATE (u)-[:MEMBER_OF {role: 'OWNER', joinedAt: datetime(), circleId: c.id,
                                 disclosureAcknowledgedAt: CASE WHEN $minCreditScore IS NULL THEN null ELSE datetime() END}]->(c)
         WITH c
         UNWIND $interestSlugs AS slug
         MATCH (i:Interest {slug: slug})
         CREATE (c)-[:ABOUT]->(i)
         WITH DISTINCT c
         RETURN c ${circleFields('c')} AS c`,
        {
          ...circle,
          ownerId,
          minCreditScore: circle.minCreditScore === null ? null : int(circle.minCreditScore),
        },
      );
      return row!.c;
    });
  } catch (error) {
    if (isConstraintViolation(error)) throw conflict(`The slug "${circle.slug}" is taken; choose another.`, { field: 'slug' });
    throw error;
  }
}

/**
 * Whether `person` (a bound User) has a pending invitation to `circle` (a bound Circle) from
 * someone without a block between them: an invitation from a person hidden by a block
 * counts for nothing, as if it were never sent. Expects bound: both variables named.
 */
export const INVITED = (person: string, circle: string) =>
  `EXISTS { (${person})-[i:INVITED_TO]->(${circle}) WHERE NOT EXISTS { (${person})-[:BLOCKED]-(:User {id: i.byId}) } }`;

/**
 * Ends the pending invitation bound to `invitation` (an INVITED_TO edge; nothing when null):
 * it becomes an ANSWERED_INVITATION edge with its id, inviter and `$answer` (an
 * InvitationAnswer parameter), so withdrawing it later is told it was answered. A person
 * holds at most one pending invitation per circle, and sending them is rate-limited. A voided
 * one leaves its circle's kept count (END_VOIDED).
 */
export const END_INVITATION = (invitation: string) => `
  CALL (${invitation}) {
    WITH ${invitation} WHERE ${invitation} IS NOT NULL
    WITH ${invitation}, endNode(${invitation}) AS circle
    ${END_VOIDED(invitation, 'circle')}
    WITH ${invitation}, startNode(${invitation}) AS invitee, endNode(${invitation}) AS circle
    CREATE (invitee)-[:ANSWERED_INVITATION {id: ${invitation}.id, byId: ${invitation}.byId, at: ${invitation}.at, answer: $answer,
                                            answeredAt: datetime.truncate('millisecond', datetime())}]->(circle)
    DELETE ${invitation}
  }`;

/**
 * Joins the person to the circle, in the caller's transaction, if its gates and join
 * policy allow and they consented to what membership discloses; true when they were not a
 * member before. A membership paused by migration 8 (consent missing) resumes with its
 * role and join date. Joining uses up any invitation to the circle.
 */
export async function joinInTransaction(q: Queries, userId: string, circle: Circle, acknowledged: boolean): Promise<boolean> {
  await lockCircle(q, circle.id);
  const state = await q.one<JoinStanding>(
    `MATCH (u:User {id: $userId}), (c:Circle {id: $circleId})
     RETURN u.verified AS verified, u.creditScore AS creditScore,
            EXISTS { (u)-[:MEMBER_OF]->(c) } AS member, EXISTS { (u)-[:BANNED_FROM]->(c) } AS banned,
            EXISTS { (u)-[:PAUSED_MEMBERSHIP]->(c) } AS paused, ${INVITED('u', 'c')} AS invited`,
    { userId, circleId: circle.id },
  );
  if (!state) throw notFound('Your account no longer exists.');
  const refusal = joinRefusal(circle, state, acknowledged);
  if (refusal) throw refusal;
  if (state.member) return false;
  await q.rows(
    `MATCH (u:User {id: $userId}), (c:Circle {id: $circleId})
     OPTIONAL MATCH (u)-[paused:PAUSED_MEMBERSHIP]->(c)
     OPTIONAL MATCH (u)-[invitation:INVITED_TO]->(c)
     CREATE (u)-[:MEMBER_OF {role: coalesce(paused.role, 'MEMBER'), joinedAt: coalesce(paused.joinedAt, datetime()), circleId: c.id,
                             disclosureAcknowledgedAt: CASE WHEN c.minCreditScore IS NULL THEN null ELSE datetime() END}]->(c)
     DELETE paused
     WITH invitation
     ${END_INVITATION('invitation')}`,
    { userId, circleId: circle.id, answer: 'ACCEPTED' satisfies InvitationAnswer },
  );
  return true;
}

export async function joinCircle(db: Db, userId: string, circle: Circle, acknowledged: boolean): Promise<boolean> {
  return db.write((q) => joinInTransaction(q, userId, circle, acknowledged));
}

/** Leaves the circle; false when the person was not a member. The last owner may not leave. */
export async function leaveCircle(db: Db, userId: string, circle: Circle): Promise<boolean> {
  return db.write(async (q) => {
    await lockCircle(q, circle.id);
    const state = await q.one<Membership>(
      `MATCH (:User {id: $userId})-[m:MEMBER_OF]->(c:Circle {id: $circleId})
       RETURN m.role AS role, ${OWNERS_OF_C} AS owners`,
      { userId, circleId: circle.id },
    );
    if (!state) return false;
    const refusal = leaveRefusal(circle, state);
    if (refusal) throw refusal;
    await q.rows('MATCH (:User {id: $userId})-[m:MEMBER_OF]->(:Circle {id: $circleId}) DELETE m', { userId, circleId: circle.id });
    return true;
  });
}

/** Everything a live subscription needs to start, in one round-trip (10,000 may start at once). */
export interface WatchStanding {
  circle: Circle | null;
  member: boolean;
  banned: boolean;
  /** People with a block between them and the viewer. */
  hiddenIds: string[];
}

export async function watchStanding(db: Db, viewerId: string, slug: string): Promise<WatchStanding | undefined> {
  return db.read((q) =>
    q.one<WatchStanding>(
      `MATCH (v:User {id: $viewerId})
       OPTIONAL MATCH (c:Circle {slug: $slug})
       RETURN c ${circleFields('c')} AS circle,
              c IS NOT NULL AND EXISTS { (v)-[:MEMBER_OF]->(c) } AS member,
              c IS NOT NULL AND EXISTS { (v)-[:BANNED_FROM]->(c) } AS banned,
              ${idsHiddenFrom('v')} AS hiddenIds`,
      { viewerId, slug },
    ),
  );
}
