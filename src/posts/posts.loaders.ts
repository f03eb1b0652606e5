import type { Principal } from '../auth/roles.js';
import type { Db } from '../db/database.js';
import { pagedLoader } from '../shared/loaders.js';
import type { PageRequest } from '../shared/pagination.js';
import type { UserLoaders } from '../users/users.loaders.js';
import { postsOfCircles, type PostWithAuthor } from './posts.repository.js';

/** Authors come with pages of posts; the users loader then answers Post.author without a query. */
export function primeAuthors(users: UserLoaders, posts: PostWithAuthor[]): void {
  for (const post of posts) if (post.author) users.byId.prime(post.author.id, post.author);
}

export function createPostLoaders(db: Db, viewer: Principal | null, users: UserLoaders) {
  const viewerId = viewer?.kind === 'user' ? viewer.id : '';
  return {
    /** A page of each circle's posts, newest first, as the viewer may see them. */
    ofCircle: pagedLoader(async (circleIds: string[], page: PageRequest) => {
      const rows = await postsOfCircles(db, viewerId, circleIds, page);
      primeAuthors(users, rows.map((row) => row.value));
      return rows;
    }),
  };
}
