import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { createDriver, Database } from './database.js';
import { ensureLocalNeo4j, type LocalNeo4j, type LocalNeo4jOptions } from './local/local-neo4j.js';

/** Preferred Bolt ports of the local instances; a busy port is swapped for a free one. */
const LOCAL_PORTS: Record<string, number> = { dev: 7687, test: 7697, bench: 7707 };

export function localNeo4jOptions(config: Config, instance: string): Omit<LocalNeo4jOptions, 'log'> {
  return {
    dataDir: config.dataDir,
    instance,
    preferredPort: LOCAL_PORTS[instance] ?? 7717,
    keepRunning: config.neo4j.keepLocalRunning,
    transactionTimeoutMs: config.neo4j.transactionTimeoutMs,
    heapMb: config.neo4j.localHeapMb,
    pageCacheMb: config.neo4j.localPageCacheMb,
  };
}

export interface Connection {
  database: Database;
  /** The local server this process uses, when NEO4J_URI is unset. */
  local: LocalNeo4j | null;
  close(): Promise<void>;
}

/** Connects to NEO4J_URI, or to the project's own local Neo4j (started if needed). */
export async function connectDatabase(config: Config, log: Logger, instance = 'dev'): Promise<Connection> {
  const local = config.neo4j.uri
    ? null
    : await ensureLocalNeo4j({ ...localNeo4jOptions(config, instance), log: (message) => log.info(message) });
  const driver = createDriver({
    uri: local?.uri ?? config.neo4j.uri!,
    username: local?.username ?? config.neo4j.username,
    password: local?.password ?? config.neo4j.password,
    maxConnectionPoolSize: config.neo4j.maxConnectionPoolSize,
  });
  const database = new Database(driver, {
    database: config.neo4j.database,
    transactionTimeoutMs: config.neo4j.transactionTimeoutMs,
  });
  return {
    database,
    local,
    async close() {
      await database.close();
      await local?.stop();
    },
  };
}
