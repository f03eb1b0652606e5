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
import { NEWEST_FIRST_START, type PageRequest } from '../graph/cursors.js';
import { userFields } from '../graph/people.js';
import { POST_WITH_AUTHOR_AND_CIRCLE } from '../graph/posts.js';
import type { Post } from '../posts/post.type.js';
import type { User } from '../users/user.type.js';
import { SEARCH_CANDIDATES, type SearchQuery } from './search.rules.js';

/** A result with how closely it matches: 0 the best (see each search), for the order and the cursor. */
export type Ranked<T> = T & { matchRank: number };

export type FoundPost = Post & { author: User | null; circle: Circle | null };

function params(query: SearchQuery, page: PageRequest) {
  return { query: query.lucene, lowered: query.lowered, candidates: int(SEARCH_CANDIDATES), limit: int(page.first + 1) };
}

/** Where a ranked page starts: after `[rank, name]`, ranks counting from 0. */
function afterRanked(page: PageRequest) {
  const [afterRank, afterName] = page.after ?? [-1, ''];
  return { afterRank, afterName };
}

const withRank = <T>(rows: Array<{ found: T; rank: number }>): Array<Ranked<T>> => rows.map((row) => ({ ...row.found, matchRank: row.rank }));

/**
 * People by real name or handle: the handle or the whole name typed (rank 0), the start of
 * either (1), words within them (2); then by handle. Nobody with a block between them and
 * the viewer, either way.
 */
export async function searchPeople(db: Db, viewerId: string, query: SearchQuery, page: PageRequest): Promise<Array<Ranked<User>>> {
  const rows = await db.read((q) =>
    q.rows<{ found: User; rank: number }>(
      `MATCH (v:User {id: $viewerId})
       WITH ${idsHiddenFrom('v')} AS hiddenIds
       CALL db.index.fulltext.queryNodes('search_people', $query, {limit: $candidates}) YIELD node AS u
       WITH u, hiddenIds, CASE
         WHEN u.handle = $lowered OR toLower(u.realName) = $lowered THEN 0
         WHEN u.handle STARTS WITH $lowered OR toLower(u.realName) STARTS WITH $lowered THEN 1
         ELSE 2 END AS rank
       WHERE NOT u.id IN hiddenIds AND (rank > $afterRank OR (rank = $afterRank AND u.handle > $afterName))
       WITH u, rank ORDER BY rank, u.handle LIMIT $limit
       RETURN u ${userFields('u')} AS found, rank`,
      { viewerId, ...params(query, page), ...afterRanked(page) },
    ),
  );
  return withRank(rows);
}

/**
 * Circles by name and description: the whole name typed (rank 0), its start (1), within the
 * name (2), in the description alone (3); then by slug. Every circle is listed to every
 * signed-in person (as `circles` lists them); what is inside members-only ones is not searched here.
 */
export async function searchCircles(db: Db, query: SearchQuery, page: PageRequest): Promise<Array<Ranked<Circle>>> {
  const rows = await db.read((q) =>
    q.rows<{ found: Circle; rank: number }>(
      `CALL db.index.fulltext.queryNodes('search_circles', $query, {limit: $candidates}) YIELD node AS c
       WITH c, CASE
         WHEN toLower(c.name) = $lowered THEN 0
         WHEN toLower(c.name) STARTS WITH $lowered THEN 1
         WHEN toLower(c.name) CONTAINS $lowered THEN 2
         ELSE 3 END AS rank
       WHERE rank > $afterRank OR (rank = $afterRank AND c.slug > $afterName)
       WITH c, rank ORDER BY rank, c.slug LIMIT $limit
       RETURN c ${circleFields('c')} AS found, rank`,
      { ...params(query, page), ...afterRanked(page) },
    ),
  );
  return withRank(rows);
}

/**
 * Posts holding every word, newest first: only in circles the viewer may read, and none by
 * people with a block between them and the viewer.
 */
export async function searchPosts(db: Db, viewerId: string, query: SearchQuery, page: PageRequest): Promise<FoundPost[]> {
  const [beforeTime, beforeId] = page.after ?? NEWEST_FIRST_START;
  const rows = await db.read((q) =>
    q.rows<{ p: FoundPost }>(
      `MATCH (v:User {id: $viewerId})
       WITH v, ${idsHiddenFrom('v')} AS hiddenIds
       CALL db.index.fulltext.queryNodes('search_posts', $query, {limit: $candidates}) YIELD node AS p
       WITH v, hiddenIds, p
       WHERE NOT p.authorId IN hiddenIds
         AND (p.createdAt < datetime($beforeTime) OR (p.createdAt = datetime($beforeTime) AND p.id < $beforeId))
         AND EXISTS { MATCH (c:Circle {id: p.circleId}) WHERE ${mayReadCircle('v', 'c')} }
       WITH p ORDER BY p.createdAt DESC, p.id DESC LIMIT $limit
       RETURN p ${POST_WITH_AUTHOR_AND_CIRCLE} AS p`,
      { viewerId, ...params(query, page), beforeTime, beforeId },
    ),
  );
  return rows.map((row) => row.p);
}
