import { foundValues, type NodeSource } from '../graphql/node-source.js';

/** Posts, as `post(id:)` finds them. */
export const postNodes: NodeSource = {
  type: 'Post',
  ids: { label: 'Post' },
  load: async (ctx, ids) => foundValues(await ctx.loaders.posts.byId.loadMany(ids)),
};
