/**
 * npm run seed [-- --reset] [--users 300]
 *
 * Seeds the demo graph into the configured database (the local one when NEO4J_URI is
 * unset). Refuses a database that already has people unless --reset is given, which
 * deletes all data first.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadConfig, loadDotEnv } from '../src/config.js';
import { connectDatabase } from '../src/db/connect.js';
import { deleteAllData } from '../src/db/maintenance.js';
import { migrate } from '../src/db/migrations.js';
import { createLogger } from '../src/logger.js';
import { DEMO_LOGIN, DEMO_USERS, seedDemo } from '../src/seed/demo.js';

const { values } = parseArgs({
  options: { reset: { type: 'boolean', default: false }, users: { type: 'string', default: String(DEMO_USERS) } },
});
const users = Number(values.users);
if (!Number.isInteger(users) || users < 10 || users > 1_000_000) {
  console.error('--users must be a whole number from 10 to 1000000.');
  process.exit(2);
}
loadDotEnv();
const config = loadConfig();
if (values.reset && config.nodeEnv === 'production') {
  console.error('Refusing to --reset with NODE_ENV=production.');
  process.exit(2);
}
const log = createLogger(config);
const connection = await connectDatabase(config, log);
try {
  await migrate(connection.database);
  const db = connection.database.forRequest();
  const row = await db.read((q) => q.one<{ anyone: boolean }>('RETURN EXISTS { MATCH (:User) } AS anyone'));
  if (row?.anyone && !values.reset) {
    console.error('The database already has people in it. Run `npm run seed -- --reset` to delete everything and reseed.');
    process.exitCode = 1;
  } else {
    if (values.reset) await deleteAllData(connection.database);
    const summary = await seedDemo(connection.database, config, users);
    console.log(
      `Seeded ${summary.users} people, ${summary.circles} circles, ${summary.posts} posts and ` +
        `${summary.totalRelationships} relationships in ${(summary.ms / 1000).toFixed(1)} s.\n` +
        `Log in as "${DEMO_LOGIN.handle}" with password "${DEMO_LOGIN.password}".`,
    );
  }
} finally {
  await connection.close();
}
