/**
 * Who may comment, reply, edit and remove comments. Same shape as every rule (see src/circles/circles.rules.ts): pure, `null` when
 * allowed, otherwise the AppError to throw; comments.repository.ts reads the facts in its
 * transaction and throws the refusal.
 */
import type { CircleRole } from '../circles/circle.type.js';
import { mayModerate } from '../circles/moderation.rules.js';
import { badInput, conflict, forbidden, notFound, type AppError } from '../errors.js';

/** What a comment write reads about the post, the writer and the comment replied to. */
export interface CommentFacts {
  /** The post exists and its author is not hidden from the writer by a block. */
  postFound: boolean;
  circleName: string;
  member: boolean;
  /** The comment replied to, when one was named and it is on this post and not hidden by a block. */
  parent: { reply: number } | null;
  replyToId: string | null;
}

export const noSuchPost = () => notFound('That post does not exist (it may have been deleted).');
export const noSuchComment = (field = 'id') => notFound(`That comment does not exist (${field}); it may have been deleted with its post.`);

/** Members comment; a reply names a top-level comment of the same post. */
export function commentRefusal(facts: CommentFacts): AppError | null {
  if (!facts.postFound) return noSuchPost();
  if (!facts.member) return forbidden(`Only members can comment in ${facts.circleName}; join it first.`);
  if (facts.replyToId === null) return null;
  if (!facts.parent) return noSuchComment('replyToId');
  if (facts.parent.reply !== 0) return badInput('replyToId', 'Replies go one level deep: reply to the top-level comment this reply answers (its `replyToId`).');
  return null;
}

/** An idempotency key names one comment: a repeat must be for the same post, parent and body. */
export function commentReplayRefusal(
  earlier: { postId: string; parentId: string | null; body: string | null },
  wanted: { postId: string; parentId: string | null; body: string },
): AppError | null {
  if (earlier.postId === wanted.postId && earlier.parentId === wanted.parentId && earlier.body === wanted.body) return null;
  return conflict('That idempotencyKey was already used for a different comment; use a new key for new content.', { field: 'idempotencyKey' });
}

/** How the person acting on an existing comment stands. */
export interface CommentActor {
  id: string;
  role: CircleRole | null;
  banned: boolean;
  circleName: string;
}

export interface ExistingComment {
  authorId: string;
  removed: boolean;
}

/** The author alone edits, while not banned from the circle; a removed comment stays removed. */
export function editCommentRefusal(comment: ExistingComment, actor: CommentActor): AppError | null {
  if (comment.authorId !== actor.id) return forbidden('Only the author can edit a comment.');
  if (comment.removed) return badInput('id', 'That comment was removed; it can no longer be edited.');
  if (actor.banned) return forbidden(`The moderators of ${actor.circleName} removed you from it; you can no longer edit your comments there.`);
  return null;
}

/** The author removes their own (unless banned); the circle's owners and moderators remove any. */
export function removeCommentRefusal(comment: ExistingComment, actor: CommentActor): AppError | null {
  if (mayModerate(actor.role)) return null;
  if (comment.authorId !== actor.id) return forbidden("Only the author or the circle's owners and moderators can delete a comment.");
  if (actor.banned) return forbidden(`The moderators of ${actor.circleName} removed you from it; you can no longer delete your comments there.`);
  return null;
}

/** A reason is what moderators tell the author whose comment they remove; one's own needs none. */
export function removeReasonRefusal(comment: ExistingComment, actor: Pick<CommentActor, 'id'>, reason: string | null): AppError | null {
  if (reason === null || comment.authorId !== actor.id) return null;
  return badInput('reason', "A reason is for moderators removing someone else's comment; leave it out when deleting your own.");
}

/** Who removed a comment: its author, a moderator, or nobody any more (the account was deleted). */
export type RemovedBy = 'AUTHOR' | 'MODERATOR' | 'ACCOUNT_DELETED';

export const removedByWhom = (comment: Pick<ExistingComment, 'authorId'>, actorId: string): RemovedBy => (comment.authorId === actorId ? 'AUTHOR' : 'MODERATOR');
