/**
 * No N+1: responses report how many Cypher round-trips they cost
 * (`extensions.cypher.roundTrips`, on with DIAGNOSTICS=true as in the test config).
 * A fixture of many posts by many distinct authors across several circles makes one query
 * per post, per author or per circle show at once. And no full reads: PROFILE shows a page
 * of posts reading about a page of index entries per circle, not every post it holds.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { circlesForViewer, leaveCircle, membersOfCircles } from '../../src/circles/circles.repository.js';
import { int, type Db } from '../../src/db/database.js';
import { createPost, feed, postsOfCircles } from '../../src/posts/posts.repository.js';
import { PlanCost, profilingDb } from '../../scripts/lib/profiling-db.js';
import { CircleListWithPostsDocument, CirclePageDocument, CirclePostsDocument, FeedDocument } from '../generated/graphql.js';
import { createCircle, joinCircle, writePost } from '../helpers/circles.js';
import type { Result } from '../helpers/client.js';
import { signUp, type Person } from '../helpers/people.js';
import { serverForTests, testConfig } from '../helpers/server.js';
import { tag } from '../helpers/util.js';

const test = serverForTests();

const CIRCLES = 5;
const AUTHORS = 16;
const POSTS = 90;

let token: string;
let viewer: Person;
let authors: Person[];
let slugs: string[];

function roundTrips(result: Result<unknown>): number {
  expect(result.errors).toBeUndefined();
  const count = result.extensions.cypher?.roundTrips;
  expect(typeof count).toBe('number');
  expect(count).toBeGreaterThan(0);
  return count!;
}

beforeAll(async () => {
  token = tag();
  viewer = await signUp(test.client, 'rtviewer');
  authors = await Promise.all(Array.from({ length: AUTHORS }, () => signUp(test.client, 'rtauthor')));
  slugs = [];
  for (let c = 0; c < CIRCLES; c++) {
    const slug = `rt-${c}-${token}`;
    const owner = authors[c]!;
    await createCircle(test, owner, { slug, name: `Roundtrip ${token} ${c}`, interestSlugs: ['photography', 'travel'] });
    slugs.push(slug);
    const joiners = [viewer, ...authors.filter((a) => a !== owner)];
    await Promise.all(joiners.map((person) => joinCircle(test, person, slug)));
  }
  // Authors take turns across circles, so any page holds many authors and every circle.
  for (let i = 0; i < POSTS; i++) {
    const author = authors[i % AUTHORS]!;
    const circleSlug = slugs[i % CIRCLES]!;
    await writePost(test, author, circleSlug, `roundtrip post ${i}`);
  }
}, 120_000);

describe('Cypher round-trips', () => {
  it('a feed page of 50 posts with author and circle takes at most 3', async () => {
    const result = await test.client.request(FeedDocument, { first: 50 }, { token: viewer.token });
    const trips = roundTrips(result);
    const nodes = result.data!.feed.edges.map((edge) => edge.node);
    expect(nodes).toHaveLength(50);
    expect(new Set(nodes.map((n) => n.author.handle)).size).toBe(AUTHORS);
    expect(new Set(nodes.map((n) => n.circle.slug))).toEqual(new Set(slugs));
    for (const node of nodes) {
      expect(node.author.realName).toBeTruthy();
      expect(node.circle.name).toContain(token);
    }
    console.log(`[roundtrips] feed(first: 50) with author and circle: ${trips} round-trips`);
    expect(trips).toBeLessThanOrEqual(3);
  });

  it('the next feed page costs the same', async () => {
    const first = await test.client.request(FeedDocument, { first: 50 }, { token: viewer.token });
    const second = await test.client.request(FeedDocument, { first: 50, after: first.data!.feed.pageInfo.endCursor }, { token: viewer.token });
    const trips = roundTrips(second);
    expect(second.data!.feed.edges).toHaveLength(POSTS - 50);
    console.log(`[roundtrips] feed(first: 50, after) second page: ${trips} round-trips`);
    expect(trips).toBeLessThanOrEqual(3);
  });

  it('a feed page does not cost more with more posts on it', async () => {
    const small = roundTrips(await test.client.request(FeedDocument, { first: 5 }, { token: viewer.token }));
    const large = roundTrips(await test.client.request(FeedDocument, { first: 80 }, { token: viewer.token }));
    expect(large).toBe(small);
  });

  it('a circle page with its posts and their authors takes at most 3', async () => {
    const result = await test.client.request(CirclePostsDocument, { slug: slugs[0]!, first: 50 }, { token: viewer.token });
    const trips = roundTrips(result);
    const nodes = result.data!.circle!.posts.edges.map((edge) => edge.node);
    expect(nodes).toHaveLength(POSTS / CIRCLES);
    expect(new Set(nodes.map((n) => n.author.handle)).size).toBeGreaterThanOrEqual(10);
    console.log(`[roundtrips] circle(slug) { posts(first: 50) { author circle } }: ${trips} round-trips`);
    expect(trips).toBeLessThanOrEqual(3);
  });

  it('a circle page with posts, their authors and its members takes at most 3', async () => {
    const result = await test.client.request(CirclePageDocument, { slug: slugs[1]!, postsFirst: 50, membersFirst: 50 }, { token: viewer.token });
    const trips = roundTrips(result);
    const circle = result.data!.circle!;
    expect(circle.posts.edges).toHaveLength(POSTS / CIRCLES);
    expect(new Set(circle.posts.edges.map((e) => e.node.author.handle)).size).toBeGreaterThanOrEqual(10);
    expect(circle.members.edges).toHaveLength(AUTHORS + 1);
    expect(circle.members.edges[0]!.node.role).toBe('OWNER');
    console.log(`[roundtrips] circle(slug) { posts(first: 50) { author } members(first: 50) { user } }: ${trips} round-trips`);
    expect(trips).toBeLessThanOrEqual(3);
  });

  it('a list of circles with their counts, roles, interests, posts and authors costs the same for 2 circles as for 5', async () => {
    const two = await test.client.request(CircleListWithPostsDocument, { search: token, first: 2, postsFirst: 10 }, { token: viewer.token });
    const five = await test.client.request(CircleListWithPostsDocument, { search: token, first: 5, postsFirst: 10 }, { token: viewer.token });
    const [tripsTwo, tripsFive] = [roundTrips(two), roundTrips(five)];
    expect(two.data!.circles.edges).toHaveLength(2);
    expect(five.data!.circles.edges).toHaveLength(5);
    for (const { node } of five.data!.circles.edges) {
      expect(node.memberCount).toBe(AUTHORS + 1);
      expect(node.viewerRole).toBe('MEMBER');
      expect(node.interests.map((i) => i.slug).sort()).toEqual(['photography', 'travel']);
      expect(node.posts.edges).toHaveLength(10);
    }
    console.log(`[roundtrips] circles(first: 2 | 5) with memberCount, viewerRole, interests, posts, authors: ${tripsTwo} | ${tripsFive} round-trips`);
    expect(tripsFive).toBe(tripsTwo);
  });
});

describe('index reads', () => {
  const page = { size: 3, backward: false, after: null, before: null };
  /** The oldest posts first: read from the other end of the same index. */
  const backward = { ...page, backward: true };
  const OLDER = 60;
  let circleId: string;

  async function costOf(read: (db: Db) => Promise<Array<unknown>>) {
    const cost = new PlanCost();
    const rows = await read(profilingDb(test.database.driver, testConfig().neo4j.database, cost));
    return { dbHits: cost.dbHits, rows: JSON.stringify(rows) };
  }

  /** Adds posts older (or, from 2999, newer) than any on the first page to one circle, straight in the graph. */
  const addOlderPosts = (from = '2001-01-01T00:00:00Z') =>
    test.database.forRequest().write((q) =>
      q.rows(
        `MATCH (c:Circle {slug: $slug}), (a:User {id: $authorId})
         UNWIND range(1, $count) AS i
         CREATE (a)-[:POSTED]->(:Post {id: 'older-' + $tag + '-' + i, body: 'older', authorId: a.id, circleId: c.id,
                                       createdAt: datetime($from) + duration({seconds: i})})-[:IN]->(c)`,
        { slug: slugs[0], authorId: authors[0]!.id, count: int(OLDER), tag: token, from },
      ),
    );
  const removeOlderPosts = () =>
    test.database.forRequest().write((q) => q.rows(`MATCH (p:Post) WHERE p.id STARTS WITH $prefix DETACH DELETE p`, { prefix: `older-${token}-` }));

  beforeAll(async () => {
    const row = await test.database.forRequest().read((q) => q.one<{ id: string }>('MATCH (c:Circle {slug: $slug}) RETURN c.id AS id', { slug: slugs[0] }));
    circleId = row!.id;
  });

  // A page read in index order stops after a page of entries; a plan that reads and sorts
  // the whole circle pays for every older post too.
  // Read backward (`last`), a page starts at the oldest post: newer ones must cost nothing.
  it.each([
    ['a feed page', (db: Db) => feed(db, viewer.id, page), 'older'],
    ['a circle page', (db: Db) => postsOfCircles(db, viewer.id, [circleId], page), 'older'],
    ['a feed page read backward', (db: Db) => feed(db, viewer.id, backward), 'newer'],
    ['a circle page read backward', (db: Db) => postsOfCircles(db, viewer.id, [circleId], backward), 'newer'],
  ])('%s costs the same however many %s posts its circles hold', async (what, read, which) => {
    const before = await costOf(read);
    await addOlderPosts(which === 'older' ? '2001-01-01T00:00:00Z' : '2999-01-01T00:00:00Z');
    try {
      const after = await costOf(read);
      console.log(`[index] ${what} (size: ${page.size}): ${before.dbHits} db hits, and ${after.dbHits} with ${OLDER} ${which} posts in a circle`);
      expect(after.rows).toBe(before.rows);
      expect(before.dbHits).toBeGreaterThan(0);
      expect(after.dbHits).toBe(before.dbHits);
    } finally {
      await removeOlderPosts();
    }
  });

  /** Adds people who joined the circle before (2001) or after (2999) everyone on the first page, straight in the graph. */
  const addMembers = (from: string) =>
    test.database.forRequest().write((q) =>
      q.rows(
        `MATCH (c:Circle {slug: $slug})
         UNWIND range(1, $count) AS i
         CREATE (:User {id: 'member-' + $tag + '-' + i, handle: 'member_' + $tag + '_' + i, realName: 'Member', createdAt: datetime()})
                -[:MEMBER_OF {role: 'MEMBER', circleId: c.id, joinedAt: datetime($from) + duration({seconds: i})}]->(c)`,
        { slug: slugs[0], count: int(OLDER), tag: token, from },
      ),
    );
  const removeMembers = () =>
    test.database.forRequest().write((q) => q.rows(`MATCH (u:User) WHERE u.id STARTS WITH $prefix DETACH DELETE u`, { prefix: `member-${token}-` }));

  // Members are read in join order from the (circleId, joinedAt) index: a page of the earliest
  // members costs nothing for later joiners, a backward page nothing for earlier ones.
  it.each([
    ['a member page', 'later', page, '2999-01-01T00:00:00Z'],
    ['a member page read backward', 'earlier', backward, '2001-01-01T00:00:00Z'],
  ])('%s costs the same however many %s members its circle has', async (what, which, window, from) => {
    const read = (db: Db) => membersOfCircles(db, viewer.id, [circleId], window);
    const before = await costOf(read);
    await addMembers(from);
    try {
      const after = await costOf(read);
      console.log(`[index] ${what} (size: ${page.size}): ${before.dbHits} db hits, and ${after.dbHits} with ${OLDER} ${which} members`);
      expect(after.rows).toBe(before.rows);
      expect(before.dbHits).toBeGreaterThan(0);
      expect(after.dbHits).toBe(before.dbHits);
    } finally {
      await removeMembers();
    }
  });

  async function leaveAndReturn(db: Db): Promise<unknown[]> {
    const [standing] = await circlesForViewer(test.database.forRequest(), viewer.id, 'id', [circleId]);
    const left = await leaveCircle(db, viewer.id, standing!.c);
    await test.database.forRequest().write((q) =>
      q.rows(
        `MATCH (u:User {id: $userId}), (c:Circle {id: $circleId})
         CREATE (u)-[:MEMBER_OF {role: 'MEMBER', circleId: c.id, joinedAt: datetime()}]->(c)`,
        { userId: viewer.id, circleId },
      ),
    );
    return [left];
  }

  // What a circle's size must not cost: its member count is the relationship's degree, and
  // posting checks the author's membership from the author's side (a plan that walks the
  // circle's memberships to find the author read 200,000 entries in the largest circle of the
  // 1,000,000-person benchmark graph for every post).
  it.each([
    ['its member count', (db: Db) => circlesForViewer(db, viewer.id, 'id', [circleId])],
    ['a post into it', (db: Db) => createPost(db, { authorId: viewer.id, circleSlug: slugs[0]!, body: `sized ${tag()}`, mentioned: [], idempotencyKey: null }).then((made) => [made.created])],
    // Leaving counts the circle's owners (the last may not leave): from the (circleId, role)
    // index, not by the role of every membership. The viewer leaves, and is put back as they were.
    ['a member leaving', (db: Db) => leaveAndReturn(db)],
  ])('%s costs the same however many members the circle has', async (what, read) => {
    const before = await costOf(read);
    await addMembers('2999-01-01T00:00:00Z');
    try {
      const after = await costOf(read);
      console.log(`[index] ${what}: ${before.dbHits} db hits, and ${after.dbHits} with ${OLDER} more members`);
      expect(before.dbHits).toBeGreaterThan(0);
      // A write may touch a record more once the circle's relationships are stored as a dense
      // node's (past 50): a constant, where walking the memberships added one or more per member.
      expect(after.dbHits).toBeLessThanOrEqual(before.dbHits + 5);
    } finally {
      await removeMembers();
    }
  });
});
