/**
 * Relay-style cursor connections. Cursors are opaque to clients: base64url of the sort
 * key of the last item, so a page boundary stays put while items are added before it.
 */
import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { badInput } from '../errors.js';
import { decodeCursor, encodeCursor, type CursorKey, type CursorKind, type PageRequest } from '../graph/cursors.js';

/** What reading a page needs of the request: the server's page size limit. */
interface PageLimits {
  app: { config: { maxPageSize: number } };
}

@ObjectType({ simpleResolvers: true, description: 'Where a page ends, and whether another follows.' })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` to get the next page.' })
  endCursor!: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface ConnectionShape<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
}

/** Declares `<Name>Connection` and `<Name>Edge` object types for a node type. */
export function ConnectionType<T extends object>(name: string, nodeType: ClassType<T>) {
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
  return Connection;
}

export const DEFAULT_PAGE_SIZE = 20;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `How many items, ${DEFAULT_PAGE_SIZE} by default; at most the server's MAX_PAGE_SIZE (100 by default).` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'The `endCursor` of the previous page.' })
  after?: string | null;
}


/** Validates `first` and `after` once for every list, against the server's page size limit. */
export function readPage(ctx: PageLimits, args: PageArgs, kind: CursorKind): PageRequest {
  const maxPageSize = ctx.app.config.maxPageSize;
  const first = args.first ?? Math.min(DEFAULT_PAGE_SIZE, maxPageSize);
  if (!Number.isInteger(first) || first < 0 || first > maxPageSize) {
    throw badInput('first', `\`first\` must be from 0 to ${maxPageSize}; got ${args.first}.`);
  }
  return { first, after: args.after ? decodeCursor(args.after, kind) : null };
}

/**
 * Builds a connection from up to `first + 1` rows (the extra row only tells whether
 * another page follows).
 */
export function toConnection<T>(rows: T[], page: PageRequest, keyOf: (row: T) => CursorKey): ConnectionShape<T> {
  const nodes = rows.slice(0, page.first);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > page.first, endCursor: edges.at(-1)?.cursor ?? null },
  };
}
