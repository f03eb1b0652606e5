import type { Db } from '../db/database.js';
import { keyedLoader } from '../graphql/loader-shapes.js';
import type { User } from './user.type.js';
import { usersByHandles, usersByIds } from './users.repository.js';

/** `viewerId` decides whom a handle finds (see usersByHandles); people by id are the same for every viewer. */
export function createUserLoaders(db: Db, viewerId: string | null) {
  const byId = keyedLoader((ids: readonly string[]) => usersByIds(db, ids), (user: User) => user.id);
  const byHandle = keyedLoader(
    async (handles: readonly string[]) => {
      const users = await usersByHandles(db, viewerId, handles);
      // A user found by handle is then known by id too: no second query for it.
      for (const user of users) byId.prime(user.id, user);
      return users;
    },
    (user: User) => user.handle,
  );
  return { byId, byHandle };
}

export type UserLoaders = ReturnType<typeof createUserLoaders>;
