/**
 * DataLoader shapes used by every feature. Loaders live for one request (or one
 * subscription event), so their cache never serves another viewer or stale data.
 */
import DataLoader from 'dataloader';

/** One value (or null) per key, from a fetch that returns the found values in any order. */
export function keyedLoader<K, V>(fetch: (keys: readonly K[]) => Promise<V[]>, keyOf: (value: V) => K): DataLoader<K, V | null> {
  return new DataLoader<K, V | null>(async (keys) => {
    const byKey = new Map<K, V>();
    for (const value of await fetch(keys)) byKey.set(keyOf(value), value);
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/** A list of values per key (empty when none), from a fetch that returns (key, value) pairs. */
export function groupedLoader<K, V>(fetch: (keys: readonly K[]) => Promise<Array<{ key: K; value: V }>>): DataLoader<K, V[]> {
  return new DataLoader<K, V[]>(async (keys) => {
    const groups = new Map<K, V[]>(keys.map((key) => [key, []]));
    for (const { key, value } of await fetch(keys)) groups.get(key)?.push(value);
    return keys.map((key) => groups.get(key)!);
  });
}

/** A page of children for one parent: the key of a paged loader. */
export interface PagedKey<Page> {
  id: string;
  page: Page;
}

/**
 * Pages of children for many parents (a page of posts for each of twenty circles) in one
 * query per distinct page request, instead of one query per parent.
 */
export function pagedLoader<Page, V>(
  fetch: (ids: string[], page: Page) => Promise<Array<{ key: string; value: V }>>,
): DataLoader<PagedKey<Page>, V[], string> {
  return new DataLoader<PagedKey<Page>, V[], string>(
    async (keys) => {
      const groups = new Map<string, { page: Page; ids: Set<string> }>();
      for (const key of keys) {
        const signature = JSON.stringify(key.page);
        const group = groups.get(signature) ?? { page: key.page, ids: new Set<string>() };
        group.ids.add(key.id);
        groups.set(signature, group);
      }
      const results = new Map<string, V[]>();
      await Promise.all(
        [...groups].map(async ([signature, group]) => {
          for (const id of group.ids) results.set(`${id}|${signature}`, []);
          for (const { key, value } of await fetch([...group.ids], group.page)) results.get(`${key}|${signature}`)?.push(value);
        }),
      );
      return keys.map((key) => results.get(`${key.id}|${JSON.stringify(key.page)}`)!);
    },
    { cacheKeyFn: (key) => `${key.id}|${JSON.stringify(key.page)}` },
  );
}
