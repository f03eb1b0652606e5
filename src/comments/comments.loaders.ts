import type { Principal } from '../auth/roles.js';
import type { Db } from '../db/database.js';
import { hiddenIdsOf } from '../graph/blocks.js';
import type { TwoWayPageRequest } from '../graph/cursors.js';
import { keyedLoader, pagedLoader } from '../graphql/loader-shapes.js';
import type { UserLoaders } from '../users/users.loaders.js';
import { commentsByIds, commentsOfPosts, talliesOfPosts, type CommentWithAuthor } from './comments.repository.js';

export function createCommentLoaders(db: Db, viewer: Principal | null, users: UserLoaders) {
  const viewerId = viewer?.kind === 'user' ? viewer.id : '';
  let hidden: Promise<Set<string>> | undefined;
  const primeAuthors = (comments: CommentWithAuthor[]) => {
    for (const comment of comments) if (comment.author) users.byId.prime(comment.author.id, comment.author);
    return comments;
  };
  return {
    /** Comments by id, as their post's pages show them to the viewer (null otherwise), with their authors. */
    byId: keyedLoader(async (ids: readonly string[]) => primeAuthors(await commentsByIds(db, viewerId, ids)), (comment: CommentWithAuthor) => comment.id),
    /** A page of each post's comments in thread order, with their authors (primed for Comment.author). */
    ofPost: pagedLoader(async (postIds: string[], page: TwoWayPageRequest) => {
      const rows = await commentsOfPosts(db, viewerId, postIds, page);
      primeAuthors(rows.map((row) => row.value.node));
      return rows;
    }),
    /** Each post's comment count and reactions as the viewer sees them: one query for a page of posts. */
    tally: keyedLoader((postIds: readonly string[]) => talliesOfPosts(db, viewerId, postIds), (tally) => tally.id),
    /** The people with a block between them and the viewer, read once per request when a field needs them (mentions). */
    hiddenIds: () => (hidden ??= hiddenIdsOf(db, viewerId)),
  };
}
