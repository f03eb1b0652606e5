import type { Principal } from '../auth/roles.js';
import type { Db } from '../db/database.js';
import { keyedLoader } from '../graphql/loader-shapes.js';
import type { Relation } from '../privacy/credit-visibility.js';
import { relationsWith } from './connections.repository.js';

const NO_RELATION = { connected: false, blocking: false, blockedBy: false, requested: false, incoming: false };

export function createConnectionLoaders(db: Db, viewer: Principal | null) {
  const viewerId = viewer?.kind === 'user' ? viewer.id : null;
  return {
    /** How the viewer stands to each person; all false for anonymous and service viewers. */
    relationToViewer: keyedLoader(
      async (ids: readonly string[]): Promise<Relation[]> =>
        viewerId ? relationsWith(db, viewerId, ids) : ids.map((id) => ({ id, ...NO_RELATION })),
      (relation: Relation) => relation.id,
    ),
  };
}
