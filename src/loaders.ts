/**
 * Every feature's DataLoaders, for one request (or one subscription event). Each
 * feature's set is built on first use: a request that never touches circles builds no
 * circle loaders, and ten thousand idle subscriptions hold no loaders at all.
 */
import type { Principal } from './auth/roles.js';
import { createCircleLoaders } from './circles/circles.loaders.js';
import { createConnectionLoaders } from './connections/connections.loaders.js';
import type { Db } from './db/database.js';
import { createInterestLoaders } from './interests/interests.loaders.js';
import { createPostLoaders } from './posts/posts.loaders.js';
import { createRecommendationLoaders } from './recommendations/recommendations.loaders.js';
import { createTrustLoaders } from './trust/trust.loaders.js';
import { createUserLoaders, type UserLoaders } from './users/users.loaders.js';

export interface Loaders {
  users: UserLoaders;
  circles: ReturnType<typeof createCircleLoaders>;
  posts: ReturnType<typeof createPostLoaders>;
  interests: ReturnType<typeof createInterestLoaders>;
  connections: ReturnType<typeof createConnectionLoaders>;
  trust: ReturnType<typeof createTrustLoaders>;
  recommendations: ReturnType<typeof createRecommendationLoaders>;
}

/** An object whose properties are computed on first read, then kept. */
function lazily<T extends object>(factories: { [K in keyof T]: (self: T) => T[K] }): T {
  const self = {} as T;
  for (const key of Object.keys(factories) as Array<keyof T>) {
    Object.defineProperty(self, key, {
      enumerable: true,
      configurable: true,
      get() {
        const value = factories[key](self);
        Object.defineProperty(self, key, { value, enumerable: true });
        return value;
      },
    });
  }
  return self;
}

/**
 * `shared` lets many contexts use one set of loaders for data that is the same for every
 * viewer (people's records): the subscribers of one live event resolve authors once.
 */
export function createLoaders(db: Db, viewer: Principal | null, shared?: SharedLoaders): Loaders {
  return lazily<Loaders>({
    users: () => shared?.users ?? createUserLoaders(db),
    circles: () => createCircleLoaders(db, viewer),
    posts: (self) => createPostLoaders(db, viewer, self.users, self.circles),
    interests: () => createInterestLoaders(db),
    connections: () => createConnectionLoaders(db, viewer),
    trust: () => createTrustLoaders(db),
    recommendations: () => createRecommendationLoaders(db, viewer),
  });
}

export interface SharedLoaders {
  users: UserLoaders;
}

export function createSharedLoaders(db: Db): SharedLoaders {
  return { users: createUserLoaders(db) };
}
