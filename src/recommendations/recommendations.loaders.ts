import type { Principal } from '../auth/roles.js';
import type { Db } from '../db/database.js';
import { keyedLoader } from '../graphql/loader-shapes.js';
import { icebreakers } from './recommendations.repository.js';

export function createRecommendationLoaders(db: Db, viewer: Principal | null) {
  const viewerId = viewer?.kind === 'user' ? viewer.id : null;
  return {
    /** What the viewer shares with each person (absent: self, hidden, or no viewer). */
    icebreaker: keyedLoader(
      (ids: readonly string[]) => (viewerId ? icebreakers(db, viewerId, ids) : Promise.resolve([])),
      (row: { id: string }) => row.id,
    ),
  };
}
