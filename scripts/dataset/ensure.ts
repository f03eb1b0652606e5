/** A connection to an instance holding the generated graph a benchmark wants, loaded first if need be. */
import type { Config } from '../../src/config.js';
import { connectDatabase, type Connection } from '../../src/db/connect.js';
import { createLogger } from '../../src/logger.js';
import type { DatasetSummary } from '../../src/seed/generate.js';
import { bulkLoadDataset } from './bulk-import.js';
import { defaultLoader, holdsDataset, loadDataset, type LoadOptions } from './load.js';

/**
 * Connects to `instance` (or NEO4J_URI); when it does not hold the graph of `options`, loads
 * it first, through the offline importer for a local instance (which needs the server
 * stopped, so the connection is made again after) and transactionally otherwise.
 */
export async function connectHoldingDataset(
  config: Config,
  instance: string,
  options: LoadOptions,
  loading: () => void,
): Promise<{ connection: Connection; summary: DatasetSummary | null }> {
  const connect = () => connectDatabase(config, createLogger({ ...config, logLevel: 'warn' }), instance);
  const connection = await connect();
  if (await holdsDataset(connection, options.users, options.seed)) return { connection, summary: null };
  loading();
  if (defaultLoader(config) === 'transactional') return { connection, summary: await loadDataset(connection, options) };
  await connection.close();
  const summary = await bulkLoadDataset(config, instance, options);
  return { connection: await connect(), summary };
}
