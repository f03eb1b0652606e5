/**
 * npm run dataset -- [--users 100000] [--seed 42] [--instance bench-100k]
 *
 * Loads a generated social graph (src/dataset/generate.ts) into a fresh database: with
 * NEO4J_URI unset, the local instance for that size (`bench-100k`, `bench-1m`…: apart from
 * `npm start`'s data and from the other sizes) is emptied and loaded; with NEO4J_URI set, that database must be empty. Every person's password is
 * "quanzi-bench-password". Prints the load time and the graph's size.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { connectDatabase } from '../src/db/connect.js';
import { createLogger } from '../src/logger.js';
import { benchConfig, benchInstance } from './dataset/bench-config.js';
import { loadDataset, progressPrinter } from './dataset/load.js';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '42' },
    instance: { type: 'string' },
  },
});
const users = Number(values.users);
const seed = Number(values.seed);
if (!Number.isInteger(users) || users < 10 || users > 5_000_000 || !Number.isInteger(seed)) {
  console.error('Usage: npm run dataset -- [--users 100000] [--seed 42] [--instance bench-100k]');
  process.exit(2);
}
const instance = values.instance ?? benchInstance(users);
const config = benchConfig(loadConfig(), users);
const connection = await connectDatabase(config, createLogger({ ...config, logLevel: 'warn' }), instance);
try {
  const summary = await loadDataset(connection, { users, seed, passwordHashCost: config.passwordHashCost, onProgress: progressPrinter() });
  console.log(
    `Loaded ${summary.users.toLocaleString('en')} people, ${summary.circles.toLocaleString('en')} circles, ` +
      `${summary.posts.toLocaleString('en')} posts, ${summary.creditRecords.toLocaleString('en')} credit records and ` +
      `${summary.totalRelationships.toLocaleString('en')} relationships in ${(summary.ms / 1000).toFixed(1)} s.`,
  );
  console.log(JSON.stringify(summary.relationships));
  console.log(`Seconds spent writing, by phase: ${Object.entries(summary.phaseMs).map(([phase, ms]) => `${phase} ${(ms / 1000).toFixed(1)}`).join(', ')}`);
  if (connection.local && !config.neo4j.keepLocalRunning) {
    console.log(`The ${instance} database stops with this command; run with NEO4J_KEEP_RUNNING=true to keep it up.`);
  }
} finally {
  await connection.close();
}
