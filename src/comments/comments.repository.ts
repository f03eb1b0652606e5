/**
 * All Cypher about comments: pages of a post's threads, the kept counts as a viewer sees
 * them, writing, editing and removing. Comments hidden by a block (their author's, or the
 * thread's starter's) are left out of pages and counts alike, as if never written.
 */
import { randomUUID } from 'node:crypto';
import { mayModerate } from '../circles/moderation.rules.js';
import type { Db, Queries } from '../db/database.js';
import { isConstraintViolation } from '../errors.js';
import { idsHiddenFrom } from '../graph/blocks.js';
import { mayReadCircle } from '../graph/circles.js';
import { commentFields, commentHiddenBy, HIDDEN_COMMENTS_OF_P, PLACE_SCALE, placeOf, removeCommentNode, type ContentRemoval } from '../graph/comments.js';
import type { CursorKey, TwoWayPageRequest } from '../graph/cursors.js';
import { ledBy, pageWindow, windowRead, type PageRow } from '../graph/paging.js';
import { mentionableIds } from '../graph/mentions.js';
import { NotificationKind } from '../graph/notification-kinds.js';
import type { NotificationEvent } from '../graph/notification-plan.js';
import { notify, type Notifying } from '../graph/notifications.js';
import { userFields } from '../graph/people.js';
import { reactionCountsOf } from '../graph/reactions.js';
import type { User } from '../users/user.type.js';
import type { Comment } from './comment.type.js';
import {
  commentRefusal,
  commentReplayRefusal,
  editCommentRefusal,
  noSuchComment,
  removeCommentRefusal,
  removedByWhom,
  removeReasonRefusal,
  type CommentActor,
  type CommentFacts,
} from './comments.rules.js';

export type CommentWithAuthor = Comment & { author: User | null };

/** A comment as a page shows it: a removed one without body, mentions or author. */
const COMMENT_ROW = `c ${commentFields('c', `, author: CASE WHEN c.removed THEN null ELSE COLLECT { MATCH (a:User {id: c.authorId}) RETURN a ${userFields('a')} }[0] END`)}`;

export const commentCursor = (comment: Pick<Comment, 'thread' | 'reply'>) => [comment.thread, comment.reply];

/** The viewer and the people hidden from them. Binds `v`, `hiddenIds`. */
const VIEWER = `OPTIONAL MATCH (v:User {id: $viewerId}) WITH v, ${idsHiddenFrom('v')} AS hiddenIds`;

/** The post with the id `postId` (bound) if the viewer may read it (its circle readable, its author not hidden). Binds `p`. */
const READABLE_P = `MATCH (p:Post {id: postId}) WHERE NOT p.authorId IN hiddenIds
  MATCH (circle:Circle {id: p.circleId}) WHERE ${mayReadCircle('v', 'circle')}`;

/** The viewer, the people hidden from them, and each of `$postIds` they may read. Binds `v`, `hiddenIds`, `postId`, `p`. */
const READABLE_POSTS = `${VIEWER} UNWIND $postIds AS postId ${READABLE_P}`;

/** A cursor's place in its post's threads ([thread, reply]) as the one number `place` the index holds (placeOf). */
const placeKey = (key: CursorKey | null): CursorKey | null => key && [(key[0] as number) * PLACE_SCALE + (key[1] as number)];

/**
 * A page of each post's comments in thread order, in a page's window either way
 * (src/graph/paging.ts). An equality and a range on the (postId, place) index, ordered by
 * its own columns (`ledBy`), so Neo4j reads the index from the cursor, from either end, and
 * stops after the page: the cost is the page's, not the post's.
 */
export async function commentsOfPosts(
  db: Db,
  viewerId: string,
  postIds: readonly string[],
  page: TwoWayPageRequest,
): Promise<Array<{ key: string; value: PageRow<CommentWithAuthor> }>> {
  const window = pageWindow([{ expr: 'c.place', whole: true }], { ...page, after: placeKey(page.after), before: placeKey(page.before) });
  const read = windowRead(
    window,
    (part) => `
      MATCH (c:Comment)
      USING INDEX c:Comment(postId, place)
      WHERE c.postId = p.id AND ${part.where} AND NOT ${commentHiddenBy('c', 'hiddenIds')}
      RETURN c, ${part.beyond} AS beyond ORDER BY ${ledBy('c.postId', part.order)} LIMIT ${part.limit}`,
  );
  return db.read((q) =>
    q.rows<{ key: string; value: PageRow<CommentWithAuthor> }>(
      `${READABLE_POSTS}
       CALL (p, hiddenIds) { ${read} }
       RETURN postId AS key, {node: ${COMMENT_ROW}, beyond: beyond} AS value
       ORDER BY ${window.order}`,
      { viewerId, postIds, ...window.params },
    ),
  );
}

/**
 * The comments with these ids the viewer may see, as a page of their post shows them: the
 * post readable (its circle, its author not hidden), the comment not hidden by a block.
 */
export async function commentsByIds(db: Db, viewerId: string, ids: readonly string[]): Promise<CommentWithAuthor[]> {
  const rows = await db.read((q) =>
    q.rows<{ value: CommentWithAuthor }>(
      `${VIEWER}
       MATCH (c:Comment) WHERE c.id IN $ids AND NOT ${commentHiddenBy('c', 'hiddenIds')}
       WITH v, hiddenIds, c, c.postId AS postId
       ${READABLE_P}
       RETURN ${COMMENT_ROW} AS value`,
      { viewerId, ids },
    ),
  );
  return rows.map((row) => row.value);
}

/** A post's kept counts, with what one viewer's blocks take out of them (see visibleReactions). */
export interface PostTally {
  id: string;
  /** Already less the comments hidden from the viewer. */
  commentCount: number;
  /** The post's kept reaction counts, per kind in REACTION_KINDS order. */
  kept: number[];
  /** The kinds of the reactions of people hidden from the viewer, one entry per reaction. */
  hiddenKinds: string[];
  /** The kinds the viewer reacted with. */
  viewerKinds: string[];
}

/**
 * The counts kept with each post, less what the viewer's blocks hide: the hidden people's
 * comments and threads, and their reactions (found from them, an edge each, never by
 * counting the post's reactions). So a blocked person's count is exactly the count of a
 * world where the blocker never existed — no count drops by one to give a block away.
 */
export async function talliesOfPosts(db: Db, viewerId: string, postIds: readonly string[]): Promise<PostTally[]> {
  return db.read((q) =>
    q.rows<PostTally>(
      `${READABLE_POSTS}
       WITH v, hiddenIds, p, ${reactionCountsOf('p')} AS kept,
            COLLECT { UNWIND hiddenIds AS hid MATCH (:User {id: hid})-[r:REACTED]->(p) RETURN r.kind } AS hiddenKinds
       RETURN p.id AS id, coalesce(p.commentCount, 0) - ${HIDDEN_COMMENTS_OF_P} AS commentCount, kept, hiddenKinds,
              COLLECT { MATCH (v)-[r:REACTED]->(p) RETURN r.kind } AS viewerKinds`,
      { viewerId, postIds },
    ),
  );
}

export interface NewComment {
  authorId: string;
  postId: string;
  replyToId: string | null;
  body: string;
  mentioned: string[];
  idempotencyKey: string | null;
}

/** What a write of a comment reads first, in its transaction. Expects $authorId, $postId, $replyToId, $key. */
const COMMENT_FACTS = `
  OPTIONAL MATCH (u:User {id: $authorId})
  OPTIONAL MATCH (p:Post {id: $postId}) WHERE NOT EXISTS { (:User {id: p.authorId})-[:BLOCKED]-(u) }
  OPTIONAL MATCH (circle:Circle {id: p.circleId})
  OPTIONAL MATCH (parent:Comment {id: $replyToId, postId: $postId})
    WHERE NOT EXISTS { MATCH (x:User)-[:BLOCKED]-(u) WHERE x.id IN [parent.authorId, parent.threadAuthorId] }
  OPTIONAL MATCH (earlier:Comment {authorId: $authorId, idempotencyKey: $key})
  RETURN p IS NOT NULL AS postFound, coalesce(circle.name, '') AS circleName,
         EXISTS { (u)-[:MEMBER_OF]->(circle) } AS member,
         CASE WHEN parent IS NULL THEN null ELSE {reply: parent.reply} END AS parent,
         earlier ${commentFields('earlier')} AS earlier`;

/**
 * Writes the comment, taking the post's lock first (its counters): its number in the post,
 * the post's count and the thread's reply count move together. Returns it with who it mentions.
 */
const CREATE_COMMENT = `
  MATCH (p:Post {id: $postId})
  SET p.commentSeq = coalesce(p.commentSeq, 0) + 1, p.commentCount = coalesce(p.commentCount, 0) + 1
  WITH p
  MATCH (u:User {id: $authorId})
  MATCH (circle:Circle {id: p.circleId})
  OPTIONAL MATCH (parent:Comment {id: $replyToId, postId: $postId})
  SET parent.liveReplies = parent.liveReplies + 1
  CREATE (u)-[:COMMENTED]->(c:Comment {
    id: randomUUID(), postId: p.id, circleId: p.circleId, authorId: u.id,
    threadAuthorId: coalesce(parent.authorId, u.id), parentId: parent.id,
    thread: coalesce(parent.thread, p.commentSeq), reply: CASE WHEN parent IS NULL THEN 0 ELSE p.commentSeq END,
    place: ${placeOf('coalesce(parent.thread, p.commentSeq)', 'CASE WHEN parent IS NULL THEN 0 ELSE p.commentSeq END')},
    body: $body, mentionIds: ${mentionableIds('u', 'circle')}, createdAt: datetime(), editedAt: null,
    removed: false, removedBy: null, removedAt: null, liveReplies: 0, idempotencyKey: $key})-[:ON]->(p)
  RETURN c ${commentFields('c')} AS c, p.authorId AS postAuthorId`;

/** A comment just written, with what its live event and notifications need. */
export interface WrittenComment {
  comment: Comment;
  postAuthorId: string;
  created: boolean;
}

export async function addComment(db: Db, input: NewComment): Promise<Notifying<WrittenComment>> {
  // As for posts: a key made here, outside the transaction, lets a retried commit find its comment.
  const key = input.idempotencyKey ?? `quanzi:${randomUUID()}`;
  const params = { authorId: input.authorId, postId: input.postId, replyToId: input.replyToId, key, body: input.body, mentioned: input.mentioned };
  const attempt = () =>
    db.write(async (q): Promise<Notifying<WrittenComment>> => {
      const facts = await q.one<Omit<CommentFacts, 'replyToId'> & { earlier: Comment | null }>(COMMENT_FACTS, params);
      const refusal = commentRefusal({ ...facts!, replyToId: input.replyToId });
      if (refusal) throw refusal;
      const earlier = facts!.earlier;
      if (earlier) {
        const reused = commentReplayRefusal(earlier, { postId: input.postId, parentId: input.replyToId, body: input.body });
        if (reused) throw reused;
        const postAuthorId = (await q.one<{ id: string }>('MATCH (p:Post {id: $postId}) RETURN p.authorId AS id', params))!.id;
        return { row: { comment: earlier, postAuthorId, created: input.idempotencyKey === null }, notifications: [] };
      }
      const row = (await q.one<{ c: Comment; postAuthorId: string }>(CREATE_COMMENT, params))!;
      // A reply's thread was started by the comment it replies to.
      const parentAuthorId = row.c.parentId === null ? null : row.c.threadAuthorId;
      const notifications = await notify(q, commentNotifications(row.c, row.postAuthorId, parentAuthorId, row.c.mentionIds));
      return { row: { comment: row.c, postAuthorId: row.postAuthorId, created: true }, notifications };
    });
  try {
    return await attempt();
  } catch (error) {
    // A concurrent retry with the same key won the race: answer with its comment.
    if (!isConstraintViolation(error)) throw error;
    return attempt();
  }
}

/**
 * Who hears of a new comment: the post's author of a top-level comment, the replied-to
 * comment's author of a reply, and the people it mentions (who are not already told). A
 * reply does not notify the post's author: a reply lives in its thread, and the thread goes
 * with its starter when a block hides them (a notification about a reply the post's author
 * could not see would give that block away).
 */
function commentNotifications(comment: Comment, postAuthorId: string, parentAuthorId: string | null, mentionIds: readonly string[]): NotificationEvent[] {
  const base = { actorId: comment.authorId, circleId: comment.circleId, postId: comment.postId, postAuthorId, threadAuthorId: comment.threadAuthorId };
  const events: NotificationEvent[] = [];
  if (parentAuthorId !== null) events.push({ ...base, kind: NotificationKind.REPLY_TO_COMMENT, recipientId: parentAuthorId });
  else events.push({ ...base, kind: NotificationKind.COMMENT_ON_POST, recipientId: postAuthorId });
  const told = new Set(events.map((event) => event.recipientId));
  for (const id of mentionIds) if (!told.has(id)) events.push({ ...base, kind: NotificationKind.MENTION, recipientId: id });
  return events;
}

/**
 * The comment and how the person acting on it stands in its circle, in the writing
 * transaction; NOT_FOUND when there is none, or a block hides it from them.
 */
async function commentAndActor(q: Queries, userId: string, commentId: string): Promise<{ comment: Comment; actor: CommentActor; postAuthorId: string }> {
  const row = await q.one<{ c: Comment; postAuthorId: string; hidden: boolean } & Omit<CommentActor, 'id'>>(
    `MATCH (c:Comment {id: $commentId})-[:ON]->(p:Post)
     MATCH (circle:Circle {id: c.circleId})
     OPTIONAL MATCH (u:User {id: $userId})
     WITH c, p, circle, u, ${idsHiddenFrom('u')} AS hiddenIds
     RETURN c ${commentFields('c')} AS c, p.authorId AS postAuthorId, circle.name AS circleName,
            ${commentHiddenBy('c', 'hiddenIds')} OR p.authorId IN hiddenIds AS hidden,
            COLLECT { MATCH (u)-[m:MEMBER_OF]->(circle) RETURN m.role }[0] AS role,
            EXISTS { (u)-[:BANNED_FROM]->(circle) } AS banned`,
    { commentId, userId },
  );
  // A block hides the comment, except from the circle's moderators: it must not shield anyone from moderation.
  if (!row || (row.hidden && !mayModerate(row.role ?? null))) throw noSuchComment();
  const { c: comment, postAuthorId, circleName, role, banned } = row;
  return { comment, postAuthorId, actor: { id: userId, role: role ?? null, banned, circleName } };
}

export async function editComment(db: Db, userId: string, commentId: string, body: string, mentioned: string[]): Promise<Notifying<WrittenComment>> {
  return db.write(async (q) => {
    const { comment, actor, postAuthorId } = await commentAndActor(q, userId, commentId);
    const refusal = editCommentRefusal(comment, actor);
    if (refusal) throw refusal;
    const row = (await q.one<{ c: Comment }>(
      `MATCH (c:Comment {id: $commentId}) MATCH (u:User {id: c.authorId}) MATCH (circle:Circle {id: c.circleId})
       SET c.body = $body, c.editedAt = datetime(), c.mentionIds = ${mentionableIds('u', 'circle')}
       RETURN c ${commentFields('c')} AS c`,
      { commentId, body, mentioned },
    ))!;
    // Only people newly mentioned hear of it: an edit does not notify twice.
    const fresh = row.c.mentionIds.filter((id) => !comment.mentionIds.includes(id));
    const notifications = await notify(
      q,
      fresh.map((recipientId) => ({ kind: NotificationKind.MENTION, recipientId, actorId: userId, circleId: comment.circleId, postId: comment.postId, postAuthorId, threadAuthorId: comment.threadAuthorId })),
    );
    return { row: { comment: row.c, postAuthorId, created: false }, notifications };
  });
}

/** A comment removed, and who removed it: a moderator's removal is what a moderation log records. */
export interface RemovedComment extends WrittenComment {
  /** What to announce to the circle (src/live/removals.ts); null when it was already removed: nothing changed. */
  removal: ContentRemoval | null;
  byModerator: boolean;
}

/**
 * Removes a comment (its author, or a moderator of its circle): it stays in its thread,
 * without body, author or mentions, and the post's and thread's counts drop. Removing a
 * removed comment changes nothing. A moderator's removal notifies the author, with how the
 * comment began and the reason given.
 */
export async function removeComment(db: Db, userId: string, commentId: string, reason: string | null): Promise<Notifying<RemovedComment>> {
  return db.write(async (q) => {
    const { comment, actor, postAuthorId } = await commentAndActor(q, userId, commentId);
    const refusal = removeCommentRefusal(comment, actor) ?? removeReasonRefusal(comment, actor, reason);
    if (refusal) throw refusal;
    if (comment.removed) return { row: { comment, postAuthorId, created: false, removal: null, byModerator: false }, notifications: [] };
    const { removed, notifications, removal } = await removeCommentNode<Comment>(q, comment, userId, reason);
    return { row: { comment: removed, postAuthorId, created: false, removal, byModerator: removedByWhom(comment, userId) === 'MODERATOR' }, notifications };
  });
}
