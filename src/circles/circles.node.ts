import { foundValues, type NodeSource } from '../graphql/node-source.js';

/** Circles, as `circle(slug:)` finds them (every circle is found; members-only ones keep their insides to members). */
export const circleNodes: NodeSource = {
  type: 'Circle',
  ids: { label: 'Circle' },
  load: async (ctx, ids) => foundValues(await ctx.loaders.circles.byId.loadMany(ids)),
};
