/** Every feature's DataLoaders, built fresh for each request (and each subscription event). */
import type { Principal } from './auth/roles.js';
import { createConnectionLoaders } from './connections/connections.loaders.js';
import type { Db } from './db/database.js';
import { createInterestLoaders } from './interests/interests.loaders.js';
import { createUserLoaders } from './users/users.loaders.js';

export function createLoaders(db: Db, viewer: Principal | null) {
  return {
    users: createUserLoaders(db),
    interests: createInterestLoaders(db),
    connections: createConnectionLoaders(db, viewer),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
