import { readTypedId } from '../graphql/node.js';
import type { NodeSource } from '../graphql/node-source.js';
import { interestId } from './interest.type.js';
import { interestsBySlugs } from './interests.repository.js';

/** Interests (the catalogue is public), by `Interest:<slug>`. */
export const interestNodes: NodeSource = {
  type: 'Interest',
  ids: 'typed',
  async load(ctx, ids) {
    const slugs = ids.map((id) => readTypedId(id)!.parts).filter((parts) => parts.length === 1).map(([slug]) => slug!);
    return (await interestsBySlugs(ctx.db, slugs)).map((interest) => ({ ...interest, id: interestId(interest) }));
  },
};
