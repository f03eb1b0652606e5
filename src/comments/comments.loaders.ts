import type { Principal } from '../auth/roles.js';
import type { Db } from '../db/database.js';
import { hiddenIdsOf } from '../graph/blocks.js';
import type { TwoWayPageRequest } from '../graph/cursors.js';
import { keyedLoader, pagedLoader } from '../graphql/loader-shapes.js';
import type { UserLoaders } from '../users/users.loaders.js';
import { commentsOfPosts, talliesOfPosts } from './comments.repository.js';

export function createCommentLoaders(db: Db, viewer: Principal | null, users: UserLoaders) {
  const viewerId = viewer?.kind === 'user' ? viewer.id : '';
  let hidden: Promise<Set<string>> | undefined;
  return {
    /** A page of each post's comments in thread order, with their authors (primed for Comment.author). */
    ofPost: pagedLoader(async (postIds: string[], page: TwoWayPageRequest) => {
      const rows = await commentsOfPosts(db, viewerId, postIds, page);
      for (const { node } of rows.map((row) => row.value)) if (node.author) users.byId.prime(node.author.id, node.author);
      return rows;
    }),
    /** Each post's comment count and reactions as the viewer sees them: one query for a page of posts. */
    tally: keyedLoader((postIds: readonly string[]) => talliesOfPosts(db, viewerId, postIds), (tally) => tally.id),
    /** The people with a block between them and the viewer, read once per request when a field needs them (mentions). */
    hiddenIds: () => (hidden ??= hiddenIdsOf(db, viewerId)),
  };
}
