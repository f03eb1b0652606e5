import type { Config } from '../../src/config.js';

/**
 * A bench-sized local database wants more memory and longer bulk transactions than the
 * development defaults; explicit environment settings still win.
 */
export function benchConfig(config: Config, env: Record<string, string | undefined> = process.env): Config {
  return {
    ...config,
    neo4j: {
      ...config.neo4j,
      localHeapMb: env.NEO4J_LOCAL_HEAP_MB ? config.neo4j.localHeapMb : 2048,
      localPageCacheMb: env.NEO4J_LOCAL_PAGECACHE_MB ? config.neo4j.localPageCacheMb : 2048,
      transactionTimeoutMs: env.NEO4J_TX_TIMEOUT_MS ? config.neo4j.transactionTimeoutMs : 600_000,
    },
  };
}
