/**
 * npm run dataset -- [--users 100000] [--seed 42] [--instance bench-100k] [--loader bulk|transactional]
 *
 * Loads a generated social graph (src/seed/generate.ts) into a fresh database: with
 * NEO4J_URI unset, the local instance for that size (`bench-100k`, `bench-1m`…: apart from
 * `npm start`'s data and from the other sizes) is replaced, by default through Neo4j's
 * offline importer (scripts/dataset/bulk-import.ts); with NEO4J_URI set, that database must
 * be empty and is written transactionally. Every person's password is
 * "quanzi-bench-password". Prints the load time and the graph's size.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { connectDatabase } from '../src/db/connect.js';
import { createLogger } from '../src/logger.js';
import { benchConfig, benchInstance } from './dataset/bench-config.js';
import { bulkLoadDataset } from './dataset/bulk-import.js';
import { defaultLoader, isLoader, loadDataset, progressPrinter } from './dataset/load.js';
import type { DatasetSummary } from '../src/seed/generate.js';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '42' },
    instance: { type: 'string' },
    loader: { type: 'string' },
  },
});
const users = Number(values.users);
const seed = Number(values.seed);
const config = benchConfig(loadConfig(), users);
const loader = values.loader ?? defaultLoader(config);
if (!Number.isInteger(users) || users < 10 || users > 5_000_000 || !Number.isInteger(seed) || !isLoader(loader) || (loader === 'bulk' && config.neo4j.uri)) {
  console.error(
    'Usage: npm run dataset -- [--users 100000] [--seed 42] [--instance bench-100k] [--loader bulk|transactional]\n' +
      '(bulk, the default for the local instances, uses the offline importer; a database set by NEO4J_URI takes transactional only.)',
  );
  process.exit(2);
}
const instance = values.instance ?? benchInstance(users);
const options = { users, seed, passwordHashCost: config.passwordHashCost, onProgress: progressPrinter() };
if (loader === 'bulk') report(await bulkLoadDataset(config, instance, options));
else {
  const connection = await connectDatabase(config, createLogger({ ...config, logLevel: 'warn' }), instance);
  try {
    report(await loadDataset(connection, options));
  } finally {
    await connection.close();
  }
}
if (!config.neo4j.uri && !config.neo4j.keepLocalRunning) {
  console.log(`The ${instance} database stops with this command; run with NEO4J_KEEP_RUNNING=true to keep it up.`);
}

function report(summary: DatasetSummary) {
  console.log(
    `Loaded ${summary.users.toLocaleString('en')} people, ${summary.circles.toLocaleString('en')} circles, ` +
      `${summary.posts.toLocaleString('en')} posts, ${summary.creditRecords.toLocaleString('en')} credit records and ` +
      `${summary.totalRelationships.toLocaleString('en')} relationships in ${(summary.ms / 1000).toFixed(1)} s.`,
  );
  console.log(JSON.stringify(summary.relationships));
  console.log(`Seconds spent, by phase (${loader} loader): ${Object.entries(summary.phaseMs).map(([phase, ms]) => `${phase} ${(ms / 1000).toFixed(1)}`).join(', ')}`);
}
