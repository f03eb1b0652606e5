/**
 * Comments in Cypher: their projection, what a viewer's blocks hide, the lookup by id other
 * features plug into (reports, the moderation log, Node ids), and what deleting a post or
 * an account does to them.
 *
 *   (:User)-[:COMMENTED]->(:Comment {id, postId, circleId, authorId, threadAuthorId, parentId,
 *                                    thread, reply, body, mentionIds, createdAt, editedAt,
 *                                    removed, removedBy, removedAt, liveReplies, idempotencyKey})-[:ON]->(:Post)
 *
 * `thread` is the number (within its post) of the thread's top comment, `reply` the reply's
 * own number (0 for the top comment); `place` is both in one number (placeOf), and
 * (postId, place) is thread order, one index.
 * `threadAuthorId` is who started the thread: a block hides a thread with its starter, as if
 * they had never written it. The post keeps `commentCount` (comments not removed) and
 * `commentSeq`; a top comment keeps `liveReplies`.
 */
import type { Queries } from '../db/database.js';
import { logModeration, ModerationLogAction } from './moderation-log.js';
import { NotificationKind } from './notification-kinds.js';
import { excerptOf } from './notification-plan.js';
import { notify, type AddedNotification } from './notifications.js';

/** Thread order in one number: a post takes fewer than a billion comments per thread number. */
export const PLACE_SCALE = 1_000_000_000;

/** The place of (thread, reply), as Cypher computes it from two whole-number expressions. */
export const placeOf = (thread: string, reply: string) => `(${thread} * ${PLACE_SCALE} + ${reply})`;

/** The same place computed in JavaScript, for rows written in bulk (the generated graph). */
export const placeValue = (thread: number, reply: number) => thread * PLACE_SCALE + reply;

/** The map projection of the Comment bound to `comment` (a literal in our code, never input). */
export const commentFields = (comment: string, extra = '') =>
  `{.id, .postId, .circleId, .authorId, .threadAuthorId, .parentId, .thread, .reply, .body, .removed, .removedBy,
    mentionIds: coalesce(${comment}.mentionIds, []),
    createdAt: ${comment}.createdAt.epochMillis, editedAt: ${comment}.editedAt.epochMillis${extra}}`;

/** Whether a comment is hidden by a block: its author or its thread's starter is in `hiddenIds` (bound). */
export const commentHiddenBy = (comment: string, hiddenIds: string) =>
  `(${comment}.authorId IN ${hiddenIds} OR ${comment}.threadAuthorId IN ${hiddenIds})`;

/**
 * How many of the post's kept `commentCount` a viewer's blocks hide: the threads the hidden
 * people started (with every live reply in them) and their live replies in other threads.
 * Found from the hidden people through (postId, author) indexes, so it costs what they wrote
 * on this post, not the post's comment count. Expects bound: `p` (a Post), `hiddenIds`.
 */
export const HIDDEN_COMMENTS_OF_P = `(
  reduce(n = 0, part IN COLLECT { UNWIND hiddenIds AS hid MATCH (t:Comment {postId: p.id, threadAuthorId: hid}) WHERE t.reply = 0
                                  RETURN CASE WHEN t.removed THEN 0 ELSE 1 END + t.liveReplies } | n + part)
  + COUNT { UNWIND hiddenIds AS hid MATCH (r:Comment {postId: p.id, authorId: hid})
            WHERE r.reply > 0 AND NOT r.removed AND NOT r.threadAuthorId IN hiddenIds RETURN r })`;

/** A comment as `commentFields` projects it (moments become Dates on the way out, src/db/convert.ts). */
export interface CommentRow {
  id: string;
  postId: string;
  circleId: string;
  authorId: string;
  threadAuthorId: string;
  parentId: string | null;
  thread: number;
  reply: number;
  body: string | null;
  removed: boolean;
  removedBy: string | null;
  mentionIds: string[];
  createdAt: Date;
  editedAt: Date | null;
}

/**
 * What a removal took away, as the circle's watchers are told of it: whoever removed it (the
 * author, a moderator, trust and safety resolving a report), the removal functions here and in
 * posts.ts return one, and src/live/removals.ts announces it, so every path tells the same.
 */
export type PostRemoval = { kind: 'POST'; postId: string; circleId: string; authorId: string };
export type ContentRemoval = PostRemoval | { kind: 'COMMENT'; comment: CommentRow; postAuthorId: string };

/** A removal done in a transaction: the notifications to announce after commit, and the removal itself. */
export interface Removed<R extends ContentRemoval = ContentRemoval> {
  notifications: AddedNotification[];
  removal: R;
}

/** A comment as other features need it to act on it (reports, the moderation log, Node ids). */
export interface CommentSubject {
  id: string;
  postId: string;
  circleId: string;
  authorId: string;
  body: string | null;
  removed: boolean;
}

/** The comment with this id, removed or not; null when there is none. Checks nothing about the viewer. */
export async function commentSubject(q: Queries, commentId: string): Promise<CommentSubject | null> {
  const row = await q.one<{ c: CommentSubject }>('MATCH (c:Comment {id: $commentId}) RETURN c {.id, .postId, .circleId, .authorId, .body, .removed} AS c', { commentId });
  return row?.c ?? null;
}

/**
 * Removes a comment, in the caller's transaction (the one place a comment is removed: by its
 * author, a moderator of its circle, or trust and safety resolving a report). It stays in its
 * thread without body or mentions, and the post's and thread's counts drop. When `removerId`
 * is not the author, the removal is logged and the author notified with how the comment began
 * and the reason; the notifications and the removal are returned for the caller to announce
 * after commit. `removal.comment` is the comment as `commentFields` projects it.
 */
export async function removeCommentNode<Row extends CommentRow>(q: Queries, comment: CommentSubject, removerId: string, reason: string | null): Promise<Removed & { removed: Row }> {
  const byModerator = removerId !== comment.authorId;
  const row = (await q.one<{ c: Row; postAuthorId: string }>(
    `MATCH (c:Comment {id: $commentId})-[:ON]->(p:Post)
     SET p.commentCount = p.commentCount - 1,
         c.removed = true, c.removedBy = $removedBy, c.removedAt = datetime(), c.body = null, c.mentionIds = []
     WITH c, p
     OPTIONAL MATCH (top:Comment {id: c.parentId})
     SET top.liveReplies = top.liveReplies - 1
     RETURN c ${commentFields('c')} AS c, p.authorId AS postAuthorId`,
    { commentId: comment.id, removedBy: byModerator ? 'MODERATOR' : 'AUTHOR' },
  ))!;
  const removal: ContentRemoval = { kind: 'COMMENT', comment: row.c, postAuthorId: row.postAuthorId };
  if (!byModerator) return { removed: row.c, notifications: [], removal };
  await logModeration(q, [
    { action: ModerationLogAction.COMMENT_REMOVED, circleId: comment.circleId, actorId: removerId, targetId: comment.authorId, subjectKind: 'COMMENT', subjectId: comment.id, reason },
  ]);
  const notifications = await notify(q, [
    { kind: NotificationKind.COMMENT_REMOVED, recipientId: comment.authorId, actorId: null, circleId: comment.circleId, postId: comment.postId, postExcerpt: excerptOf(comment.body ?? ''), reason },
  ]);
  return { removed: row.c, notifications, removal };
}

/** Deleting a post takes its comments along. Expects bound: `p`. */
export const DELETE_COMMENTS_OF_P = 'CALL (p) { MATCH (doomed:Comment)-[:ON]->(p) DETACH DELETE doomed }';

/**
 * Deleting an account: its comments stay as removed (threads stay readable), their posts'
 * and threads' counts follow. Expects bound: `u`, the User being deleted (before its posts
 * are deleted).
 */
export const FORGET_COMMENTS_OF_U = `
  CALL (u) {
    MATCH (u)-[:COMMENTED]->(c:Comment)-[:ON]->(p:Post) WHERE NOT c.removed
    SET c.removed = true, c.removedBy = 'ACCOUNT_DELETED', c.removedAt = datetime(), c.body = null, c.mentionIds = [],
        p.commentCount = p.commentCount - 1
    WITH c
    OPTIONAL MATCH (top:Comment {id: c.parentId})
    SET top.liveReplies = top.liveReplies - 1
  }`;
