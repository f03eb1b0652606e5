import type { CircleLoaders } from '../circles/circles.loaders.js';
import type { Db } from '../db/database.js';
import { keyedLoader } from '../graphql/loader-shapes.js';
import type { UserLoaders } from '../users/users.loaders.js';
import { notificationStates, type NotificationRow, type NotificationState } from './notifications.repository.js';

/** Actors and circles come with notifications: their fields then need no query. */
export function primeFromNotifications(loaders: { users: UserLoaders; circles: Pick<CircleLoaders, 'byId'> }, rows: NotificationRow[]): void {
  for (const row of rows) {
    if (row.actor) loaders.users.byId.prime(row.actor.id, row.actor);
    if (row.circle) loaders.circles.byId.prime(row.circle.id, row.circle);
  }
}

export function createNotificationLoaders(db: Db) {
  return {
    /** Each person's unread count and stored policy (only their owner is ever shown them). */
    stateOf: keyedLoader((ids: readonly string[]) => notificationStates(db, ids), (state: NotificationState) => state.id),
  };
}
