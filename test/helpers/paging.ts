/**
 * Walks a connection through the public API both ways, with small pages, and checks what
 * any client may rely on: the forward walk (`first`/`after`) and the backward walk
 * (`last`/`before`) give the same items in the same order, without gaps or duplicates;
 * `hasPreviousPage`/`hasNextPage` are exact at both ends and in between; start and end
 * cursors are the page's own; a cursor from one walk pages the other way; and without
 * arguments the list gives its default page.
 */
import { expect } from 'vitest';
import type { GraphQLClient } from './client.js';

export interface PageArguments {
  first?: number;
  after?: string | null;
  last?: number;
  before?: string | null;
}

interface Page {
  edges: Array<{ cursor: string; node: { key: string } }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

export type FetchPage = (args: PageArguments) => Promise<Page>;

const argumentText = (args: PageArguments) =>
  Object.entries(args)
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([name, value]) => `${name}: ${JSON.stringify(value)}`)
    .join(', ');

/**
 * A page fetcher for a connection reached by `query`, whose `ARGS` placeholder takes the
 * page arguments (after any others, so write `posts(ARGS)` or `search(text: "x", ARGS)`)
 * and whose `NODE` placeholder is where the connection's selection goes. `key` is the
 * node field that names an item (an `id`, a `handle`, …); `path` leads from `data` to
 * the connection.
 */
export function pagesOf(client: GraphQLClient, token: string, query: string, path: string[], key = 'id'): FetchPage {
  return async (args) => {
    const text = query.replace('ARGS', argumentText(args)).replace(
      'NODE',
      `{ edges { cursor node { key: ${key} } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }`,
    );
    const result = await client.raw<Record<string, unknown>>({ query: text.replace(/\(\s*,\s*/, '(').replace(/\(\s*\)/, '') }, { token });
    expect(result.errors, `${text}: ${JSON.stringify(result.errors)}`).toBeUndefined();
    let at: unknown = result.data;
    for (const step of path) at = (at as Record<string, unknown>)[step];
    return at as Page;
  };
}

function checkPage(page: Page, size: number, where: string) {
  expect(page.edges.length, where).toBeLessThanOrEqual(size);
  expect(page.pageInfo.startCursor, `${where}: startCursor`).toBe(page.edges[0]?.cursor ?? null);
  expect(page.pageInfo.endCursor, `${where}: endCursor`).toBe(page.edges.at(-1)?.cursor ?? null);
}

/** Pages through the whole list from its start; returns the items' keys and their cursors. */
async function walkForward(fetch: FetchPage, size: number) {
  const keys: string[] = [];
  const cursors: string[] = [];
  let after: string | null = null;
  for (let n = 0; n < 100; n++) {
    const page = await fetch({ first: size, after });
    const where = `forward page ${n} (first: ${size})`;
    checkPage(page, size, where);
    expect(page.pageInfo.hasPreviousPage, `${where}: hasPreviousPage`).toBe(n > 0);
    keys.push(...page.edges.map((edge) => edge.node.key));
    cursors.push(...page.edges.map((edge) => edge.cursor));
    if (!page.pageInfo.hasNextPage) return { keys, cursors };
    expect(page.edges, `${where}: a page with more after it is full`).toHaveLength(size);
    after = page.pageInfo.endCursor;
  }
  throw new Error('the forward walk did not end');
}

/** Pages through the whole list from its end; returns the items' keys in the list's order. */
async function walkBackward(fetch: FetchPage, size: number) {
  const pages: string[][] = [];
  let before: string | null = null;
  for (let n = 0; n < 100; n++) {
    const page = await fetch({ last: size, before });
    const where = `backward page ${n} (last: ${size})`;
    checkPage(page, size, where);
    expect(page.pageInfo.hasNextPage, `${where}: hasNextPage`).toBe(n > 0);
    pages.unshift(page.edges.map((edge) => edge.node.key));
    if (!page.pageInfo.hasPreviousPage) return pages.flat();
    expect(page.edges, `${where}: a page with more before it is full`).toHaveLength(size);
    before = page.pageInfo.startCursor;
  }
  throw new Error('the backward walk did not end');
}

/**
 * Walks the list both ways with pages of `size` and checks they agree; `expected` (the
 * keys in the list's order) when the test knows them. Returns the keys in order.
 */
export async function expectBothWaysAgree(fetch: FetchPage, options: { size?: number; expected?: string[]; defaultSize?: number } = {}): Promise<string[]> {
  const size = options.size ?? 2;
  const forward = await walkForward(fetch, size);
  const backward = await walkBackward(fetch, size);
  expect(new Set(forward.keys).size, `no duplicates: ${forward.keys.join(' ')}`).toBe(forward.keys.length);
  expect(backward, 'the backward walk gives the forward walk’s items, in the same order').toEqual(forward.keys);
  if (options.expected) expect(forward.keys).toEqual(options.expected);
  expect(forward.keys.length, 'the list is long enough to need several pages both ways').toBeGreaterThan(size * 2);

  // A cursor from the middle, used both ways: the items just before and just after it.
  const middle = Math.floor(forward.keys.length / 2);
  const cursor = forward.cursors[middle]!;
  const before = await fetch({ last: size, before: cursor });
  expect(before.edges.map((edge) => edge.node.key)).toEqual(forward.keys.slice(middle - size, middle));
  expect(before.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: middle - size > 0 });
  const after = await fetch({ first: size, after: cursor });
  expect(after.edges.map((edge) => edge.node.key)).toEqual(forward.keys.slice(middle + 1, middle + 1 + size));
  expect(after.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: middle + 1 + size < forward.keys.length });
  // Between two cursors, from either end.
  const between = forward.keys.slice(1, -1);
  const range = { after: forward.cursors[0]!, before: forward.cursors.at(-1)! };
  expect((await fetch({ ...range, first: 100 })).edges.map((edge) => edge.node.key)).toEqual(between);
  expect((await fetch({ ...range, last: 100 })).edges.map((edge) => edge.node.key)).toEqual(between);

  // Without arguments: the list's default page, from its start.
  const standard = await fetch({});
  const defaultSize = options.defaultSize ?? 20;
  expect(standard.edges.map((edge) => edge.node.key)).toEqual(forward.keys.slice(0, defaultSize));
  expect(standard.pageInfo.hasPreviousPage).toBe(false);
  return forward.keys;
}
