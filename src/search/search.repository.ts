/**
 * Search's Cypher. The full-text index only says which nodes match; what a viewer gets is
 * then what the rest of the API would show them (blocks both ways, circles' read access),
 * in an order computed from each result's own text and the query alone. Lucene's scores are
 * never used for order or cursors: they weigh a word by how many documents in the whole
 * index hold it, posts in circles the viewer cannot read included, so an order or cursor
 * built on them would tell of those posts (and would drift between pages as the index
 * changes). Each search reads at most SEARCH_CANDIDATES matches, the best by Lucene's score.
 */
import type { Circle } from '../circles/circle.type.js';
import { int, type Db } from '../db/database.js';
import { idsHiddenFrom } from '../graph/blocks.js';
import { circleFields, mayReadCircle } from '../graph/circles.js';
import type { TwoWayPageRequest } from '../graph/cursors.js';
import { pageWindow, windowRead, type PageRow, type PageWindow, type SortColumn } from '../graph/paging.js';
import { userFields } from '../graph/people.js';
import { POST_WITH_AUTHOR_AND_CIRCLE } from '../graph/posts.js';
import type { Post } from '../posts/post.type.js';
import type { User } from '../users/user.type.js';
import { SEARCH_CANDIDATES, type SearchQuery } from './search.rules.js';

/** A result with how closely it matches: 0 the best (see each search), for the order and the cursor. */
export type Ranked<T> = T & { matchRank: number };

export type FoundPost = Post & { author: User | null; circle: Circle | null };

const params = (query: SearchQuery) => ({ query: query.lucene, lowered: query.lowered, candidates: int(SEARCH_CANDIDATES) });

/**
 * A page's window over the matches `found` (a list of {node, rank} maps), either way
 * (src/graph/paging.ts). Every match is read and ranked first whatever the page (at most
 * SEARCH_CANDIDATES), so backward pages cost what forward ones do.
 */
const PAGE_OF_MATCHES = (window: PageWindow, as: string) =>
  `CALL (found) {
    ${windowRead(
      window,
      (part) => `
        UNWIND found AS match
        WITH match.node AS ${as}, match.rank AS rank WHERE ${part.where}
        RETURN ${as}, rank, ${part.beyond} AS beyond ORDER BY ${part.order} LIMIT ${part.limit}`,
    )}
  }`;

/** Ranked searches: the rank (0 best), then a unique name. */
const rankedBy = (name: string): SortColumn[] => [{ expr: 'rank', whole: true }, { expr: name }];

const withRank = <T>(rows: Array<{ node: T; rank: number; beyond: boolean }>): Array<PageRow<Ranked<T>>> =>
  rows.map((row) => ({ node: { ...row.node, matchRank: row.rank }, beyond: row.beyond }));

/**
 * People by real name or handle: the handle or the whole name typed (rank 0), the start of
 * either (1), words within them (2); then by handle. Nobody with a block between them and
 * the viewer, either way.
 */
export async function searchPeople(db: Db, viewerId: string, query: SearchQuery, page: TwoWayPageRequest): Promise<Array<PageRow<Ranked<User>>>> {
  const window = pageWindow(rankedBy('u.handle'), page);
  const rows = await db.read((q) =>
    q.rows<{ node: User; rank: number; beyond: boolean }>(
      `MATCH (v:User {id: $viewerId})
       WITH ${idsHiddenFrom('v')} AS hiddenIds
       CALL db.index.fulltext.queryNodes('search_people', $query, {limit: $candidates}) YIELD node AS u
       WITH u, hiddenIds WHERE NOT u.id IN hiddenIds
       WITH collect({node: u, rank: CASE
         WHEN u.handle = $lowered OR toLower(u.realName) = $lowered THEN 0
         WHEN u.handle STARTS WITH $lowered OR toLower(u.realName) STARTS WITH $lowered THEN 1
         ELSE 2 END}) AS found
       ${PAGE_OF_MATCHES(window, 'u')}
       RETURN u ${userFields('u')} AS node, rank, beyond ORDER BY ${window.order}`,
      { viewerId, ...params(query), ...window.params },
    ),
  );
  return withRank(rows);
}

/**
 * Circles by name and description: the whole name typed (rank 0), its start (1), within the
 * name (2), in the description alone (3); then by slug. Every circle is listed to every
 * signed-in person (as `circles` lists them); what is inside members-only ones is not searched here.
 */
export async function searchCircles(db: Db, query: SearchQuery, page: TwoWayPageRequest): Promise<Array<PageRow<Ranked<Circle>>>> {
  const window = pageWindow(rankedBy('c.slug'), page);
  const rows = await db.read((q) =>
    q.rows<{ node: Circle; rank: number; beyond: boolean }>(
      `CALL db.index.fulltext.queryNodes('search_circles', $query, {limit: $candidates}) YIELD node AS c
       WITH collect({node: c, rank: CASE
         WHEN toLower(c.name) = $lowered THEN 0
         WHEN toLower(c.name) STARTS WITH $lowered THEN 1
         WHEN toLower(c.name) CONTAINS $lowered THEN 2
         ELSE 3 END}) AS found
       ${PAGE_OF_MATCHES(window, 'c')}
       RETURN c ${circleFields('c')} AS node, rank, beyond ORDER BY ${window.order}`,
      { ...params(query), ...window.params },
    ),
  );
  return withRank(rows);
}

/** Found posts: newest first, ties by id. */
const POST_ORDER: SortColumn[] = [
  { expr: 'p.createdAt', desc: true, time: true },
  { expr: 'p.id', desc: true },
];

/**
 * Posts holding every word, newest first, in a page's window either way: only in circles
 * the viewer may read, and none by people with a block between them and the viewer.
 */
export async function searchPosts(db: Db, viewerId: string, query: SearchQuery, page: TwoWayPageRequest): Promise<Array<PageRow<FoundPost>>> {
  const window = pageWindow(POST_ORDER, page);
  return db.read((q) =>
    q.rows<PageRow<FoundPost>>(
      `MATCH (v:User {id: $viewerId})
       WITH v, ${idsHiddenFrom('v')} AS hiddenIds
       CALL db.index.fulltext.queryNodes('search_posts', $query, {limit: $candidates}) YIELD node AS p
       WITH v, hiddenIds, p
       WHERE NOT p.authorId IN hiddenIds
         AND EXISTS { MATCH (c:Circle {id: p.circleId}) WHERE ${mayReadCircle('v', 'c')} }
       WITH collect({node: p, rank: 0}) AS found
       ${PAGE_OF_MATCHES(window, 'p')}
       RETURN p ${POST_WITH_AUTHOR_AND_CIRCLE} AS node, beyond ORDER BY ${window.order}`,
      { viewerId, ...params(query), ...window.params },
    ),
  );
}
