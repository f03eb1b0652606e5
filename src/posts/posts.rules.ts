/**
 * Who may write, edit and delete posts. Same shape as every rule (see
 * src/circles/circles.rules.ts): pure, `null` when allowed, otherwise the AppError to
 * throw; posts.repository.ts reads the facts in its transaction and throws the refusal.
 */
import type { Circle, CircleRole } from '../circles/circle.type.js';
import { mayModerate } from '../circles/moderation.rules.js';
import { conflict, forbidden, type AppError } from '../errors.js';
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

/** A post's words are its author's alone: not even the circle's owners may change them. */
export function editRefusal(post: Pick<Post, 'authorId'>, userId: string): AppError | null {
  if (isAuthor(post, userId)) return null;
  return forbidden('Only the author can edit a post.');
}

/**
 * Authors delete their own posts; the circle's owners and moderators delete any post in it.
 * `role` is the deleter's role in the post's circle (null: none); callers need not read it
 * for the author.
 */
export function deleteRefusal(post: Pick<Post, 'authorId'>, userId: string, role: CircleRole | null): AppError | null {
  if (isAuthor(post, userId) || mayModerate(role)) return null;
  return forbidden("Only the author or the circle's owners and moderators can delete a post.");
}
