/**
 * The one way a removed post or comment goes out to its circle's watchers, whoever removed it:
 * its author, a moderator (deletePost, deleteComment), or a report resolved with
 * REMOVE_CONTENT. The removal functions in src/graph return a ContentRemoval; this tells it.
 */
import { toCommentSnapshot } from '../comments/comment.snapshot.js';
import type { ContentRemoval } from '../graph/comments.js';
import { announceCircleEvent, type CircleAnnouncing } from './publish.js';

export function announceRemoval(live: CircleAnnouncing, removal: ContentRemoval, actorId: string): Promise<void> {
  const at = new Date().toISOString();
  if (removal.kind === 'POST') {
    return announceCircleEvent(live, { kind: 'POST_DELETED', circleId: removal.circleId, at, actorId, postId: removal.postId, authorId: removal.authorId });
  }
  const { comment, postAuthorId } = removal;
  return announceCircleEvent(live, { kind: 'COMMENT_REMOVED', circleId: comment.circleId, at, actorId, comment: toCommentSnapshot(comment), postAuthorId });
}
