import type { Principal } from '../auth/roles.js';
import type { CircleLoaders } from '../circles/circles.loaders.js';
import type { Db } from '../db/database.js';
import type { TwoWayPageRequest } from '../graph/cursors.js';
import { keyedLoader, pagedLoader } from '../graphql/loader-shapes.js';
import type { UserLoaders } from '../users/users.loaders.js';
import { postCountsOfCircles, postsOfCircles, readablePostsByIds, type PostWithAuthor } from './posts.repository.js';

/** Authors (and circles) come with pages of posts; the loaders then answer Post.author and Post.circle without a query. */
export function primeFromPosts(loaders: { users: UserLoaders; circles: Pick<CircleLoaders, 'byId'> }, posts: PostWithAuthor[]): void {
  for (const post of posts) {
    if (post.author) loaders.users.byId.prime(post.author.id, post.author);
    if (post.circle) loaders.circles.byId.prime(post.circle.id, post.circle);
  }
}

export function createPostLoaders(db: Db, viewer: Principal | null, users: UserLoaders, circles: CircleLoaders) {
  const viewerId = viewer?.kind === 'user' ? viewer.id : '';
  return {
    /** Posts by id, as the viewer may read them (null otherwise). */
    byId: keyedLoader(async (ids: readonly string[]) => {
      const posts = await readablePostsByIds(db, viewerId, ids);
      primeFromPosts({ users, circles }, posts);
      return posts;
    }, (post: PostWithAuthor) => post.id),
    /** How many posts each circle's pages show the viewer (`Circle.posts.totalCount`). */
    countOfCircle: keyedLoader((ids: readonly string[]) => postCountsOfCircles(db, viewerId, ids), (row: { id: string }) => row.id),
    /** A page of each circle's posts (with its probe row, src/graph/paging.ts), newest first, as the viewer may see them. */
    ofCircle: pagedLoader(async (circleIds: string[], page: TwoWayPageRequest) => {
      const rows = await postsOfCircles(db, viewerId, circleIds, page);
      primeFromPosts({ users, circles }, rows.map((row) => row.value.node));
      return rows;
    }),
  };
}
