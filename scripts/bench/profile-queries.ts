/**
 * npx tsx scripts/bench/profile-queries.ts [--users 100000 | --quick] [--viewers N]
 *
 * What the heaviest reads cost on the benchmark graph, under PROFILE: database hits of a
 * first page (median and most, over N of the benchmark's viewers), the time one client
 * waits for it without PROFILE, and where the hits go, by operator (query-cost.ts).
 * Recommendations are measured both ways: ranked live, and read from the viewers' stored
 * candidate lists (computed first, for these viewers; the time and hits one recompute takes
 * are printed too: with the queue's wait, it is how long a change takes to reach a list).
 * Uses the local instance that holds the graph of that size (`bench-100k`, `bench-10k` with
 * --quick), or NEO4J_URI; load the graph first (`npm run bench` or `npm run dataset`).
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../src/config.js';
import { connectDatabase } from '../../src/db/connect.js';
import { createLogger } from '../../src/logger.js';
import { migrate } from '../../src/db/migrations.js';
import { benchConfig, benchInstance } from '../dataset/bench-config.js';
import { computeCandidateLists, queryCosts } from './query-cost.js';
import { benchViewers } from './scenarios.js';

const { values } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, users: { type: 'string' }, viewers: { type: 'string', default: '50' } },
});
const users = Number(values.users ?? (values.quick ? 10_000 : 100_000));
if (!Number.isInteger(users) || users <= 0 || !(Number(values.viewers) > 0)) {
  console.error('Usage: npx tsx scripts/bench/profile-queries.ts [--users 100000 | --quick] [--viewers 50]');
  process.exit(2);
}
const config = benchConfig(loadConfig(), users);
const connection = await connectDatabase(config, createLogger({ ...config, logLevel: 'warn' }), benchInstance(users));

try {
  await migrate(connection.database);
  const db = connection.database.forRequest();
  const viewerIds = (await benchViewers(db, Number(values.viewers))).map((v) => v.id);
  if (viewerIds.length === 0) throw new Error('The benchmark graph is not loaded: run `npm run bench` or `npm run dataset` first.');
  await computeCandidateLists(db, viewerIds, config.candidates.listSize);
  for (const [name, cost] of Object.entries(await queryCosts(connection, config, viewerIds))) {
    console.log(
      `${name}: ${cost.viewers} viewers; db hits median ${cost.db_hits_median}, most ${cost.db_hits_max}; ` +
        `one client ${cost.one_client_ms_median} ms median, ${cost.one_client_ms_max} ms most`,
    );
    for (const { operator, hits_per_page } of cost.by_operator) console.log(`  ${hits_per_page.toLocaleString('en').padStart(8)} hits per page  ${operator}`);
  }
} finally {
  await connection.close();
}
