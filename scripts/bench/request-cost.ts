/**
 * The database hits of one whole GraphQL request, for each scenario: served by a Quanzi in
 * this process whose every Cypher statement runs under PROFILE (profilingDriver), one
 * request at a time, so what the running total grew by is that request's.
 */
import { loadConfig, type Config } from '../../src/config.js';
import type { Connection } from '../../src/db/connect.js';
import { Database } from '../../src/db/database.js';
import { createLogger } from '../../src/logger.js';
import { startServer } from '../../src/server.js';
import { PlanCost, profilingDriver } from '../lib/profiling-db.js';
import type { Scenario, Viewer } from './scenarios.js';
import { median } from './stats.js';

export interface RequestCost {
  db_hits_median: number;
  db_hits_max: number;
}

export async function requestCosts(
  connection: Connection,
  config: Config,
  serverEnv: Record<string, string>,
  scenarios: readonly Scenario[],
  viewers: readonly Viewer[],
): Promise<Record<string, RequestCost>> {
  // The candidate worker runs inline as in the measured server; it has nothing to do, since the
  // viewers' lists are up to date and no scenario changes a ranking (a recompute would otherwise
  // land in whichever request's total is open).
  const env = { ...process.env, ...serverEnv, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'production', SEED_DEMO: 'false' };
  const serverConfig = loadConfig(env);
  const cost = new PlanCost();
  const database = new Database(profilingDriver(connection.database.driver, cost), {
    database: config.neo4j.database,
    transactionTimeoutMs: config.neo4j.transactionTimeoutMs,
  });
  const server = await startServer({ config: serverConfig, database, log: createLogger({ ...serverConfig, logLevel: 'warn' }) });
  try {
    const costs: Record<string, RequestCost> = {};
    for (const scenario of scenarios) {
      const hits: number[] = [];
      for (const viewer of viewers) {
        const before = cost.dbHits;
        const response = await fetch(server.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${viewer.token}` },
          body: JSON.stringify(scenario.request(viewer)),
        });
        const answer = (await response.json()) as { errors?: unknown };
        if (answer.errors) throw new Error(`${scenario.name} fails under PROFILE: ${JSON.stringify(answer.errors)}`);
        hits.push(cost.dbHits - before);
      }
      costs[scenario.name] = { db_hits_median: median(hits), db_hits_max: Math.max(...hits) };
    }
    return costs;
  } finally {
    await server.close();
  }
}
