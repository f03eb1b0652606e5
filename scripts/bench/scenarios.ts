/**
 * What the benchmark asks, both ways: the GraphQL request a frontend would send, and the
 * same data fetched with the best hand-written Cypher (the floor the API stands on).
 */
import { randomUUID } from 'node:crypto';
import { int, type Db } from '../../src/db/database.js';
import { idsHiddenFrom } from '../../src/graph/blocks.js';
import { circleFields, MEMBERS_OF_C } from '../../src/graph/circles.js';
import { userFields } from '../../src/graph/people.js';
import { feed } from '../../src/posts/posts.repository.js';
import { storedCandidatePage } from '../../src/recommendations/candidates.repository.js';
import { recommendStrangers } from '../../src/recommendations/recommendations.repository.js';

export interface Viewer {
  id: string;
  handle: string;
  token: string;
  /** Open circles the viewer is a member of (for circle pages and posting). */
  circles: string[];
}

export interface Scenario {
  name: string;
  /** The GraphQL request for a viewer. */
  request(viewer: Viewer): { query: string; variables?: Record<string, unknown> };
  /** The same data by hand-written Cypher; null when there is no meaningful floor. */
  raw: ((db: Db, viewer: Viewer) => Promise<unknown>) | null;
}

const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)]!;
const PAGE = { first: 20, after: null };
const EVERYONE = { interest: null, minBandRank: -1 };
const TWO_WAY_PAGE = { size: 20, backward: false, after: null, before: null };

/** The circle page in one query: the circle, its member count, 20 posts with authors, 20 members. */
/** The circle page before comments existed: `circle_page`, as scripts/bench/circle-page.ts compares it. */
export const CIRCLE_PAGE_QUERY = `query CirclePage($slug: String!) {
  circle(slug: $slug) {
    id name description memberCount
    posts(first: 20) { edges { node { id body createdAt author { handle realName } } } }
    members(first: 20) { edges { node { role user { handle realName } } } }
  }
}`;

/** The same page with each post's discussion: `circle_page_with_comments`. */
export const CIRCLE_PAGE_WITH_COMMENTS = `query CirclePageWithComments($slug: String!) {
  circle(slug: $slug) {
    id name description memberCount
    posts(first: 20) {
      edges {
        node {
          id body createdAt author { handle realName }
          commentCount
          reactions { kind count viewerReacted }
          comments(first: 3) { edges { node { id body createdAt author { handle realName } } } }
        }
      }
    }
    members(first: 20) { edges { node { role user { handle realName } } } }
  }
}`;

/** The circle page by hand-written Cypher (`circle_page`'s floor). */
export const CIRCLE_PAGE = `
  MATCH (v:User {id: $viewerId}), (c:Circle {slug: $slug})
  WITH v, c, ${idsHiddenFrom('v')} AS hiddenIds
  CALL (c, hiddenIds) {
    // The range on createdAt, and an order that starts with circleId, let the planner read
    // the (circleId, createdAt) index backwards and stop after 20 entries.
    MATCH (p:Post) WHERE p.circleId = c.id AND p.createdAt <= datetime('9999-12-31T23:59:59Z') AND NOT p.authorId IN hiddenIds
    WITH p ORDER BY p.circleId DESC, p.createdAt DESC LIMIT 20
    MATCH (a:User {id: p.authorId})
    RETURN collect(p {.id, .body, .createdAt, author: a ${userFields('a')}}) AS posts
  }
  CALL (c, hiddenIds) {
    // The earliest members from the (circleId, joinedAt) index, in order: 20 entries read.
    MATCH (u:User)-[m:MEMBER_OF]->(c) USING INDEX m:MEMBER_OF(circleId, joinedAt)
    WHERE m.circleId = c.id AND m.joinedAt IS NOT NULL AND NOT u.id IN hiddenIds
    WITH u, m ORDER BY m.circleId, m.joinedAt, u.id LIMIT 20
    RETURN collect({role: m.role, user: u ${userFields('u')}}) AS members
  }
  RETURN c ${circleFields('c')} AS circle, ${MEMBERS_OF_C} AS memberCount, posts, members`;

const CREATE_POST = `
  MATCH (u:User {id: $authorId})-[:MEMBER_OF]->(c:Circle {slug: $slug})
  CREATE (u)-[:POSTED]->(p:Post {id: randomUUID(), body: $body, authorId: u.id, circleId: c.id,
                                 createdAt: datetime(), editedAt: null})-[:IN]->(c)
  RETURN p.id AS id, p.createdAt AS createdAt`;

export const SCENARIOS: Scenario[] = [
  {
    name: 'recommendations',
    request: () => ({
      query: `query Recommendations {
        strangerRecommendations(first: 20) {
          edges { node { user { id handle realName creditBand creditScore } sharedInterests { slug name } sharedCircles { slug name } mutualTrustCount } }
          pageInfo { hasNextPage endCursor }
        }
      }`,
    }),
    // What the API reads: the viewer's stored candidate list (the benchmark computes the
    // viewers' lists first), ranked live only where there is none.
    raw: async (db, viewer) => (await storedCandidatePage(db, viewer.id, EVERYONE, PAGE))?.rows ?? recommendStrangers(db, viewer.id, EVERYONE, PAGE),
  },
  {
    name: 'feed',
    request: () => ({
      query: `query Feed {
        feed(first: 20) {
          edges { node { id body createdAt author { id handle realName } circle { slug name } } }
          pageInfo { hasNextPage endCursor }
        }
      }`,
    }),
    raw: (db, viewer) => feed(db, viewer.id, TWO_WAY_PAGE),
  },
  {
    name: 'circle_page',
    request: (viewer) => ({ query: CIRCLE_PAGE_QUERY, variables: { slug: pick(viewer.circles) } }),
    raw: (db, viewer) => db.read((q) => q.rows(CIRCLE_PAGE, { viewerId: viewer.id, slug: pick(viewer.circles) })),
  },
  {
    // The same page as a client shows it since comments and reactions came (issue 14): each
    // post with its comment count, its reactions and its first 3 comments with their authors.
    name: 'circle_page_with_comments',
    request: (viewer) => ({ query: CIRCLE_PAGE_WITH_COMMENTS, variables: { slug: pick(viewer.circles) } }),
    raw: null,
  },
  {
    name: 'create_post',
    request: (viewer) => ({
      query: `mutation CreatePost($input: CreatePostInput!) { createPost(input: $input) { id createdAt } }`,
      variables: { input: { circleSlug: pick(viewer.circles), body: `Benchmark post ${randomUUID()}` } },
    }),
    raw: (db, viewer) =>
      db.write((q) => q.rows(CREATE_POST, { authorId: viewer.id, slug: pick(viewer.circles), body: `Benchmark post ${randomUUID()}` })),
  },
];

export const TRIVIAL = { query: '{ __typename }' };

/** People to act as, with their open circles: the same sample on every run of a dataset. */
export async function benchViewers(db: Db, count: number): Promise<Array<Omit<Viewer, 'token'>>> {
  return db.read((q) =>
    q.rows<Omit<Viewer, 'token'>>(
      `MATCH (u:User)
       WHERE EXISTS { (u)-[:MEMBER_OF]->(:Circle) }
       WITH u ORDER BY u.handle LIMIT $count
       RETURN u.id AS id, u.handle AS handle,
              COLLECT { MATCH (u)-[:MEMBER_OF]->(c:Circle) WHERE NOT c.membersOnly RETURN c.slug } AS circles`,
      { count: int(count) },
    ),
  );
}
