import type { Principal } from '../auth/roles.js';
import type { Db } from '../db/database.js';
import { keyedLoader } from '../graphql/loader-shapes.js';
import { trustCounts } from './trust.repository.js';

export function createTrustLoaders(db: Db, viewer: Principal | null) {
  const viewerId = viewer?.kind === 'user' ? viewer.id : '';
  return {
    /** Trust given and received, per person, as the viewer may know it. */
    counts: keyedLoader((ids: readonly string[]) => trustCounts(db, viewerId, ids), (row: { id: string }) => row.id),
  };
}
