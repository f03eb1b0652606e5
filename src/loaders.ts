/** Every feature's DataLoaders, built fresh for each request (and each subscription event). */
import type { Principal } from './auth/roles.js';
import { createCircleLoaders } from './circles/circles.loaders.js';
import { createConnectionLoaders } from './connections/connections.loaders.js';
import type { Db } from './db/database.js';
import { createInterestLoaders } from './interests/interests.loaders.js';
import { createPostLoaders } from './posts/posts.loaders.js';
import { createRecommendationLoaders } from './recommendations/recommendations.loaders.js';
import { createTrustLoaders } from './trust/trust.loaders.js';
import { createUserLoaders, type UserLoaders } from './users/users.loaders.js';

/**
 * `shared` lets many contexts use one set of loaders for data that is the same for every
 * viewer (people's records): the subscribers of one live event resolve authors once.
 */
export function createLoaders(db: Db, viewer: Principal | null, shared?: SharedLoaders) {
  const users = shared?.users ?? createUserLoaders(db);
  return {
    users,
    circles: createCircleLoaders(db, viewer),
    posts: createPostLoaders(db, viewer, users),
    interests: createInterestLoaders(db),
    connections: createConnectionLoaders(db, viewer),
    trust: createTrustLoaders(db),
    recommendations: createRecommendationLoaders(db, viewer),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

export interface SharedLoaders {
  users: UserLoaders;
}

export function createSharedLoaders(db: Db): SharedLoaders {
  return { users: createUserLoaders(db) };
}
