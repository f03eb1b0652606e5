/**
 * Reading a page of a list both ways, in Cypher: the range between two cursors, read from
 * its start or (backward) from its end, in the order of the list's own sort key, so each
 * page costs `size + 1` index entries in either direction. Every paged repository builds
 * its query from one `PageWindow`, so cursor comparisons over multi-part keys are written
 * (and tested) once.
 */
import { int } from '../db/database.js';
import type { CursorKey, TwoWayPageRequest } from './cursors.js';

/**
 * One column of a list's sort key: its Cypher expression, its direction in the list, and
 * whether it is a datetime (cursors hold ISO text) or a whole number (JSON numbers reach
 * Neo4j as floats; an integer keeps the comparison an exact index seek).
 */
export interface SortColumn {
  expr: string;
  desc?: boolean;
  time?: boolean;
  whole?: boolean;
}

/**
 * A page to read, as Cypher pieces. `within`: strictly between the cursors; `order`: the
 * reading order (the list's, or reversed when backward); `limit`: `size + 1` rows, the extra
 * one telling whether more follow. `beyond`: when the page starts from a cursor, the items
 * at or past it on the other side (one is enough: it tells whether a page lies there),
 * read nearest first in `beyondOrder`; null without such a cursor.
 */
export interface PageWindow {
  within: string;
  order: string;
  limit: string;
  beyond: string | null;
  beyondOrder: string;
  params: Record<string, unknown>;
}

type Side = 'after' | 'before';

/**
 * Whether a row lies past `key` towards `side` of the list's order, over the key's columns
 * from `from` on; `inclusive` lets the row equal the key. Written as "leading column at
 * least as far, and (further, or the rest decide)" so the leading column stays an index
 * range the planner can seek.
 */
function past(columns: readonly SortColumn[], names: readonly string[], side: Side, inclusive: boolean, from = 0): string {
  const column = columns[from]!;
  const value = column.time ? `datetime($${names[from]})` : column.whole ? `toInteger($${names[from]})` : `$${names[from]}`;
  const ascending = !column.desc === (side === 'after');
  const [strict, loose] = ascending ? ['>', '>='] : ['<', '<='];
  if (from === columns.length - 1) return `${column.expr} ${inclusive ? loose : strict} ${value}`;
  return `${column.expr} ${loose} ${value} AND (${column.expr} ${strict} ${value} OR ${past(columns, names, side, inclusive, from + 1)})`;
}

function orderOf(columns: readonly SortColumn[], reversed: boolean): string {
  return columns.map((column) => `${column.expr} ${!column.desc === !reversed ? 'ASC' : 'DESC'}`).join(', ');
}

function cursorParams(prefix: string, key: CursorKey): { names: string[]; params: Record<string, unknown> } {
  const names = key.map((_, i) => `${prefix}${i}`);
  return { names, params: Object.fromEntries(names.map((name, i) => [name, key[i]])) };
}

/**
 * The Cypher pieces of a two-way page over a list sorted by `columns`. Parameters are
 * named `<prefix>After0…`, `<prefix>Before0…` and `<prefix>Limit`, so two windows can share
 * a query.
 */
export function pageWindow(columns: readonly SortColumn[], page: TwoWayPageRequest, prefix = 'page'): PageWindow {
  const conditions: string[] = [];
  let params: Record<string, unknown> = { [`${prefix}Limit`]: int(page.size + 1) };
  const bounds: Partial<Record<Side, string[]>> = {};
  for (const side of ['after', 'before'] as const) {
    const key = page[side];
    if (!key) continue;
    if (key.length !== columns.length) throw new Error(`A ${side} cursor of ${key.length} parts for a key of ${columns.length} columns`);
    const named = cursorParams(`${prefix}${side === 'after' ? 'After' : 'Before'}`, key);
    conditions.push(past(columns, named.names, side, false));
    bounds[side] = named.names;
    params = { ...params, ...named.params };
  }
  const start: Side = page.backward ? 'before' : 'after';
  const startNames = bounds[start];
  return {
    // Without a cursor the leading column still bounds the read, so an index on it (or a
    // composite index ending in it) can serve the first page too.
    within: conditions.length ? conditions.join(' AND ') : `${columns[0]!.expr} IS NOT NULL`,
    order: orderOf(columns, page.backward),
    limit: `$${prefix}Limit`,
    beyond: startNames ? past(columns, startNames, page.backward ? 'after' : 'before', true) : null,
    beyondOrder: orderOf(columns, !page.backward),
    params,
  };
}

/**
 * `order` led by a column every row of the read shares (the equality part of a composite
 * index), in the direction of the order's first column: only an order that starts with the
 * index's own columns lets the planner walk the index from one end and stop after `limit`.
 */
export function ledBy(expr: string, order: string): string {
  const direction = order.split(', ')[0]!.split(' ').at(-1);
  return `${expr} ${direction}, ${order}`;
}

/** A row of a page read through `windowRead`: an item, or (`beyond`) the probe past the starting cursor. */
export interface PageRow<T> {
  node: T;
  beyond: boolean;
}

/** The parts of one read of a window: a condition, an order, a limit, and the `beyond` flag its rows carry. */
export interface WindowPart {
  where: string;
  order: string;
  limit: string;
  beyond: 'true' | 'false';
}

/**
 * The page and, when it starts from a cursor, the probe past that cursor, in one statement
 * (a UNION inside the caller's CALL): `read` writes one part, returning its rows with
 * `<part.beyond> AS beyond`, in `part.order`, at most `part.limit`.
 */
export function windowRead(window: PageWindow, read: (part: WindowPart) => string): string {
  const page = read({ where: window.within, order: window.order, limit: window.limit, beyond: 'false' });
  if (window.beyond === null) return page;
  return `${page}\n  UNION ALL\n  ${read({ where: window.beyond, order: window.beyondOrder, limit: '1', beyond: 'true' })}`;
}
