/**
 * npx tsx scripts/bench/candidate-freshness.ts [--quick] [--viewers N]
 *
 * How fresh stored candidate lists are after each kind of change, on the benchmark graph:
 * for N of the benchmark's viewers, one change of each kind is made as its mutation makes it
 * (the repository write, then the candidate mark and queue), and the time until the viewer's
 * stored list is up to date again is measured (the in-process queue and worker, as the API
 * runs them by default). Every change is undone afterwards. Until then the viewer's pages are
 * ranked live (the list is marked) or skip what changed, so what a viewer sees is exact at
 * once: this is the time until pages come from the stored list again.
 * Uses the local `bench-100k` database (`bench-10k` with --quick), or NEO4J_URI.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { block, unblock } from '../../src/blocks/blocks.repository.js';
import { loadConfig } from '../../src/config.js';
import { sendRequest, withdrawRequest } from '../../src/connections/connections.repository.js';
import { connectDatabase } from '../../src/db/connect.js';
import { migrate } from '../../src/db/migrations.js';
import { replaceInterests } from '../../src/interests/interests.repository.js';
import { createLogger } from '../../src/logger.js';
import { ScoreVisibility } from '../../src/privacy/credit-bands.js';
import { MemoryQueue } from '../../src/recommendations/candidates.queue.js';
import { recomputeCandidateList } from '../../src/recommendations/candidates.repository.js';
import { createCandidateLists } from '../../src/recommendations/candidates.service.js';
import { updateProfile } from '../../src/users/users.repository.js';
import { benchConfig, benchInstance } from '../dataset/bench-config.js';
import { benchViewers } from './scenarios.js';
import { median } from './stats.js';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, viewers: { type: 'string', default: '20' } } });
const config = benchConfig(loadConfig());
const log = createLogger({ ...config, logLevel: 'warn' });
const connection = await connectDatabase(config, log, benchInstance(values.quick ? 10_000 : 100_000));
const everyone = { interest: null, minBandRank: -1 };
const page = { first: 20, after: null };

try {
  await migrate(connection.database);
  const db = connection.database.forRequest();
  const lists = createCandidateLists({ ...config, candidates: { ...config.candidates, worker: 'inline' } }, connection.database, log, new MemoryQueue(log));
  const viewers = await benchViewers(db, Number(values.viewers));
  const times: Record<string, number[]> = {};
  const timed = async (kind: string, change: () => Promise<void>) => {
    const started = performance.now();
    await change();
    await lists.drained(600_000);
    (times[kind] ??= []).push(performance.now() - started);
  };

  for (const viewer of viewers) {
    await recomputeCandidateList(db, viewer.id, config.candidates.listSize);
    const top = await lists.page(db, viewer.id, everyone, page);
    const [first, second] = top;
    if (!first || !second) continue;
    const mine = await db.read((q) => q.rows<{ slug: string }>('MATCH (:User {id: $id})-[:INTERESTED_IN]->(i:Interest) RETURN i.slug AS slug', { id: viewer.id }));
    const spare = await db.read((q) =>
      q.one<{ slug: string }>('MATCH (i:Interest) WHERE NOT EXISTS { (:User {id: $id})-[:INTERESTED_IN]->(i) } RETURN i.slug AS slug LIMIT 1', { id: viewer.id }),
    );
    const slugs = mine.map((row) => row.slug);

    await timed('new interest (own)', async () => {
      await replaceInterests(db, viewer.id, [...slugs, spare!.slug]);
      await lists.changed(db, { ids: [viewer.id], followersOf: [...slugs, spare!.slug] });
    });
    await replaceInterests(db, viewer.id, slugs);
    await lists.changed(db, { ids: [viewer.id], followersOf: [...slugs, spare!.slug] });
    await lists.drained(600_000);

    await timed('block', async () => {
      const targetId = await block(db, viewer.id, first.user.handle);
      await lists.changed(db, { ids: [viewer.id, targetId] });
    });
    await unblock(db, viewer.id, first.user.handle);
    await lists.changed(db, { ids: [viewer.id, first.user.id] });
    await lists.drained(600_000);

    await timed('connection request', async () => {
      const { row } = await sendRequest(db, viewer.id, second.user.handle, 'freshness', { perDay: 1_000_000, maxPendingIncoming: 1_000_000 });
      await lists.changed(db, { ids: [row.fromId, row.toId] });
    });
    await withdrawRequest(db, viewer.id, second.user.handle);
    await lists.changed(db, { ids: [viewer.id, second.user.id] });
    await lists.drained(600_000);

    // Nobody's list is marked: the viewer's next page finds the band moved, ranks live and queues the list.
    const visibility = first.user.scoreVisibility ?? ScoreVisibility.BAND_ONLY;
    const other = visibility === ScoreVisibility.PRIVATE ? ScoreVisibility.PUBLIC : ScoreVisibility.PRIVATE;
    await timed('score visibility (a candidate\'s)', async () => {
      await updateProfile(db, first.user.id, { scoreVisibility: other });
      await lists.page(db, viewer.id, everyone, page);
    });
    await updateProfile(db, first.user.id, { scoreVisibility: visibility });
  }
  await lists.close();
  console.log(`candidate list freshness over ${viewers.length} viewers (list size ${config.candidates.listSize}): change made → stored list up to date`);
  for (const [kind, ms] of Object.entries(times)) {
    console.log(`  ${kind.padEnd(36)} median ${median(ms).toFixed(0)} ms, most ${Math.max(...ms).toFixed(0)} ms`);
  }
} finally {
  await connection.close();
}
