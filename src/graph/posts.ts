/** Posts in Cypher: the projection every read of a post returns, the projections pages of posts return, and deleting one. */
import type { Queries } from '../db/database.js';
import { circleFields } from './circles.js';
import { DELETE_COMMENTS_OF_P, type PostRemoval, type Removed } from './comments.js';
import { logModeration, ModerationLogAction } from './moderation-log.js';
import { NotificationKind } from './notification-kinds.js';
import { excerptOf } from './notification-plan.js';
import { notify } from './notifications.js';
import { ledBy, windowRead, type PageWindow, type SortColumn } from './paging.js';
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

/** A circle's posts and the feed: newest first, ties by id. */
export const POST_ORDER: SortColumn[] = [
  { expr: 'p.createdAt', desc: true, time: true },
  { expr: 'p.id', desc: true },
];

/**
 * A page of the posts of the circle `circleId` in `window` (pageWindow over POST_ORDER,
 * newest first, either way, src/graph/paging.ts), leaving out people in `hiddenIds`, with
 * the probe past its starting cursor: the body of a CALL, returning `p` and `beyond`.
 * Shaped for the (circleId, createdAt) index: an equality and a range, read in index order
 * from either end, so a page costs `limit` index entries, not the whole circle. The ORDER
 * BY names the constant `p.circleId` first (`ledBy`) because only an order that starts with
 * the index's own columns lets the planner read the index from one end and stop early
 * (PartialTop breaks createdAt ties by id); without it, it reads and sorts every post of
 * the circle (PROFILE on the 100k graph: 20,909 rows for the largest circle, against 22).
 * The index is also named with a hint: with some statistics (a database that held much
 * more, then was emptied) the planner preferred the createdAt index and read every older
 * post (1,095 db hits growing to 1,695 with 60 older posts, against 314 either way).
 * Expects bound: `circleId`, `hiddenIds`; the parameters are the window's, named after its
 * prefix, so one statement can hold several pages.
 */
export const circlePostsPage = (window: PageWindow) =>
  windowRead(
    window,
    (part) => `
      MATCH (p:Post)
      USING INDEX p:Post(circleId, createdAt)
      WHERE p.circleId = circleId AND ${part.where} AND NOT p.authorId IN hiddenIds
      RETURN p, ${part.beyond} AS beyond ORDER BY ${ledBy('p.circleId', part.order)} LIMIT ${part.limit}`,
  );

/**
 * How many posts of the circle `c` the viewer's page shows: the circle's degree in IN (one
 * edge a post, kept by the graph), less the posts of the people in `hiddenIds`, found through
 * the (circleId, authorId) index from those people alone. Costs what the hidden people wrote
 * there, never the circle's post count. Expects bound: `c`, `hiddenIds`.
 */
export const VISIBLE_POST_COUNT_OF_C = `COUNT { (c)<-[:IN]-() }
  - COUNT { UNWIND hiddenIds AS hid MATCH (hidden:Post {circleId: c.id, authorId: hid}) RETURN hidden }`;

/** What deleting a post needs to know of it. */
export interface PostToDelete {
  id: string;
  authorId: string;
  circleId: string;
  body: string;
}

/**
 * Deletes a post, in the caller's transaction (the one place a post is deleted: whatever
 * hangs off a post goes with it here). When `moderatorId` is someone other than the author
 * (a circle's moderator, or trust and safety resolving a report), the removal is logged and
 * the author notified, with how the post began and the reason given; the notifications and
 * the removal are returned for the caller to announce after commit.
 */
export async function deletePostNode(q: Queries, post: PostToDelete, moderatorId: string, reason: string | null): Promise<Removed<PostRemoval>> {
  await q.rows(`MATCH (p:Post {id: $postId}) ${DELETE_COMMENTS_OF_P} DETACH DELETE p`, { postId: post.id });
  const removal = { kind: 'POST' as const, postId: post.id, circleId: post.circleId, authorId: post.authorId };
  if (moderatorId === post.authorId) return { notifications: [], removal };
  await logModeration(q, [
    { action: ModerationLogAction.POST_REMOVED, circleId: post.circleId, actorId: moderatorId, targetId: post.authorId, subjectKind: 'POST', subjectId: post.id, reason },
  ]);
  const notifications = await notify(q, [
    { kind: NotificationKind.POST_REMOVED, recipientId: post.authorId, actorId: null, circleId: post.circleId, postExcerpt: excerptOf(post.body), reason },
  ]);
  return { notifications, removal };
}
