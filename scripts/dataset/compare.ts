/**
 * npx tsx scripts/dataset/compare.ts [--users 10000] [--seed 42] [--reuse]
 *
 * Proof that the offline importer (bulk-import.ts) loads the graph the transactional loader
 * writes: loads the same generated graph both ways into two local instances, then compares
 * every node and relationship (labels or type, ends, each property's value and stored type;
 * password hashes, salted per load, only for being there), the derived values' sums and
 * histograms, and what the benchmark's read scenarios answer a few viewers. Exits 1 on any
 * difference. --reuse skips a load when the instance already holds that graph (loaded by
 * this script: the timestamps count back from 1 January 2026).
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../src/config.js';
import { connectDatabase, type Connection } from '../../src/db/connect.js';
import type { Db } from '../../src/db/database.js';
import { createLogger } from '../../src/logger.js';
import { feed } from '../../src/posts/posts.repository.js';
import { recommendStrangers } from '../../src/recommendations/recommendations.repository.js';
import { benchViewers, CIRCLE_PAGE } from '../bench/scenarios.js';
import { benchConfig } from './bench-config.js';
import { bulkLoadDataset } from './bulk-import.js';
import { holdsDataset, loadDataset, progressPrinter, type Loader } from './load.js';

const { values } = parseArgs({
  options: { users: { type: 'string', default: '10000' }, seed: { type: 'string', default: '42' }, reuse: { type: 'boolean', default: false } },
});
const users = Number(values.users);
const seed = Number(values.seed);
const config = benchConfig(loadConfig(), users);
if (config.neo4j.uri || !Number.isInteger(users) || users < 10 || !Number.isInteger(seed)) {
  console.error('Usage (with NEO4J_URI unset: it compares two local instances): npx tsx scripts/dataset/compare.ts [--users 10000] [--seed 42] [--reuse]');
  process.exit(2);
}
const say = (message: string) => console.error(`[compare] ${message}`);
const connect = (instance: string) => connectDatabase(config, createLogger({ ...config, logLevel: 'warn' }), instance);
// Both loads lay their timestamps out from the same moment (--reuse keeps the first load's).
const options = { users, seed, now: new Date(Date.UTC(2026, 0, 1)), passwordHashCost: config.passwordHashCost, onProgress: progressPrinter() };

/** Loads the graph one way into its own instance (unless --reuse finds it there), and connects. */
async function loaded(loader: Loader): Promise<Connection> {
  const instance = `compare-${loader}-${users}`;
  let connection = await connect(instance);
  if (values.reuse && (await holdsDataset(connection, users, seed))) return connection;
  say(`loading ${users.toLocaleString('en')} people into ${instance} (${loader})…`);
  const started = Date.now();
  if (loader === 'transactional') await loadDataset(connection, options);
  else {
    await connection.close();
    await bulkLoadDataset(config, instance, options);
    connection = await connect(instance);
  }
  say(`${loader}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return connection;
}

/** Each property as `key:type=value`, sorted: a value stored as a float where the other has an integer differs. */
const PROPS = (e: string) =>
  `[k IN keys(${e}) | [k, valueType(${e}[k]), CASE WHEN k IN ['passwordHash', 'loadMs', 'generatedAt', 'appliedAt'] THEN '(varies per load)' ELSE ${e}[k] END]]`;
const key = (n: string) => `coalesce(${n}.id, ${n}.slug, toString(${n}.version), 'Dataset')`;

async function fingerprint(db: Db): Promise<Map<string, number>> {
  const rows = await db.read((q) =>
    q.rows<{ line: unknown[] }>(
      `MATCH (n) RETURN [labels(n), ${key('n')}, ${PROPS('n')}] AS line
       UNION ALL
       MATCH (a)-[r]->(b) RETURN [type(r), ${key('a')}, ${key('b')}, ${PROPS('r')}] AS line`,
    ),
  );
  const counts = new Map<string, number>();
  for (const { line } of rows) {
    const props = (line.at(-1) as unknown[][]).map((p) => JSON.stringify(p)).sort();
    const text = JSON.stringify([...line.slice(0, -1), props]);
    counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  return counts;
}

/** Counts per label and type, and the derived values' sums and histograms, side by side. */
const SUMMARY = `
  CALL () { MATCH (n) UNWIND labels(n) AS label WITH label, count(*) AS n ORDER BY label RETURN collect([label, n]) AS labels }
  CALL () { MATCH ()-[r]->() WITH type(r) AS type, count(*) AS n ORDER BY type RETURN collect([type, n]) AS types }
  CALL () { MATCH (u:User) WITH u.visibleBand AS band, count(*) AS n ORDER BY band RETURN collect([band, n]) AS visibleBands }
  CALL () { MATCH ()-[r:INTERESTED_IN]->() WITH r.band AS band, count(*) AS n ORDER BY band RETURN collect([band, n]) AS interestBands }
  CALL () { MATCH (u:User) RETURN sum(u.creditScore) AS creditScoreSum, count(u.creditObservedAt) AS currentScores, sum(u.notificationCount) AS notificationCounts }
  CALL () { MATCH (p:Post) RETURN sum(p.commentCount) AS commentCounts, sum(p.commentSeq) AS commentSeqs,
                                  reduce(s = [0, 0, 0, 0, 0, 0], x IN collect(p.reactionCounts) | [i IN range(0, size(s) - 1) | s[i] + coalesce(x[i], 0)]) AS reactionCounts }
  CALL () { MATCH (k:Comment) RETURN sum(k.liveReplies) AS liveReplies, sum(k.place) AS placeSum }
  CALL () { MATCH ()-[m:MEMBER_OF]->() RETURN count(m.disclosureAcknowledgedAt) AS consents, collect(DISTINCT m.role) AS roles }
  CALL () { MATCH (d:Dataset) RETURN [d.users, d.seed, d.version] AS dataset }
  RETURN *`;

/** JSON with each object's keys sorted: a map's key order is no part of the answer. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );

/** What the benchmark's read scenarios answer each of a few viewers (the same people on both), by scenario and viewer. */
async function scenarios(db: Db): Promise<Array<[string, string]>> {
  // A viewer's circles come in store order, which the two loaders lay out differently.
  const viewers = (await benchViewers(db, 5)).map((v) => ({ ...v, circles: [...v.circles].sort() }));
  const answers: Array<[string, string]> = [['viewers', JSON.stringify(viewers)]];
  for (const v of viewers) {
    answers.push([`feed of ${v.handle}`, canonical(await feed(db, v.id, { size: 20, backward: false, after: null, before: null }))]);
    answers.push([`recommendations for ${v.handle}`, canonical(await recommendStrangers(db, v.id, { interest: null, minBandRank: -1 }, { first: 20, after: null }))]);
    for (const slug of v.circles) answers.push([`circle page ${slug} for ${v.handle}`, canonical(await db.read((q) => q.rows(CIRCLE_PAGE, { viewerId: v.id, slug })))]);
  }
  return answers;
}

const bulk = await loaded('bulk');
const transactional = await loaded('transactional');
let differences = 0;
try {
  const [a, b] = [bulk.database.forRequest(), transactional.database.forRequest()];
  const [sa, sb] = [await a.read((q) => q.one(SUMMARY)), await b.read((q) => q.one(SUMMARY))];
  for (const field of Object.keys(sa ?? {})) {
    const same = JSON.stringify((sa as Record<string, unknown>)[field]) === JSON.stringify((sb as Record<string, unknown>)[field]);
    if (!same) differences++;
    console.log(`${same ? 'same' : 'DIFFERENT'}  ${field}: ${JSON.stringify((sa as Record<string, unknown>)[field])}${same ? '' : ` vs transactional ${JSON.stringify((sb as Record<string, unknown>)[field])}`}`);
  }

  const [fa, fb] = [await fingerprint(a), await fingerprint(b)];
  const only = (x: Map<string, number>, y: Map<string, number>) => [...x].filter(([line, n]) => (y.get(line) ?? 0) !== n).map(([line]) => line);
  const [onlyBulk, onlyTransactional] = [only(fa, fb), only(fb, fa)];
  const total = [...fa.values()].reduce((s, n) => s + n, 0);
  console.log(`${onlyBulk.length + onlyTransactional.length === 0 ? 'same' : 'DIFFERENT'}  every node and relationship with its properties: ${total.toLocaleString('en')} in bulk, ` +
    `${onlyBulk.length} only in bulk, ${onlyTransactional.length} only in transactional`);
  for (const line of onlyBulk.slice(0, 3)) console.log(`  only bulk: ${line}`);
  for (const line of onlyTransactional.slice(0, 3)) console.log(`  only transactional: ${line}`);
  differences += onlyBulk.length + onlyTransactional.length;

  const [ra, rb] = [await scenarios(a), await scenarios(b)];
  const differing = ra.filter(([label, answer], i) => rb[i]?.[0] !== label || rb[i]?.[1] !== answer);
  console.log(`${differing.length === 0 ? 'same' : 'DIFFERENT'}  feed, live recommendations and circle pages of 5 viewers: ${ra.length} answers, ${differing.length} differ`);
  for (const [label, answer] of differing.slice(0, 3)) {
    const other = rb.find(([l]) => l === label)?.[1] ?? '';
    const at = [...answer].findIndex((ch, i) => other[i] !== ch);
    console.log(`  ${label}: bulk …${answer.slice(Math.max(0, at - 80), at + 120)}…\n    transactional …${other.slice(Math.max(0, at - 80), at + 120)}…`);
  }
  differences += differing.length;
} finally {
  await bulk.close();
  await transactional.close();
}
console.log(differences === 0 ? `The two loaders loaded the same graph of ${users.toLocaleString('en')} people.` : `${differences} differences.`);
process.exit(differences === 0 ? 0 : 1);
