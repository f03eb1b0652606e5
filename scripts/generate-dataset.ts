/**
 * npm run dataset -- [--users 100000] [--seed 42] [--instance bench] [--keep]
 *
 * Writes a generated social graph (src/dataset/generate.ts) into a fresh database: with
 * NEO4J_URI unset, the local `bench` instance (kept apart from `npm start`'s data) is
 * wiped and loaded; with NEO4J_URI set, that database must be empty. Every person's
 * password is "quanzi-bench-password". Prints the load time and the graph's size.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { hashPassword } from '../src/auth/passwords.js';
import { loadConfig } from '../src/config.js';
import { connectDatabase } from '../src/db/connect.js';
import { deleteAllData } from '../src/db/maintenance.js';
import { migrate } from '../src/db/migrations.js';
import { generateGraph } from '../src/dataset/generate.js';
import { createLogger } from '../src/logger.js';

export const BENCH_PASSWORD = 'quanzi-bench-password';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '42' },
    instance: { type: 'string', default: 'bench' },
  },
});
const users = Number(values.users);
const seed = Number(values.seed);
if (!Number.isInteger(users) || users < 10 || users > 5_000_000 || !Number.isInteger(seed)) {
  console.error('Usage: npm run dataset -- [--users 100000] [--seed 42] [--instance bench]');
  process.exit(2);
}
const config = loadConfig({
  ...process.env,
  // A bench-sized local database wants more memory than the development default.
  NEO4J_LOCAL_HEAP_MB: process.env.NEO4J_LOCAL_HEAP_MB ?? '2048',
  NEO4J_LOCAL_PAGECACHE_MB: process.env.NEO4J_LOCAL_PAGECACHE_MB ?? '2048',
  NEO4J_TX_TIMEOUT_MS: process.env.NEO4J_TX_TIMEOUT_MS ?? '600000',
});
const log = createLogger({ ...config, logLevel: 'warn' });
const connection = await connectDatabase(config, log, values.instance);
const interactive = process.stderr.isTTY;
try {
  const db = connection.database.forRequest();
  if (config.neo4j.uri) {
    const row = await db.read((q) => q.one<{ anyone: boolean }>('RETURN EXISTS { MATCH (:User) } AS anyone'));
    if (row?.anyone) throw new Error(`${config.neo4j.uri} already holds people; the generator writes into an empty database only.`);
  } else {
    await deleteAllData(connection.database);
  }
  await migrate(connection.database);
  let lastPhase = '';
  let lastDraw = 0;
  const summary = await generateGraph(connection.database, {
    users,
    seed,
    passwordHash: await hashPassword(BENCH_PASSWORD, config.passwordHashCost),
    batchSize: 10_000,
    onProgress: (phase, done, total) => {
      const now = Date.now();
      if (phase === lastPhase && done < total && now - lastDraw < (interactive ? 200 : 10_000)) return;
      if (phase !== lastPhase && lastPhase && interactive) process.stderr.write('\n');
      lastPhase = phase;
      lastDraw = now;
      const line = `${phase.padEnd(15)} ${done.toLocaleString('en').padStart(10)} / ${total.toLocaleString('en')}`;
      process.stderr.write(interactive ? `\r${line}` : `${line}\n`);
    },
  });
  if (interactive) process.stderr.write('\n');
  console.log(
    `Loaded ${summary.users.toLocaleString('en')} people, ${summary.circles.toLocaleString('en')} circles, ` +
      `${summary.posts.toLocaleString('en')} posts, ${summary.creditRecords.toLocaleString('en')} credit records and ` +
      `${summary.totalRelationships.toLocaleString('en')} relationships in ${(summary.ms / 1000).toFixed(1)} s.`,
  );
  console.log(JSON.stringify(summary.relationships));
  if (!config.neo4j.uri) {
    console.log(`The ${values.instance} database keeps running only while a process uses it; set NEO4J_KEEP_RUNNING=true to keep it up.`);
  }
} finally {
  await connection.close();
}
