/** Posts in Cypher: the projection every read of a post returns, and the projections pages of posts return. */
import { circleFields } from './circles.js';
import { userFields } from './people.js';

/** The map projection of the Post bound to `post` (a literal in our code, never input). */
export const postFields = (post: string) =>
  `{.id, .body, .authorId, .circleId, mentionIds: coalesce(${post}.mentionIds, []), createdAt: ${post}.createdAt.epochMillis, editedAt: ${post}.editedAt.epochMillis}`;

/** Pages of posts bring their authors along: a page and its bylines in one round-trip. Expects bound: `p`. */
const AUTHOR_OF_P = `author: COLLECT { MATCH (a:User {id: p.authorId}) RETURN a ${userFields('a')} }[0]`;
export const POST_WITH_AUTHOR = `{.id, .body, .authorId, .circleId, mentionIds: coalesce(p.mentionIds, []), createdAt: p.createdAt.epochMillis, editedAt: p.editedAt.epochMillis, ${AUTHOR_OF_P}}`;
/** Lists that mix circles (the feed, search) bring each post's circle too: the whole page in one round-trip. Expects bound: `p`. */
export const POST_WITH_AUTHOR_AND_CIRCLE = `{.id, .body, .authorId, .circleId, mentionIds: coalesce(p.mentionIds, []), createdAt: p.createdAt.epochMillis, editedAt: p.editedAt.epochMillis, ${AUTHOR_OF_P},
  circle: COLLECT { MATCH (c:Circle {id: p.circleId}) RETURN c ${circleFields('c')} }[0]}`;
