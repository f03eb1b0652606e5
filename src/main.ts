/**
 * Bootstrap only: configuration → database (the local Neo4j when NEO4J_URI is unset) →
 * migrations → demo data on an empty database → server → wait for a signal → drain.
 */
import 'reflect-metadata';
import { loadConfig, loadDotEnv } from './config.js';
import { connectDatabase } from './db/connect.js';
import { migrate } from './db/migrations.js';
import { createLogger } from './logger.js';
import { DEMO_LOGIN, demoPlaygroundQuery, seedDemoIfEmpty } from './seed/demo.js';
import { startServer } from './server.js';
import { startupFailure } from './startup-failure.js';

async function main(): Promise<void> {
  const startedAt = Date.now();
  loadDotEnv();
  const config = loadConfig();
  const log = createLogger(config);
  const connection = await connectDatabase(config, log);
  const applied = await migrate(connection.database);
  if (applied.length > 0) log.info({ versions: applied }, 'applied database migrations');
  const seeded = config.seedDemo && (await seedDemoIfEmpty(connection.database, config, log));

  const server = await startServer({
    config,
    database: connection.database,
    log,
    playgroundQuery: config.seedDemo ? demoPlaygroundQuery() : undefined,
    warmPlayground: true,
  });
  log.info({ url: server.url, startupMs: Date.now() - startedAt }, `Quanzi is ready at ${server.url}`);
  if (config.playground) log.info(`Open ${server.url} in a browser for the GraphQL playground.`);
  if (config.seedDemo) {
    log.info(
      `${seeded ? 'Seeded a demo graph. ' : ''}Log in as a demo user: handle "${DEMO_LOGIN.handle}", password "${DEMO_LOGIN.password}".`,
    );
  }

  let stopping = false;
  const stop = async (signal: string) => {
    // A terminal's Ctrl-C reaches us twice (directly and relayed by tsx); draining is
    // bounded anyway, so later signals just wait for it.
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'draining: finishing in-flight requests, closing WebSockets');
    await server.close();
    await connection.close();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error) => {
  console.error(startupFailure(error));
  process.exit(1);
});
