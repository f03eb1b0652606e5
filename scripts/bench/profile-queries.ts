/**
 * npx tsx scripts/bench/profile-queries.ts [--quick] [--viewers N]
 *
 * What the heaviest reads cost on the benchmark graph, under PROFILE: database hits of a
 * first page (median and most, over N of the benchmark's viewers), the time one client
 * waits for it without PROFILE, and where the recommendations' hits go, by operator.
 * Recommendations are measured both ways: ranked live, and read from the viewers' stored
 * candidate lists (computed first, for these viewers; the time and hits one recompute takes
 * are printed too: with the queue's wait, it is how long a change takes to reach a list).
 * Uses the local `bench` database (`bench-quick` with --quick), or NEO4J_URI; load the
 * graph first (`npm run bench` or `npm run dataset`).
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../src/config.js';
import { connectDatabase } from '../../src/db/connect.js';
import type { Db } from '../../src/db/database.js';
import { createLogger } from '../../src/logger.js';
import { feed } from '../../src/posts/posts.repository.js';
import { migrate } from '../../src/db/migrations.js';
import { recomputeCandidateList, storedCandidatePage } from '../../src/recommendations/candidates.repository.js';
import { recommendStrangers } from '../../src/recommendations/recommendations.repository.js';
import { benchConfig } from '../dataset/bench-config.js';
import { PlanCost, profilingDb } from '../lib/profiling-db.js';
import { benchViewers } from './scenarios.js';
import { median } from './stats.js';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, viewers: { type: 'string', default: '50' } } });
const config = benchConfig(loadConfig());
const connection = await connectDatabase(config, createLogger({ ...config, logLevel: 'warn' }), values.quick ? 'bench-quick' : 'bench');
const page = { first: 20, after: null };
const twoWayPage = { size: 20, backward: false, after: null, before: null };
const LIST_SIZE = config.candidates.listSize;
const everyone = { interest: null, minBandRank: -1 };
const reads: Record<string, (db: Db, viewerId: string) => Promise<unknown>> = {
  'recommendations (live)': (db, id) => recommendStrangers(db, id, everyone, page),
  'recommendations (stored list)': async (db, id) => {
    if (!(await storedCandidatePage(db, id, everyone, page))) throw new Error(`no stored list for ${id}`);
  },
  'candidate list recompute': (db, id) => recomputeCandidateList(db, id, LIST_SIZE),
  feed: (db, id) => feed(db, id, twoWayPage),
};
const REPEATS = 3;

try {
  await migrate(connection.database);
  const db = connection.database.forRequest();
  const viewers = await benchViewers(db, Number(values.viewers));
  if (viewers.length === 0) throw new Error('The benchmark graph is not loaded: run `npm run bench` or `npm run dataset` first.');
  for (const viewer of viewers) await recomputeCandidateList(db, viewer.id, LIST_SIZE);
  for (const [name, read] of Object.entries(reads)) {
    const hits: number[] = [];
    const ms: number[] = [];
    const all = new PlanCost();
    for (const viewer of viewers) {
      const cost = new PlanCost();
      await read(profilingDb(connection.database.driver, config.neo4j.database, cost), viewer.id);
      hits.push(cost.dbHits);
      for (const [operator, n] of cost.byOperator) all.byOperator.set(operator, (all.byOperator.get(operator) ?? 0) + n);
      await read(db, viewer.id); // warm, then time
      const started = performance.now();
      for (let i = 0; i < REPEATS; i++) await read(db, viewer.id);
      ms.push((performance.now() - started) / REPEATS);
    }
    console.log(
      `${name}: ${viewers.length} viewers; db hits median ${median(hits)}, most ${Math.max(...hits)}; ` +
        `one client ${median(ms).toFixed(1)} ms median, ${Math.max(...ms).toFixed(1)} ms most`,
    );
    const heaviest = [...all.byOperator].sort((a, b) => b[1] - a[1]).slice(0, 8);
    for (const [operator, n] of heaviest) console.log(`  ${Math.round(n / viewers.length).toLocaleString('en').padStart(8)} hits per page  ${operator}`);
  }
} finally {
  await connection.close();
}
