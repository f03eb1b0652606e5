import type { NodeSource } from '../graphql/node-source.js';
import { viewerId } from '../graphql/viewer.js';
import { primeFromNotifications } from './notifications.loaders.js';
import { notificationsOf } from './notifications.repository.js';

/** Your notifications (nobody else's), as your lists show them. */
export const notificationNodes: NodeSource = {
  type: 'Notification',
  ids: { label: 'Notification' },
  async load(ctx, ids) {
    const rows = await notificationsOf(ctx.db, viewerId(ctx), ids);
    primeFromNotifications(ctx.loaders, rows);
    return rows;
  },
};
