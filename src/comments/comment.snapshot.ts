/** Comments travel in live events as JSON (they may cross Redis): dates as ISO strings. */
import type { CommentSnapshot } from '../live/events.js';
import type { Comment, CommentRemoval } from './comment.type.js';

export function toCommentSnapshot(comment: Comment): CommentSnapshot {
  return { ...comment, createdAt: comment.createdAt.toISOString(), editedAt: comment.editedAt?.toISOString() ?? null };
}

export function fromCommentSnapshot(snapshot: CommentSnapshot): Comment {
  return {
    ...snapshot,
    removedBy: snapshot.removedBy as CommentRemoval | null,
    createdAt: new Date(snapshot.createdAt),
    editedAt: snapshot.editedAt ? new Date(snapshot.editedAt) : null,
  };
}
