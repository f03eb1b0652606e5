/** What a graph of one size costs to hold: the local Neo4j's store on disk and its memory. */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../src/config.js';
import { instanceHome, readServerState } from '../../src/db/local/local-neo4j.js';
import { rssBytes } from './processes.js';

const MB = 2 ** 20;

/** Bytes of every file under `dir` (0 when it does not exist). */
export function directoryBytes(dir: string): number {
  let total = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? directoryBytes(full) : entry.isFile() ? statSync(full).size : 0;
  }
  return total;
}

export interface Neo4jFootprint {
  /** The store and its transaction logs, as on disk now. */
  store_mb: number;
  heap_mb_configured: number;
  page_cache_mb_configured: number;
  /** Resident memory of the Neo4j process, measured when this is called. */
  rss_mb: number;
}

/** The local instance's footprint; null when the benchmark runs against NEO4J_URI (not ours to measure). */
export function neo4jFootprint(config: Config, instance: string): Neo4jFootprint | null {
  if (config.neo4j.uri) return null;
  const home = instanceHome(config.dataDir, instance);
  const state = readServerState(home);
  return {
    store_mb: Math.round(directoryBytes(path.join(home, 'data')) / MB),
    heap_mb_configured: config.neo4j.localHeapMb,
    page_cache_mb_configured: config.neo4j.localPageCacheMb,
    rss_mb: state ? Math.round(rssBytes(state.pid) / MB) : Number.NaN,
  };
}
