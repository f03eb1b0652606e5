import type { Config } from '../../src/config.js';

/**
 * The local Neo4j instance that holds the generated graph of `users` people: one per size
 * (`bench-10k`, `bench-100k`, `bench-1m`), so loading one size never empties another.
 */
export function benchInstance(users: number): string {
  if (users % 1_000_000 === 0) return `bench-${users / 1_000_000}m`;
  if (users % 1_000 === 0) return `bench-${users / 1_000}k`;
  return `bench-${users}`;
}

/** Memory per person of the generated graph: its store is about 5.5 KB a person on disk (5.3 GB at 1M). */
const PAGE_CACHE_KB_PER_USER = 6;
/** Bulk loads and the live ranking's band scans hold about this much heap per person at most. */
const HEAP_KB_PER_USER = 4;
const MIN_MB = 2048;
const MAX_HEAP_MB = 8192;

/**
 * A bench-sized local database wants more memory and longer bulk transactions than the
 * development defaults: the page cache sized to hold the store of a graph of `users` people
 * (a cold page cache would measure the disk, not the query), the heap to its bulk loads.
 * Explicit environment settings (NEO4J_LOCAL_HEAP_MB, NEO4J_LOCAL_PAGECACHE_MB,
 * NEO4J_TX_TIMEOUT_MS) still win.
 */
export function benchConfig(config: Config, users = 100_000, env: Record<string, string | undefined> = process.env): Config {
  const mb = (kbPerUser: number) => Math.max(MIN_MB, Math.ceil((users * kbPerUser) / 1024 / 256) * 256);
  return {
    ...config,
    neo4j: {
      ...config.neo4j,
      localHeapMb: env.NEO4J_LOCAL_HEAP_MB ? config.neo4j.localHeapMb : Math.min(MAX_HEAP_MB, mb(HEAP_KB_PER_USER)),
      localPageCacheMb: env.NEO4J_LOCAL_PAGECACHE_MB ? config.neo4j.localPageCacheMb : mb(PAGE_CACHE_KB_PER_USER),
      transactionTimeoutMs: env.NEO4J_TX_TIMEOUT_MS ? config.neo4j.transactionTimeoutMs : 600_000,
    },
  };
}
