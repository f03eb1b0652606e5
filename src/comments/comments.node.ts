import { foundValues, type NodeSource } from '../graphql/node-source.js';

/** Comments, as their post's pages show them (removed ones too, without body or author). */
export const commentNodes: NodeSource = {
  type: 'Comment',
  ids: { label: 'Comment' },
  load: async (ctx, ids) => foundValues(await ctx.loaders.comments.byId.loadMany(ids)),
};
