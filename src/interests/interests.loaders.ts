import type { Db } from '../db/database.js';
import { groupedLoader } from '../graphql/loader-shapes.js';
import { interestsOfUsers } from './interests.repository.js';

export function createInterestLoaders(db: Db) {
  return {
    /** A person's interests by their user id, in name order. */
    ofUser: groupedLoader((userIds: readonly string[]) => interestsOfUsers(db, userIds)),
  };
}
