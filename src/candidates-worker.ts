/**
 * The candidate worker as its own process (`npm run candidates:worker`): recomputes the
 * stranger-recommendation lists the API instances queue on the Redis Stream (REDIS_URL), and
 * sweeps for old and unfinished lists. Run API instances with CANDIDATE_WORKER=off then; run
 * as many workers as the queue needs (one consumer group: each change is handled once, and a
 * batch a stopped worker held is delivered again). CANDIDATE_WORKER_NAME names this worker in
 * the group; keep it stable across restarts so its unfinished batch comes straight back to it.
 */
import 'reflect-metadata';
import { hostname } from 'node:os';
import { ConfigError, loadConfig } from './config.js';
import { connectDatabase } from './db/connect.js';
import { migrate } from './db/migrations.js';
import { createLogger } from './logger.js';
import { RedisStreamQueue } from './recommendations/candidates.queue.js';
import { CandidateWorker } from './recommendations/candidates.worker.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config);
  if (!config.redisUrl) throw new ConfigError('the candidate worker needs REDIS_URL (the API instances queue changes there)');
  const connection = await connectDatabase(config, log);
  await migrate(connection.database);
  const consumer = process.env.CANDIDATE_WORKER_NAME || hostname();
  const queue = new RedisStreamQueue(config.redisUrl, log, { consumer });
  const worker = new CandidateWorker(connection.database, queue, log, config.candidates);
  worker.start();
  log.info({ consumer, listSize: config.candidates.listSize }, 'candidate worker running');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, ...worker.stats }, 'candidate worker stopping; an unfinished batch stays pending for the next start');
    worker.close();
    await queue.close();
    await connection.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? `The candidate worker cannot start: ${error.message}` : error);
  process.exit(1);
});
