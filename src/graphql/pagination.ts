/**
 * Relay-style cursor connections. Cursors are opaque to clients: base64url of the sort
 * key of the last item, so a page boundary stays put while items are added before it.
 */
import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { badInput } from '../errors.js';
import type { PageRow } from '../graph/paging.js';
import { decodeCursor, encodeCursor, type CursorKey, type CursorKind, type PageRequest, type TwoWayPageRequest } from '../graph/cursors.js';

/** What reading a page needs of the request: the server's page size limit. */
interface PageLimits {
  app: { config: { maxPageSize: number } };
}

@ObjectType({ simpleResolvers: true, description: 'Where a page starts and ends, and whether more come before and after it.' })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` to get the next page.' })
  endCursor!: string | null;

  @Field(() => Boolean, {
    description:
      'Whether items come before this page, exactly, whichever way you page. (`strangerRecommendations`, which pages forward only, always says false, as Relay allows.)',
  })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: "The first item's cursor: pass as `before` to get the page before." })
  startCursor!: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface ConnectionShape<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
}

/**
 * A connection's `totalCount`, computed only when asked for (graphql-js calls a function
 * property as the field's resolver). Only for lists whose count is kept or index-backed:
 * never one that reads every item.
 */
export type CountedConnection<T> = ConnectionShape<T> & { totalCount: () => Promise<number> };

/**
 * Declares `<Name>Connection` and `<Name>Edge` object types for a node type; with
 * `totalCount` (its description: what is counted, and how it stays cheap), the connection
 * has that field too.
 */
export function ConnectionType<T extends object>(name: string, nodeType: ClassType<T>, totalCount?: string) {
  @ObjectType(`${name}Edge`, { simpleResolvers: true })
  class EdgeType {
    @Field(() => String)
    cursor!: string;

    @Field(() => nodeType)
    node!: T;
  }

  @ObjectType(`${name}Connection`, { simpleResolvers: true })
  class Connection {
    @Field(() => [EdgeType])
    edges!: EdgeType[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;
  }
  if (totalCount) Field(() => Int, { description: totalCount })(Connection.prototype, 'totalCount');
  return Connection;
}

export const DEFAULT_PAGE_SIZE = 20;

// Private: the cursors of a page's first and last items.
function edgesOf<T>(nodes: T[], keyOf: (row: T) => CursorKey) {
  const edges = nodes.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  return { edges, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null };
}

/**
 * Relay's four arguments, for lists that page both ways: `first`/`after` reads on from the
 * start (or a cursor), `last`/`before` reads back from the end (or a cursor).
 */
@ArgsType()
export class TwoWayPageArgs {
  @Field(() => Int, {
    nullable: true,
    description: `The first this many items (after \`after\`); at most the server's MAX_PAGE_SIZE (100 by default). Without \`first\` or \`last\`, a list gives its default page: the first ${DEFAULT_PAGE_SIZE} (messages: the last ${DEFAULT_PAGE_SIZE}).`,
  })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Items after this cursor (an `endCursor`).' })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: "The last this many items (before `before`); at most the server's MAX_PAGE_SIZE. Not with `first`." })
  last?: number | null;

  @Field(() => String, { nullable: true, description: 'Items before this cursor (a `startCursor`).' })
  before?: string | null;
}

/** A page size from the client: a whole number from 0 to the server's limit, or BAD_USER_INPUT naming the argument. */
function pageSize(field: 'first' | 'last', value: number, maxPageSize: number): number {
  if (!Number.isInteger(value) || value < 0 || value > maxPageSize) {
    throw badInput(field, `\`${field}\` must be from 0 to ${maxPageSize}; got ${value}.`);
  }
  return value;
}

/**
 * Validates Relay's four arguments: `first` or `last` (not both), each cursor checked.
 * Neither gives the list's default page (or, with only `before`, the page before it): DEFAULT_PAGE_SIZE from its start, or from its end
 * for a list a reader starts at the end of (`from: 'end'`: messages).
 */
export function readTwoWayPage(ctx: PageLimits, args: TwoWayPageArgs, kind: CursorKind, from: 'start' | 'end' = 'start'): TwoWayPageRequest {
  const maxPageSize = ctx.app.config.maxPageSize;
  const given = (value: number | null | undefined): value is number => value !== null && value !== undefined;
  if (given(args.first) && given(args.last)) throw badInput('last', 'Give `first` (from the start) or `last` (from the end), not both.');
  const fallback = Math.min(DEFAULT_PAGE_SIZE, maxPageSize);
  // Only a `before` cursor, with neither size, means the page just before it.
  const backward = given(args.last) || (!given(args.first) && (from === 'end' || (!!args.before && !args.after)));
  const size = backward ? pageSize('last', args.last ?? fallback, maxPageSize) : pageSize('first', args.first ?? fallback, maxPageSize);
  return {
    size,
    backward,
    after: args.after ? decodeCursor(args.after, kind, 'after') : null,
    before: args.before ? decodeCursor(args.before, kind, 'before') : null,
  };
}

/**
 * For a list that pages forward only: Relay's four arguments validated as every list's are,
 * then `last` or `before` refused with BAD_USER_INPUT saying `why`.
 */
export function readForwardPage(ctx: PageLimits, args: TwoWayPageArgs, kind: CursorKind, why: string): PageRequest {
  const page = readTwoWayPage(ctx, args, kind);
  const backwardArgument = args.before ? 'before' : args.last !== null && args.last !== undefined ? 'last' : null;
  if (backwardArgument) throw badInput(backwardArgument, `This list pages forward only (\`first\`/\`after\`): ${why}`);
  return { first: page.size, after: page.after };
}

/**
 * Builds a connection from up to `first + 1` rows (the extra row only tells whether
 * another page follows).
 */
export function toConnection<T>(rows: T[], page: PageRequest, keyOf: (row: T) => CursorKey): ConnectionShape<T> {
  const { edges, startCursor, endCursor } = edgesOf(rows.slice(0, page.first), keyOf);
  return { edges, pageInfo: { hasNextPage: rows.length > page.first, endCursor, hasPreviousPage: false, startCursor } };
}

/**
 * Builds a connection of a two-way page from up to `size + 1` rows in the order they were
 * read: from the start of the range, or from its end (newest first) when paging backward,
 * in which case the page is turned round so its edges run in the list's order. The extra
 * row says whether more lie on the side read towards; `beyondCursor` says whether any lie
 * on the other side, past the cursor the page started from.
 */
export function toTwoWayConnection<T>(rows: T[], page: TwoWayPageRequest, keyOf: (row: T) => CursorKey, beyondCursor: boolean): ConnectionShape<T> {
  const more = rows.length > page.size;
  const nodes = rows.slice(0, page.size);
  if (page.backward) nodes.reverse();
  const { edges, startCursor, endCursor } = edgesOf(nodes, keyOf);
  return {
    edges,
    pageInfo: page.backward
      ? { hasPreviousPage: more, hasNextPage: beyondCursor, startCursor, endCursor }
      : { hasNextPage: more, hasPreviousPage: beyondCursor, startCursor, endCursor },
  };
}

/** Builds the connection of a page read with `windowRead`: its items in reading order, and whether the probe found one past the cursor. */
export function toPageConnection<T>(rows: PageRow<T>[], page: TwoWayPageRequest, keyOf: (row: T) => CursorKey): ConnectionShape<T> {
  const items = rows.filter((row) => !row.beyond).map((row) => row.node);
  return toTwoWayConnection(items, page, keyOf, rows.some((row) => row.beyond));
}
