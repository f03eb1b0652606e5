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
