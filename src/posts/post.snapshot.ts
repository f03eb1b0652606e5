/** Posts travel in live events as JSON (they may cross Redis): dates as ISO strings. */
import type { PostSnapshot } from '../live/events.js';
import type { Post } from './post.type.js';

export function toSnapshot(post: Post): PostSnapshot {
  return {
    id: post.id,
    body: post.body,
    authorId: post.authorId,
    circleId: post.circleId,
    mentionIds: post.mentionIds,
    createdAt: post.createdAt.toISOString(),
    editedAt: post.editedAt?.toISOString() ?? null,
  };
}

export function fromSnapshot(snapshot: PostSnapshot): Post {
  return {
    ...snapshot,
    createdAt: new Date(snapshot.createdAt),
    editedAt: snapshot.editedAt ? new Date(snapshot.editedAt) : null,
  };
}
