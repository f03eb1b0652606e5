/** Loading a generated graph into an empty (or emptied) database: for `npm run dataset` and `npm run bench`. */
import { hashPassword } from '../../src/auth/passwords.js';
import type { Config } from '../../src/config.js';
import type { Connection } from '../../src/db/connect.js';
import { deleteAllData } from '../../src/db/maintenance.js';
import { migrate } from '../../src/db/migrations.js';
import { DATASET_VERSION, generateGraph, type DatasetSummary } from '../../src/seed/generate.js';

/**
 * How a graph is loaded: `bulk` through Neo4j's offline importer (bulk-import.ts: the local
 * instances only), `transactional` through batched UNWIND writes (any database, hours at a million people).
 */
export const LOADERS = ['bulk', 'transactional'] as const;
export type Loader = (typeof LOADERS)[number];
export const isLoader = (value: string): value is Loader => (LOADERS as readonly string[]).includes(value);
/** Bulk for the project's own instances; a database set by NEO4J_URI cannot be written offline. */
export const defaultLoader = (config: Pick<Config, 'neo4j'>): Loader => (config.neo4j.uri ? 'transactional' : 'bulk');

/** Every generated (non-demo) person's password. */
export const BENCH_PASSWORD = 'quanzi-bench-password';

export interface LoadOptions {
  users: number;
  seed: number;
  passwordHashCost: number;
  /** Timestamps are laid out backwards from here (default: now); two loads compared share one. */
  now?: Date;
  onProgress?: (phase: string, done: number, total: number) => void;
}

export interface LoadedDataset {
  users: number;
  seed: number;
  version: number;
  /** How long loading it took; null for graphs loaded before the loader recorded it. */
  loadMs: number | null;
}

/** The size, seed and generator version of the graph in the database, if the generator wrote it. */
export async function loadedDataset(connection: Connection): Promise<LoadedDataset | null> {
  const row = await connection.database.forRequest().read((q) =>
    q.one<LoadedDataset>('MATCH (d:Dataset) RETURN d.users AS users, d.seed AS seed, coalesce(d.version, 1) AS version, d.loadMs AS loadMs'),
  );
  return row ?? null;
}

/** Whether the database holds the graph the generator makes today for these users and seed. */
export async function holdsDataset(connection: Connection, users: number, seed: number): Promise<boolean> {
  const loaded = await loadedDataset(connection);
  return loaded?.users === users && loaded.seed === seed && loaded.version === DATASET_VERSION;
}

/**
 * Loads a generated graph. The project's own local database is emptied first; a
 * database you configured (NEO4J_URI) must already be empty.
 */
export async function loadDataset(connection: Connection, options: LoadOptions): Promise<DatasetSummary> {
  const db = connection.database.forRequest();
  if (connection.local) {
    await deleteAllData(connection.database);
  } else {
    const row = await db.read((q) => q.one<{ anyone: boolean }>('RETURN EXISTS { MATCH (:User) } AS anyone'));
    if (row?.anyone) throw new Error('The configured database already holds people; the generator writes into an empty database only.');
  }
  await migrate(connection.database);
  return generateGraph(connection.database, {
    users: options.users,
    seed: options.seed,
    now: options.now,
    passwordHash: await hashPassword(BENCH_PASSWORD, options.passwordHashCost),
    batchSize: 10_000,
    onProgress: options.onProgress,
  });
}

/** Prints progress on one line at a terminal, or every few seconds in a log. */
export function progressPrinter(stream: NodeJS.WriteStream = process.stderr) {
  let lastPhase = '';
  let lastDraw = 0;
  return (phase: string, done: number, total: number) => {
    const now = Date.now();
    if (phase === lastPhase && done < total && now - lastDraw < (stream.isTTY ? 200 : 10_000)) return;
    if (phase !== lastPhase && lastPhase && stream.isTTY) stream.write('\n');
    lastPhase = phase;
    lastDraw = now;
    const line = `${phase.padEnd(15)} ${done.toLocaleString('en').padStart(10)} / ${total.toLocaleString('en')}`;
    stream.write(stream.isTTY ? `\r${line}` : `${line}\n`);
    if (done >= total && stream.isTTY && phase === 'posts') stream.write('\n');
  };
}
