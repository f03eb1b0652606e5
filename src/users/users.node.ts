import type { NodeSource } from '../graphql/node-source.js';
import { visibleUsersByIds } from './users.repository.js';

/** People, as `user(handle:)` finds them: someone who blocked the viewer is as if they did not exist. */
export const userNodes: NodeSource = {
  type: 'User',
  ids: { label: 'User' },
  async load(ctx, ids) {
    const users = await visibleUsersByIds(ctx.db, ctx.viewer?.id ?? null, ids);
    for (const user of users) ctx.loaders.users.byId.prime(user.id, user);
    return users;
  },
};
