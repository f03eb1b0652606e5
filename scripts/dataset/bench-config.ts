import os from 'node:os';
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

/**
 * The generated graph's store (dataset version 2: posts, comments, reactions, their indexes)
 * takes about 25 KB a person on disk: 244 MB at 10,000 people, 2.4 GB at 100,000.
 */
const PAGE_CACHE_KB_PER_USER = 25;
/** Bulk loads and the live ranking's band scans hold about this much heap per person at most. */
const HEAP_KB_PER_USER = 4;
const MIN_MB = 2048;
const MAX_HEAP_MB = 8192;
/** The page cache never takes more than this share of the machine: the heap, the servers and the load generator need the rest. */
const MAX_PAGE_CACHE_SHARE = 0.5;

/**
 * A bench-sized local database wants more memory and longer bulk transactions than the
 * development defaults: the page cache sized to hold the store of a graph of `users` people
 * (a page cache too small measures the disk, not the query), up to half the machine's
 * memory (`machineMb`); the heap sized to its bulk loads. Explicit environment settings
 * (NEO4J_LOCAL_HEAP_MB, NEO4J_LOCAL_PAGECACHE_MB, NEO4J_TX_TIMEOUT_MS) still win.
 */
export function benchConfig(
  config: Config,
  users = 100_000,
  env: Record<string, string | undefined> = process.env,
  machineMb = os.totalmem() / 2 ** 20,
): Config {
  const mb = (kbPerUser: number) => Math.max(MIN_MB, Math.ceil((users * kbPerUser) / 1024 / 256) * 256);
  const pageCacheCap = Math.max(MIN_MB, Math.floor((machineMb * MAX_PAGE_CACHE_SHARE) / 256) * 256);
  return {
    ...config,
    neo4j: {
      ...config.neo4j,
      localHeapMb: env.NEO4J_LOCAL_HEAP_MB ? config.neo4j.localHeapMb : Math.min(MAX_HEAP_MB, mb(HEAP_KB_PER_USER)),
      localPageCacheMb: env.NEO4J_LOCAL_PAGECACHE_MB ? config.neo4j.localPageCacheMb : Math.min(pageCacheCap, mb(PAGE_CACHE_KB_PER_USER)),
      transactionTimeoutMs: env.NEO4J_TX_TIMEOUT_MS ? config.neo4j.transactionTimeoutMs : 600_000,
    },
  };
}
