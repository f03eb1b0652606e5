/**
 * Two-way page windows (src/graph/paging.ts). The Cypher conditions are evaluated here as
 * JavaScript (they are only comparisons, AND, OR and parentheses), over every key of a small
 * list with ties, in every direction: a window must hold exactly the items strictly between
 * its cursors, read in the right order, and its probe exactly those at or past its start.
 */
import { describe, expect, it } from 'vitest';
import type { CursorKey, TwoWayPageRequest } from '../../src/graph/cursors.js';
import { ledBy, pageWindow, windowRead, type SortColumn } from '../../src/graph/paging.js';

type Row = Record<string, string | number>;

/** A Cypher condition of the window as a JavaScript predicate over `row` and the window's parameters. */
function predicate(condition: string, params: Record<string, unknown>): (row: Row) => boolean {
  const js = condition
    .replace(/(?:datetime|toInteger)\((\$\w+)\)/g, '$1')
    .replace(/ IS NOT NULL/g, ' != null')
    .replace(/ AND /g, ' && ')
    .replace(/ OR /g, ' || ')
    .replace(/ = /g, ' === ')
    .replace(/\$(\w+)/g, (_, name: string) => JSON.stringify(params[name]));
  return new Function('row', `return ${js};`) as (row: Row) => boolean;
}

/** Sorts rows by a Cypher ORDER BY text of the window. */
function sorter(order: string): (a: Row, b: Row) => number {
  const terms = order.split(', ').map((term) => {
    const [expr, direction] = term.split(' ');
    return { field: expr!.replace('row.', ''), sign: direction === 'DESC' ? -1 : 1 };
  });
  return (a, b) => {
    for (const { field, sign } of terms) {
      if (a[field]! < b[field]!) return -sign;
      if (a[field]! > b[field]!) return sign;
    }
    return 0;
  };
}

// Three columns with ties on the first two, in mixed directions, one of them a time.
const columns: SortColumn[] = [
  { expr: 'row.band', desc: true, whole: true },
  { expr: 'row.at', time: true },
  { expr: 'row.id', desc: true },
];
const rows: Row[] = [];
for (const band of [2, 1, 0]) for (const at of ['2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z']) for (const id of ['a', 'b']) rows.push({ band, at, id });
/** The list in its own order, by hand: band descending, time ascending, id descending. */
const listed = [...rows].sort(sorter('row.band DESC, row.at ASC, row.id DESC'));
const keyOf = (row: Row): CursorKey => [row.band!, row.at!, row.id!];

function read(page: TwoWayPageRequest) {
  const window = pageWindow(columns, page);
  const inWindow = predicate(window.within, window.params);
  const items = rows.filter(inWindow).sort(sorter(window.order)).slice(0, page.size + 1);
  const beyond = window.beyond === null ? [] : rows.filter(predicate(window.beyond, window.params)).sort(sorter(window.beyondOrder)).slice(0, 1);
  return { window, items, beyond };
}

describe('pageWindow', () => {
  const cut = [undefined, ...listed.keys()];

  it('holds exactly the items strictly between any two cursors, read from either end, plus one to tell more follow', () => {
    for (const a of cut) {
      for (const b of cut) {
        if (a !== undefined && b !== undefined && b <= a) continue;
        const expected = listed.slice(a === undefined ? 0 : a + 1, b === undefined ? listed.length : b);
        const after = a === undefined ? null : keyOf(listed[a]!);
        const before = b === undefined ? null : keyOf(listed[b]!);
        for (const size of [1, 3]) {
          expect(read({ size, backward: false, after, before }).items).toEqual(expected.slice(0, size + 1));
          expect(read({ size, backward: true, after, before }).items).toEqual([...expected].reverse().slice(0, size + 1));
        }
      }
    }
  });

  it('probes past the starting cursor, the cursor item included, nearest first; no probe without one', () => {
    for (const i of listed.keys()) {
      const key = keyOf(listed[i]!);
      expect(read({ size: 2, backward: false, after: key, before: null }).beyond).toEqual([listed[i]]);
      expect(read({ size: 2, backward: true, after: null, before: key }).beyond).toEqual([listed[i]]);
    }
    // A cursor whose item has gone still finds its neighbours, and nothing past the end.
    const gone: CursorKey = [1, '2026-01-15T00:00:00Z', 'z'];
    expect(read({ size: 2, backward: false, after: gone, before: null }).beyond).toEqual([listed[5]]);
    expect(read({ size: 2, backward: true, after: null, before: gone }).beyond).toEqual([listed[6]]);
    expect(read({ size: 2, backward: false, after: null, before: gone }).window.beyond).toBeNull();
    expect(read({ size: 2, backward: true, after: gone, before: null }).window.beyond).toBeNull();
  });

  it('keeps the leading column a plain range, with parameters named by prefix', () => {
    const window = pageWindow(columns.slice(1), { size: 4, backward: false, after: ['2026-01-01T00:00:00Z', 'a'], before: null }, 'x');
    expect(window.within).toBe('row.at >= datetime($xAfter0) AND (row.at > datetime($xAfter0) OR row.id < $xAfter1)');
    expect(window.order).toBe('row.at ASC, row.id DESC');
    expect(window.limit).toBe('$xLimit');
    expect(Object.keys(window.params).sort()).toEqual(['xAfter0', 'xAfter1', 'xLimit']);
    expect(ledBy('row.circleId', window.order)).toBe('row.circleId ASC, row.at ASC, row.id DESC');
    expect(ledBy('row.circleId', pageWindow(columns.slice(1), { size: 4, backward: true, after: null, before: null }).order)).toMatch(/^row.circleId DESC, row.at DESC/);
    expect(() => pageWindow(columns, { size: 1, backward: false, after: ['a'], before: null })).toThrow(/1 parts for a key of 3/);
  });
});

describe('windowRead', () => {
  const part = (p: { where: string; order: string; limit: string; beyond: string }) => `MATCH (row) WHERE ${p.where} RETURN row, ${p.beyond} AS beyond ORDER BY ${p.order} LIMIT ${p.limit}`;

  it('adds the probe as a second part of a UNION only when the page starts from a cursor', () => {
    const first = pageWindow(columns, { size: 2, backward: false, after: null, before: null });
    expect(windowRead(first, part)).toBe('MATCH (row) WHERE row.band IS NOT NULL RETURN row, false AS beyond ORDER BY row.band DESC, row.at ASC, row.id DESC LIMIT $pageLimit');
    const next = pageWindow(columns, { size: 2, backward: false, after: keyOf(listed[0]!), before: null });
    const [page, probe] = windowRead(next, part).split(/\s*UNION ALL\s*/);
    expect(page).toContain('false AS beyond');
    expect(probe).toMatch(/true AS beyond ORDER BY row.band ASC, row.at DESC, row.id ASC LIMIT 1$/);
  });
});
