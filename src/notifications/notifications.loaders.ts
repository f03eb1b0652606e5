import type { Db } from '../db/database.js';
import { keyedLoader } from '../graphql/loader-shapes.js';
import { notificationStates, type NotificationState } from './notifications.repository.js';

export function createNotificationLoaders(db: Db) {
  return {
    /** Each person's unread count and stored policy (only their owner is ever shown them). */
    stateOf: keyedLoader((ids: readonly string[]) => notificationStates(db, ids), (state: NotificationState) => state.id),
  };
}
