/**
 * A real Quanzi server for a test file: real HTTP and WebSocket on a free loopback port,
 * on the run's real Neo4j.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, inject } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { createDriver, Database } from '../../src/db/database.js';
import { createLogger } from '../../src/logger.js';
import { startServer, type QuanziServer } from '../../src/server.js';
import { GraphQLClient } from './client.js';

/** One secret for every server of a run, so tokens work across the servers of a test. */
export const TEST_JWT_SECRET = process.env.TEST_JWT_SECRET ?? (process.env.TEST_JWT_SECRET = randomBytes(32).toString('hex'));

export interface TestServer {
  server: QuanziServer;
  config: Config;
  database: Database;
  client: GraphQLClient;
  close(): Promise<void>;
}

export function testConfig(env: Record<string, string> = {}): Config {
  const neo4j = inject('neo4j');
  return loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    NEO4J_URI: neo4j.uri,
    NEO4J_USERNAME: neo4j.username,
    NEO4J_PASSWORD: neo4j.password,
    NEO4J_DATABASE: neo4j.database,
    JWT_SECRET: TEST_JWT_SECRET,
    // Cheaper hashing keeps sign-up-heavy tests quick; the scheme is the same.
    PASSWORD_HASH_COST: '11',
    DIAGNOSTICS: 'true',
    PLAYGROUND: 'false',
    // Every test signs people up and logs them in from 127.0.0.1; the rate-limit tests set their own.
    SIGNUPS_PER_ADDRESS_PER_HOUR: '100000',
    LOGINS_PER_ADDRESS_PER_MINUTE: '100000',
    FAILED_LOGINS_PER_HANDLE: '100000',
    FAILED_LOGINS_PER_HANDLE_ALL_ADDRESSES: '100000',
    POSTS_PER_USER_PER_MINUTE: '100000',
    MESSAGES_PER_USER_PER_MINUTE: '100000',
    REFRESHES_PER_ADDRESS_PER_MINUTE: '100000',
    SEARCHES_PER_USER_PER_MINUTE: '100000',
    CIRCLE_INVITATIONS_PER_USER_PER_HOUR: '100000',
    REPORTS_PER_USER_PER_HOUR: '100000',
    // …and open many sockets at once from 127.0.0.1; rate-limits.test.ts tests the cap.
    MAX_PENDING_SOCKETS_PER_ADDRESS: '100000',
    EDITS_PER_USER_PER_MINUTE: '100000',
    COMMENTS_PER_USER_PER_MINUTE: '100000',
    REACTIONS_PER_USER_PER_MINUTE: '100000',
    CIRCLES_PER_USER_PER_HOUR: '100000',
    ...env,
  });
}

export function testDatabase(config: Config): Database {
  const driver = createDriver({
    uri: config.neo4j.uri!,
    username: config.neo4j.username,
    password: config.neo4j.password,
    maxConnectionPoolSize: 20,
  });
  return new Database(driver, { database: config.neo4j.database, transactionTimeoutMs: config.neo4j.transactionTimeoutMs });
}

export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const config = testConfig(env);
  const database = testDatabase(config);
  const server = await startServer({ config, database, log: createLogger(config) });
  return {
    server,
    config,
    database,
    client: new GraphQLClient(server.url),
    async close() {
      await server.close();
      await database.close();
    },
  };
}

/**
 * A server for the tests of the calling file or describe block: started before them and
 * closed after them. The object returned is filled in when it starts.
 */
export function serverForTests(env: Record<string, string> = {}): TestServer {
  const test = {} as TestServer;
  beforeAll(async () => {
    Object.assign(test, await startTestServer(env));
  });
  afterAll(() => test.close?.());
  return test;
}
