/** Comments travel in live events as JSON (they may cross Redis): dates as ISO strings. */
import type { CommentRow } from '../graph/comments.js';
import type { CommentSnapshot } from '../live/events.js';
import type { Comment, CommentRemoval } from './comment.type.js';

/** A Comment, or a comment row as the graph's removal returns it (src/live/removals.ts). */
export function toCommentSnapshot(comment: CommentRow): CommentSnapshot {
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
