import type { Principal } from '../auth/roles.js';
import type { Db } from '../db/database.js';
import type { TwoWayPageRequest } from '../graph/cursors.js';
import { groupedLoader, keyedLoader, pagedLoader } from '../graphql/loader-shapes.js';
import type { Circle } from './circle.type.js';
import {
  circlesForViewer,
  circlesOfUsers,
  interestsOfCircles,
  membersOfCircles,
  type CircleForViewer,
  type Standing,
} from './circles.repository.js';

export function createCircleLoaders(db: Db, viewer: Principal | null) {
  const viewerId = viewer?.kind === 'user' ? viewer.id : '';
  // Every circle read brings the viewer's standing along; both loaders learn from each read.
  const standing = keyedLoader(
    async (ids: readonly string[]) =>
      remember(await circlesForViewer(db, viewerId, 'id', ids)).map((row) => ({ id: row.c.id, memberCount: row.memberCount, viewerRole: row.viewerRole })),
    (row: Standing & { id: string }) => row.id,
  );
  const byId = keyedLoader(
    async (ids: readonly string[]) => remember(await circlesForViewer(db, viewerId, 'id', ids)).map((row) => row.c),
    (circle: Circle) => circle.id,
  );
  function remember(rows: CircleForViewer[]): CircleForViewer[] {
    for (const row of rows) {
      byId.prime(row.c.id, row.c);
      standing.prime(row.c.id, { id: row.c.id, memberCount: row.memberCount, viewerRole: row.viewerRole });
    }
    return rows;
  }
  return {
    /** Teaches byId and standing circles read with the viewer's standing elsewhere (a list that looked ahead). */
    remember,
    byId,
    bySlug: keyedLoader(
      async (slugs: readonly string[]) => remember(await circlesForViewer(db, viewerId, 'slug', slugs)).map((row) => row.c),
      (circle: Circle) => circle.slug,
    ),
    /** The viewer's role in each circle, and how many members they may see. */
    standing,
    interests: groupedLoader((ids: readonly string[]) => interestsOfCircles(db, ids)),
    members: pagedLoader((ids: string[], page: TwoWayPageRequest) => membersOfCircles(db, viewerId, ids, page)),
    ofUser: pagedLoader((ids: string[], page: TwoWayPageRequest) => circlesOfUsers(db, viewerId, ids, page)),
  };
}

export type CircleLoaders = ReturnType<typeof createCircleLoaders>;
