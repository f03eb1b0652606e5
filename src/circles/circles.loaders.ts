import type { Principal } from '../auth/roles.js';
import type { Db } from '../db/database.js';
import type { PageRequest } from '../shared/pagination.js';
import { groupedLoader, keyedLoader, pagedLoader } from '../shared/loaders.js';
import type { Circle, CircleRole } from './circle.type.js';
import {
  circlesByIds,
  circlesBySlugs,
  circlesOfUsers,
  interestsOfCircles,
  memberCounts,
  membersOfCircles,
  rolesOfUser,
} from './circles.repository.js';

export function createCircleLoaders(db: Db, viewer: Principal | null) {
  const viewerId = viewer?.kind === 'user' ? viewer.id : '';
  const byId = keyedLoader((ids: readonly string[]) => circlesByIds(db, ids), (circle: Circle) => circle.id);
  return {
    byId,
    bySlug: keyedLoader(
      async (slugs: readonly string[]) => {
        const circles = await circlesBySlugs(db, slugs);
        for (const circle of circles) byId.prime(circle.id, circle);
        return circles;
      },
      (circle: Circle) => circle.slug,
    ),
    interests: groupedLoader((ids: readonly string[]) => interestsOfCircles(db, ids)),
    memberCount: keyedLoader((ids: readonly string[]) => memberCounts(db, ids), (row: { id: string }) => row.id),
    /** The viewer's role in each circle (null: not a member). */
    viewerRole: keyedLoader(
      (ids: readonly string[]): Promise<Array<{ id: string; role: CircleRole }>> =>
        viewerId ? rolesOfUser(db, viewerId, ids) : Promise.resolve([]),
      (row: { id: string }) => row.id,
    ),
    members: pagedLoader((ids: string[], page: PageRequest) => membersOfCircles(db, viewerId, ids, page)),
    ofUser: pagedLoader((ids: string[], page: PageRequest) => circlesOfUsers(db, viewerId, ids, page)),
  };
}

export type CircleLoaders = ReturnType<typeof createCircleLoaders>;
