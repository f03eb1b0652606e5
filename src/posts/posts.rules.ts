/**
 * Who may write, edit and delete posts. Same shape as every rule (see
 * src/circles/circles.rules.ts): pure, `null` when allowed, otherwise the AppError to
 * throw; posts.repository.ts reads the facts in its transaction and throws the refusal.
 */
import type { Circle, CircleRole } from '../circles/circle.type.js';
import { mayModerate } from '../circles/moderation.rules.js';
import { badInput, conflict, forbidden, type AppError } from '../errors.js';
import type { Post } from './post.type.js';

/**
 * Only members post. A ban ends membership, so the banned are refused here too. (CREATE_POST
 * in the repository creates nothing for a non-member in the same statement; this names why.)
 */
export function postRefusal(circle: Pick<Circle, 'name'>, member: boolean): AppError | null {
  if (member) return null;
  return forbidden(`Only members can post in ${circle.name}; join it first.`);
}

/**
 * An idempotency key names one post: a repeat must be for the same circle and body, or
 * it is new content under an old key. `earlier` is the post first made under the key.
 */
export function replayRefusal(earlier: Pick<Post, 'circleId' | 'body'>, circleId: string, body: string): AppError | null {
  if (earlier.circleId === circleId && earlier.body === body) return null;
  return conflict('That idempotencyKey was already used for a different post; use a new key for new content.', {
    field: 'idempotencyKey',
  });
}

export function isAuthor(post: Pick<Post, 'authorId'>, userId: string): boolean {
  return post.authorId === userId;
}

/** How the person acting on a post stands in its circle. */
export interface PostActor {
  id: string;
  /** Their role in the post's circle; null when not a member. */
  role: CircleRole | null;
  /** The circle's moderators removed them from it. */
  banned: boolean;
  /** The post's circle, to name it. */
  circleName: string;
}

/** Someone the moderators removed cannot rework what they wrote there (every edit would go out live). */
const removedAuthor = (actor: PostActor, what: string) =>
  forbidden(`The moderators of ${actor.circleName} removed you from it; you can no longer ${what} your posts there.`);

/** A post's words are its author's alone — not even the circle's owners may change them — while the author is not banned from its circle. */
export function editRefusal(post: Pick<Post, 'authorId'>, actor: PostActor): AppError | null {
  if (!isAuthor(post, actor.id)) return forbidden('Only the author can edit a post.');
  return actor.banned ? removedAuthor(actor, 'edit') : null;
}

/**
 * The circle's owners and moderators delete any post in it; authors delete their own,
 * unless they were banned from the circle (the moderators then decide what stays).
 */
export function deleteRefusal(post: Pick<Post, 'authorId'>, actor: PostActor): AppError | null {
  if (mayModerate(actor.role)) return null;
  if (!isAuthor(post, actor.id)) return forbidden("Only the author or the circle's owners and moderators can delete a post.");
  return actor.banned ? removedAuthor(actor, 'delete') : null;
}

/**
 * A reason is what moderators tell the author whose post they remove (it is in the author's
 * notification); someone deleting their own post has nobody to tell. Checked after deleteRefusal.
 */
export function deleteReasonRefusal(post: Pick<Post, 'authorId'>, actor: Pick<PostActor, 'id'>, reason: string | null): AppError | null {
  if (reason === null || !isAuthor(post, actor.id)) return null;
  return badInput('reason', "A reason is for moderators removing someone else's post; leave it out when deleting your own.");
}
