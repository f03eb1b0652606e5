/**
 * Once per `npm test`: a real Neo4j for the whole run. With NEO4J_URI unset the
 * project's own `test` instance is started (data apart from `npm start`'s) and stopped
 * afterwards; with NEO4J_URI set that server is used, if it is empty or test-only.
 */
import 'reflect-metadata';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../src/config.js';
import { connectDatabase } from '../../src/db/connect.js';
import { deleteAllData } from '../../src/db/maintenance.js';
import { migrate } from '../../src/db/migrations.js';
import { createLogger } from '../../src/logger.js';

export interface TestDatabase {
  uri: string;
  username: string;
  password: string;
  database: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    neo4j: TestDatabase;
  }
}

/** Marks a database as the tests' own, so a later run may wipe it. */
const MARKER = 'QuanziTestDatabase';

export default async function setup(project: TestProject) {
  const config = loadConfig({ ...process.env, NODE_ENV: 'test' });
  const log = createLogger({ ...config, logLevel: 'info' });
  const started = Date.now();
  const connection = await connectDatabase(config, log, 'test');
  const { database } = connection;
  const db = database.forRequest();
  const state = await db.read((q) =>
    q.one<{ people: boolean; ours: boolean }>(
      `RETURN EXISTS { MATCH (:User) } AS people, EXISTS { MATCH (:${MARKER}) } AS ours`,
    ),
  );
  if (state?.people && !state.ours && config.neo4j.uri) {
    await connection.close();
    throw new Error(
      `NEO4J_URI (${config.neo4j.uri}) holds data the tests did not create; the tests delete everything, ` +
        'so point them at an empty database (or unset NEO4J_URI to use the project\'s own test instance).',
    );
  }
  await deleteAllData(database);
  await migrate(database);
  await db.write((q) => q.rows(`MERGE (:${MARKER})`));
  log.info(`Test database ready in ${Date.now() - started} ms`);

  project.provide('neo4j', {
    uri: connection.local?.uri ?? config.neo4j.uri!,
    username: connection.local?.username ?? config.neo4j.username,
    password: connection.local?.password ?? config.neo4j.password ?? '',
    database: config.neo4j.database,
  });
  return async () => {
    await connection.close();
  };
}
