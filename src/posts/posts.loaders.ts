import type { Principal } from '../auth/roles.js';
import type { Db } from '../db/database.js';
import { pagedLoader } from '../shared/loaders.js';
import type { PageRequest } from '../shared/pagination.js';
import { postsOfCircles } from './posts.repository.js';

export function createPostLoaders(db: Db, viewer: Principal | null) {
  const viewerId = viewer?.kind === 'user' ? viewer.id : '';
  return {
    /** A page of each circle's posts, newest first, as the viewer may see them. */
    ofCircle: pagedLoader((circleIds: string[], page: PageRequest) => postsOfCircles(db, viewerId, circleIds, page)),
  };
}
