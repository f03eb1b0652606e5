/**
 * No N+1 for discussions: a circle page of 20 posts, each with its comment count, its
 * reactions and its first 3 comments with their authors, costs at most 4 Cypher round-trips
 * (the circle, its posts with authors, the counts, the comments with authors); and a page
 * of comments reads the (postId, place) index from its cursor, so a post with
 * 10,000 comments pages at the cost of one with 10 (PROFILE db hits).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { commentsOfPosts } from '../../../src/comments/comments.repository.js';
import { int, type Db } from '../../../src/db/database.js';
import type { TwoWayPageRequest } from '../../../src/graph/cursors.js';
import { PlanCost, profilingDb } from '../../../scripts/lib/profiling-db.js';
import { AddCommentDocument, CirclePageWithDiscussionDocument, ReactDocument } from '../../generated/graphql.js';
import { foundCircle, joinCircle, writePost } from '../../helpers/circles.js';
import { ok } from '../../helpers/client.js';
import { signUp, type Person } from '../../helpers/people.js';
import { serverForTests, testConfig } from '../../helpers/server.js';

// The page is 9 levels deep (circle > posts > edges > node > comments > edges > node > author > handle).
const test = serverForTests({ MAX_QUERY_DEPTH: '10' });

const POSTS = 20;
const AUTHORS = 6;

let viewer: Person;
let people: Person[];
let slug: string;
let postIds: string[];

beforeAll(async () => {
  viewer = await signUp(test.client, 'rtcviewer');
  people = await Promise.all(Array.from({ length: AUTHORS }, () => signUp(test.client, 'rtcauthor')));
  slug = await foundCircle(test, people[0]!, 'rtcomments');
  await Promise.all([viewer, ...people.slice(1)].map((person) => joinCircle(test, person, slug)));
  postIds = [];
  for (let i = 0; i < POSTS; i++) postIds.push((await writePost(test, people[i % AUTHORS]!, slug, `discussed post ${i}`)).id);
  // Four comments on each post by four different people (one a reply), and two reactions.
  // One post at a time: this is a fixture, not a concurrency test.
  for (const [i, postId] of postIds.entries()) {
    {
      const top = (await ok(test.client.request(AddCommentDocument, { input: { postId, body: `first on ${i}` } }, { token: people[(i + 1) % AUTHORS]!.token }))).addComment;
      await ok(test.client.request(AddCommentDocument, { input: { postId, body: `reply on ${i}`, replyToId: top.id } }, { token: people[(i + 2) % AUTHORS]!.token }));
      for (const k of [3, 4]) await ok(test.client.request(AddCommentDocument, { input: { postId, body: `more on ${i}` } }, { token: people[(i + k) % AUTHORS]!.token }));
      await ok(test.client.request(ReactDocument, { postId, kind: 'LIKE' }, { token: people[(i + 1) % AUTHORS]!.token }));
      await ok(test.client.request(ReactDocument, { postId, kind: 'WOW' }, { token: viewer.token }));
    }
  }
}, 300_000);

describe('a circle page with its discussions', () => {
  it('takes at most 4 round-trips for 20 posts with counts, reactions and 3 comments each', async () => {
    const result = await test.client.request(CirclePageWithDiscussionDocument, { slug }, { token: viewer.token });
    expect(result.errors).toBeUndefined();
    const trips = result.extensions.cypher?.roundTrips;
    const posts = result.data!.circle!.posts.edges.map((edge) => edge.node);
    expect(posts).toHaveLength(POSTS);
    for (const post of posts) {
      expect(post.commentCount).toBe(4);
      expect(post.comments.edges).toHaveLength(3);
      expect(post.comments.edges.every((edge) => edge.node.author?.handle)).toBe(true);
      expect(post.reactions).toEqual([
        { kind: 'LIKE', count: 1, viewerReacted: false },
        { kind: 'WOW', count: 1, viewerReacted: true },
      ]);
    }
    console.log(`[roundtrips] circle page of ${POSTS} posts with commentCount, reactions and 3 comments with authors: ${trips} round-trips`);
    expect(trips).toBeLessThanOrEqual(4);
  });
});

describe('index reads', () => {
  const MANY = 10_000;
  const FEW = 10;

  /** A post with `count` top-level comments by one author, written straight into the graph. */
  async function postWithComments(count: number): Promise<string> {
    const post = await writePost(test, people[0]!, slug, `post with ${count} comments`);
    await test.database.forRequest().write((q) =>
      q.rows(
        `MATCH (p:Post {id: $postId}), (u:User {id: $authorId})
         SET p.commentSeq = $count, p.commentCount = $count
         WITH p, u
         UNWIND range(1, $count) AS n
         CREATE (u)-[:COMMENTED]->(:Comment {id: p.id + '-' + n, postId: p.id, circleId: p.circleId, authorId: u.id, threadAuthorId: u.id,
                  parentId: null, thread: n, reply: 0, place: n * 1000000000, body: 'comment ' + n, mentionIds: [], createdAt: datetime(), editedAt: null,
                  removed: false, removedBy: null, liveReplies: 0})-[:ON]->(p)`,
        { postId: post.id, authorId: people[1]!.id, count: int(count) },
      ),
    );
    return post.id;
  }

  async function costOf(postId: string, page: TwoWayPageRequest) {
    const cost = new PlanCost();
    const db: Db = profilingDb(test.database.driver, testConfig().neo4j.database, cost);
    const started = performance.now();
    const rows = await commentsOfPosts(db, viewer.id, [postId], page);
    return { dbHits: cost.dbHits, ms: performance.now() - started, bodies: rows.map((row) => row.value.node.body) };
  }

  it('a page of comments costs the same under 10 comments as under 10,000', async () => {
    const [few, many] = [await postWithComments(FEW), await postWithComments(MANY)];
    // From the start, from a cursor, and backward from a cursor (`last: 5, before`).
    const pages: TwoWayPageRequest[] = [
      { size: 5, backward: false, after: null, before: null },
      { size: 5, backward: false, after: [3, 0], before: null },
      { size: 5, backward: true, after: null, before: [3, 0] },
    ];
    for (const page of pages) {
      const small = await costOf(few, page);
      const large = await costOf(many, page);
      console.log(`[index] comments page (${JSON.stringify(page)}): ${small.dbHits} db hits under ${FEW} comments, ${large.dbHits} under ${MANY} (${small.ms.toFixed(1)} ms / ${large.ms.toFixed(1)} ms)`);
      expect(large.bodies).toEqual(small.bodies);
      expect(small.dbHits).toBeGreaterThan(0);
      expect(large.dbHits).toBe(small.dbHits);
    }
  });
});
