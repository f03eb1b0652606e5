/**
 * Relay-style cursor connections. Cursors are opaque to clients: base64url of the sort
 * key of the last item, so a page boundary stays put while items are added before it.
 */
import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { badInput } from '../errors.js';

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

export type CursorKey = Array<string | number | null>;

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** What each position of a cursor's shape accepts: s string, n number, d ISO date-time. */
const CURSOR_PARTS: Record<string, (part: unknown) => boolean> = {
  s: (part) => typeof part === 'string',
  n: (part) => typeof part === 'number' && Number.isFinite(part),
  d: (part) => typeof part === 'string' && ISO_DATE_TIME.test(part) && !Number.isNaN(Date.parse(part)),
};

/**
 * Reads a cursor back into its sort key, checking it has the shape this list uses
 * (one letter of CURSOR_PARTS per position); anything else is BAD_USER_INPUT.
 */
export function decodeCursor(cursor: string, shape: string): CursorKey {
  const invalid = () => badInput('after', 'The `after` cursor is not one this list gave out; start again without it.');
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const fits =
    Array.isArray(key) && key.length === shape.length && key.every((part, i) => CURSOR_PARTS[shape[i]!]?.(part) ?? false);
  if (!fits) throw invalid();
  return key as CursorKey;
}

export interface PageRequest {
  /** How many items the page holds. */
  first: number;
  /** The sort key to continue after, or null for the first page. */
  after: CursorKey | null;
}

/** Validates `first` and `after` once for every list. */
export function readPage(args: PageArgs, maxPageSize: number, cursorShape: string): PageRequest {
  const first = args.first ?? Math.min(DEFAULT_PAGE_SIZE, maxPageSize);
  if (!Number.isInteger(first) || first < 0 || first > maxPageSize) {
    throw badInput('first', `\`first\` must be from 0 to ${maxPageSize}; got ${args.first}.`);
  }
  return { first, after: args.after ? decodeCursor(args.after, cursorShape) : null };
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
