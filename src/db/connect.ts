import { Neo4jError, type Driver } from 'neo4j-driver';
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
    preferredPort: config.neo4j.localPort ?? LOCAL_PORTS[instance] ?? 7717,
    fixedPort: config.neo4j.localPort !== undefined,
    keepRunning: config.neo4j.keepLocalRunning,
    transactionTimeoutMs: config.neo4j.transactionTimeoutMs,
    heapMb: config.neo4j.localHeapMb,
    pageCacheMb: config.neo4j.localPageCacheMb,
  };
}

/** NEO4J_URI names a server that cannot be used: the message says what to check. */
export class DatabaseUnreachableError extends Error {}

/** How long a start waits for NEO4J_URI to answer (a server started beside us may still be coming up). */
const REACH_WITHIN_MS = 10_000;

/** Fails with one paragraph saying what to check when NEO4J_URI does not answer or refuses the credentials. */
async function checkReachable(driver: Driver, config: Config): Promise<void> {
  const uri = config.neo4j.uri!;
  const deadline = Date.now() + REACH_WITHIN_MS;
  for (;;) {
    try {
      await driver.getServerInfo({ database: config.neo4j.database });
      return;
    } catch (error) {
      const code = error instanceof Neo4jError ? error.code : '';
      if (code.startsWith('Neo.ClientError.Security.')) {
        throw new DatabaseUnreachableError(
          `Neo4j at NEO4J_URI (${uri}) refused the credentials of NEO4J_USERNAME "${config.neo4j.username}". ` +
            'Check NEO4J_USERNAME and NEO4J_PASSWORD, or unset NEO4J_URI to use the local Neo4j Quanzi runs itself.',
        );
      }
      if (code.startsWith('Neo.ClientError.Database.') || Date.now() > deadline) {
        const reason = (error as Error).message.split('\n')[0]!.replace(/^Failed to connect to server\. .*Caused by: /, '');
        throw new DatabaseUnreachableError(
          `Quanzi cannot reach Neo4j at NEO4J_URI (${uri}), database "${config.neo4j.database}": ${reason}. ` +
            'Check that the server runs and that the address, port, scheme (bolt:// or neo4j://, +s for TLS) and ' +
            'NEO4J_DATABASE are right; or unset NEO4J_URI to use the local Neo4j Quanzi runs itself.',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
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
  if (!local) {
    await checkReachable(driver, config).catch(async (error: unknown) => {
      await driver.close();
      throw error;
    });
  }
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
