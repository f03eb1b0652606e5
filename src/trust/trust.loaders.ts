import type { Db } from '../db/database.js';
import { keyedLoader } from '../shared/loaders.js';
import { trustCounts } from './trust.repository.js';

export function createTrustLoaders(db: Db) {
  return {
    /** Trust given and received, per person. */
    counts: keyedLoader((ids: readonly string[]) => trustCounts(db, ids), (row: { id: string }) => row.id),
  };
}
