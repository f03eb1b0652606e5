import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import { badInput } from '../errors.js';
import { labelsOfIds } from '../graph/nodes.js';
import type { Context } from './context.js';
import { MaxItems } from './list-bounds.js';
import { markNodes, Node, readTypedId } from './node.js';
import type { NodeSource } from './node-source.js';
import { NODE_SOURCES } from './node-sources.js';

/** The most ids one `nodes` call takes: a page's worth. */
export const MAX_NODE_IDS = 100;
/** Longer than any id we give out (two UUIDs and a type name). */
const MAX_ID_LENGTH = 200;

const TYPED = new Map(NODE_SOURCES.filter((source) => source.ids === 'typed').map((source) => [source.type, source]));
const BY_LABEL = new Map(NODE_SOURCES.flatMap((source) => (source.ids === 'typed' ? [] : [[source.ids.label, source] as const])));

function checkIds(field: string, ids: string[]): string[] {
  if (ids.length > MAX_NODE_IDS) throw badInput(field, `Ask for at most ${MAX_NODE_IDS} ids at once; got ${ids.length}.`);
  const long = ids.find((id) => id.length > MAX_ID_LENGTH);
  if (long !== undefined) throw badInput(field, `An id is at most ${MAX_ID_LENGTH} characters; this one has ${long.length}. Send ids as the API gave them.`);
  return ids;
}

/**
 * The objects with these ids the viewer may see, in the order asked (null for an id nobody
 * has, and for an object the viewer may not see: the two look the same). Typed ids go
 * straight to their type; the others are found by label in one look-up. Each type then
 * loads its ids in one batch, with its own visibility rules.
 */
async function loadNodes(ctx: Context, ids: string[]): Promise<Array<object | null>> {
  const wanted = new Map<NodeSource, Set<string>>();
  const want = (source: NodeSource | undefined, id: string) => {
    if (source) wanted.set(source, (wanted.get(source) ?? new Set()).add(id));
  };
  const untyped: string[] = [];
  for (const id of new Set(ids)) {
    const typed = readTypedId(id);
    if (typed) want(TYPED.get(typed.type), id);
    else untyped.push(id);
  }
  for (const [id, label] of await labelsOfIds(ctx.db, [...BY_LABEL.keys()], untyped)) want(BY_LABEL.get(label), id);
  const found = new Map<string, object>();
  await Promise.all(
    [...wanted].map(async ([source, sourceIds]) => {
      for (const value of markNodes(source.type, await source.load(ctx, [...sourceIds]))) found.set(value.id, value);
    }),
  );
  return ids.map((id) => found.get(id) ?? null);
}

@Resolver()
export class NodeResolver {
  @Authorized()
  @Query(() => Node, {
    nullable: true,
    description:
      'Any object with an id (Relay refetching, normalised caches), or null: for an id nobody has and for one you may not see alike, ' +
      'with the same rules as the type’s own queries (someone who blocked you is as if they did not exist).',
  })
  async node(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<object | null> {
    const [found] = await loadNodes(ctx, checkIds('id', [id]));
    return found ?? null;
  }

  @Authorized()
  @MaxItems(MAX_NODE_IDS)
  @Query(() => [Node], {
    nullable: 'items',
    description: `Many objects by id at once (at most ${MAX_NODE_IDS}), in the order asked; null where \`node(id:)\` would be null.`,
  })
  nodes(@Arg('ids', () => [ID]) ids: string[], @Ctx() ctx: Context): Promise<Array<object | null>> {
    return loadNodes(ctx, checkIds('ids', ids));
  }
}
