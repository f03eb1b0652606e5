/**
 * npm run bench [-- --quick] [--users N] [--seconds S] [--concurrency C]
 *                [--subscribers 1000,5000,10000] [--no-subscriptions] [--out bench-results]
 *
 * Measures Quanzi against its floor and its peers, side by side in one run:
 *   - every scenario over HTTP (p50/p95/p99, requests/s at a fixed concurrency) beside the
 *     same data fetched by hand-written Cypher through neo4j-driver, and the Cypher
 *     round-trips per request as the server counts them;
 *   - `{ __typename }` against a bare Apollo Server 5;
 *   - nested reads (a profile, a circle page, a feed page, a list of circles) against the
 *     Neo4j GraphQL Library over the same database;
 *   - latency against concurrency;
 *   - graphql-ws delivery with many subscribers, on one instance and on two sharing Redis.
 * Uses (and loads if needed) the local `bench` database, or NEO4J_URI. Load comes from
 * this process and a forked subscriber process, never the server's; everything runs on
 * 127.0.0.1 and every loop is bounded in time. Writes a JSON summary and SVG charts;
 * the last line printed is the summary's path.
 */
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { TokenService } from '../src/auth/tokens.js';
import { loadConfig, projectRoot } from '../src/config.js';
import { connectDatabase } from '../src/db/connect.js';
import { createLogger } from '../src/logger.js';
import { lineChart } from './bench/charts.js';
import { httpLoad } from './bench/http-load.js';
import { compareNestedReads } from './bench/nested-reads.js';
import { benchServerEnv, startBareApollo, startLibraryPeer, startQuanzi, type ServerProcess } from './bench/processes.js';
import { closedLoop } from './bench/raw-load.js';
import { benchViewers, SCENARIOS, TRIVIAL, type Viewer } from './bench/scenarios.js';
import { removeRunPosts } from './bench/clean-up.js';
import { median } from './bench/stats.js';
import { machine } from './bench/summary.js';
import { runSubscriptions, subscriptionFixtures, type SubscriptionRunResult } from './bench/subscriptions.js';
import { benchConfig } from './dataset/bench-config.js';
import { holdsDataset, loadDataset, progressPrinter } from './dataset/load.js';
import { startRedis } from './lib/redis-server.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    users: { type: 'string' },
    seconds: { type: 'string' },
    concurrency: { type: 'string', default: '8' },
    subscribers: { type: 'string' },
    'no-subscriptions': { type: 'boolean', default: false },
    out: { type: 'string', default: 'bench-results' },
  },
});
const quick = values.quick!;
const plan = {
  users: Number(values.users ?? (quick ? 10_000 : 100_000)),
  seconds: Number(values.seconds ?? (quick ? 5 : 20)),
  concurrency: Number(values.concurrency),
  sweep: quick ? [1, 4, 8, 16] : [1, 2, 4, 8, 16, 32],
  warmup: quick ? 5 : 15,
  subscriberCounts: (values.subscribers ?? (quick ? '250,500,1000' : '1000,5000,10000')).split(',').map(Number),
  postsPerSecond: quick ? 10 : 20,
  postingSeconds: quick ? 5 : 15,
  seed: 42,
};
if (![plan.users, plan.seconds, plan.concurrency, ...plan.subscriberCounts].every((n) => Number.isInteger(n) && n > 0)) {
  console.error('Usage: npm run bench -- [--quick] [--users N] [--seconds S] [--concurrency C] [--subscribers 1000,5000] [--no-subscriptions]');
  process.exit(2);
}

const say = (message: string) => console.error(`[bench] ${message}`);
const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
const runStarted = Date.now();
const config = benchConfig(loadConfig());
// Quick runs keep their smaller graph in an instance of their own, so the full graph stays loaded.
const connection = await connectDatabase(config, createLogger({ ...config, logLevel: 'warn' }), quick ? 'bench-quick' : 'bench');
const servers: ServerProcess[] = [];
let redis: Awaited<ReturnType<typeof startRedis>> = null;

try {
  if (!(await holdsDataset(connection, plan.users, plan.seed))) {
    say(`loading a generated graph of ${plan.users.toLocaleString('en')} people…`);
    const summary = await loadDataset(connection, { users: plan.users, seed: plan.seed, passwordHashCost: config.passwordHashCost, onProgress: progressPrinter() });
    say(`loaded ${summary.totalRelationships.toLocaleString('en')} relationships in ${(summary.ms / 1000).toFixed(1)} s`);
  }
  const db = connection.database.forRequest();
  const graph = await db.read((q) =>
    q.one<{ users: number; relationships: number; posts: number; neo4j: string }>(
      `CALL dbms.components() YIELD versions
       RETURN COUNT { (:User) } AS users, COUNT { ()-[]->() } AS relationships, COUNT { (:Post) } AS posts, versions[0] AS neo4j`,
    ),
  );

  const secret = randomBytes(32).toString('hex');
  const tokens = new TokenService({ secrets: [secret], ttlSeconds: 6 * 3600, issuer: config.jwt.issuer, audience: config.jwt.audience });
  const viewers: Viewer[] = (await benchViewers(db, 200)).map((v) => ({ ...v, token: tokens.issueForUser(v.id, randomUUID()).token }));
  let turn = 0;
  const nextViewer = () => viewers[turn++ % viewers.length]!;

  const serverEnv = {
    ...benchServerEnv(connection, config, secret),
    // The benchmark measures throughput: 200 people posting flat out are not abuse here.
    POSTS_PER_USER_PER_MINUTE: '100000', // the configured ceiling
    // The subscriber process connects 250 sockets at a time, all from this machine.
    MAX_PENDING_SOCKETS_PER_ADDRESS: '100000',
  };
  say('starting Quanzi (production mode)…');
  const api = await startQuanzi(serverEnv);
  servers.push(api);

  const send = async (viewer: Viewer, body: object) => {
    const response = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${viewer.token}` },
      body: JSON.stringify(body),
    });
    return (await response.json()) as { errors?: unknown; extensions?: { cypher?: { roundTrips: number } } };
  };
  const specFor = (scenario: (typeof SCENARIOS)[number]) => () => {
    const viewer = nextViewer();
    return { body: JSON.stringify(scenario.request(viewer)), headers: { authorization: `Bearer ${viewer.token}` } };
  };

  const scenarios: Record<string, unknown> = {};
  for (const scenario of SCENARIOS) {
    say(`${scenario.name}: checking, warming up, then API and raw Cypher at concurrency ${plan.concurrency} for ${plan.seconds}s each`);
    const trips: number[] = [];
    for (let i = 0; i < 10; i++) {
      const viewer = nextViewer();
      const answer = await send(viewer, scenario.request(viewer));
      if (answer.errors) throw new Error(`${scenario.name} fails: ${JSON.stringify(answer.errors)}`);
      trips.push(answer.extensions?.cypher?.roundTrips ?? Number.NaN);
    }
    // Warm both paths (Neo4j's JIT and page cache, Node's JIT) before measuring either.
    await httpLoad(api.url, plan.concurrency, plan.warmup, specFor(scenario));
    if (scenario.raw) await closedLoop(plan.concurrency, plan.warmup, () => scenario.raw!(connection.database.forRequest(), nextViewer()));
    const apiResult = await httpLoad(api.url, plan.concurrency, plan.seconds, specFor(scenario));
    const raw = scenario.raw ? await closedLoop(plan.concurrency, plan.seconds, () => scenario.raw!(connection.database.forRequest(), nextViewer())) : null;
    scenarios[scenario.name] = {
      api: apiResult,
      raw,
      cypher_per_request: median(trips),
      api_over_raw_p50: raw ? ratio(apiResult.p50_ms, raw.p50_ms) : null,
    };
    say(`  api p50 ${apiResult.p50_ms} ms, p95 ${apiResult.p95_ms} ms, ${apiResult.rps} req/s` + (raw ? `; raw p50 ${raw.p50_ms} ms` : ''));
  }

  say(`trivial { __typename }: Quanzi, then a bare Apollo Server 5`);
  // The same fixed request both ways (Quanzi's carries a token, as every client's does), so the
  // load generator does equal work for each server.
  const trivialRequest = { body: JSON.stringify(TRIVIAL), headers: { authorization: `Bearer ${viewers[0]!.token}` } };
  const trivialSpec = () => trivialRequest;
  // A fresh instance as the bare server is fresh, with diagnostics off as in production.
  const plain = await startQuanzi({ ...serverEnv, DIAGNOSTICS: 'false' });
  await httpLoad(plain.url, plan.concurrency, Math.min(3, plan.seconds), trivialSpec);
  const trivialApi = await httpLoad(plain.url, plan.concurrency, plan.seconds, trivialSpec);
  await plain.stop();
  const bare = await startBareApollo();
  await httpLoad(bare.url, plan.concurrency, Math.min(3, plan.seconds), trivialSpec);
  const bareResult = await httpLoad(bare.url, plan.concurrency, plan.seconds, trivialSpec);
  await bare.stop();
  scenarios.trivial = { api: trivialApi, bare_apollo: bareResult, api_over_bare_rps: ratio(trivialApi.rps, bareResult.rps) };
  say(`  Quanzi ${trivialApi.rps} req/s, bare Apollo ${bareResult.rps} req/s`);

  say(`nested reads: Quanzi and the Neo4j GraphQL Library over the same database, ${plan.concurrency} clients, rounds taken in turn`);
  const library = await startLibraryPeer(serverEnv);
  servers.push(library);
  const nested = await compareNestedReads(api.url, library.url, viewers, { rounds: 5, seconds: Math.max(2, Math.round(plan.seconds / 4)), concurrency: plan.concurrency, shapes: [] }, say);
  await library.stop();

  say(`latency against concurrency (${plan.sweep.join(', ')})`);
  const sweep: Record<string, Array<{ concurrency: number; p50_ms: number; p95_ms: number; rps: number }>> = {};
  for (const name of ['recommendations', 'feed']) {
    const scenario = SCENARIOS.find((s) => s.name === name)!;
    sweep[name] = [];
    for (const c of plan.sweep) {
      const result = await httpLoad(api.url, c, Math.max(2, Math.round(plan.seconds / 2)), specFor(scenario));
      sweep[name].push({ concurrency: c, p50_ms: result.p50_ms, p95_ms: result.p95_ms, rps: result.rps });
    }
  }

  let subscriptions: SubscriptionRunResult[] = [];
  let scaleOut: SubscriptionRunResult | null = null;
  if (!values['no-subscriptions']) {
    const most = Math.max(...plan.subscriberCounts);
    const fixtures = await subscriptionFixtures(db, Math.max(10, Math.ceil(most / 100)), most);
    const circles = fixtures.circles.map((c) => ({ slug: c.slug, authorToken: tokens.issueForUser(c.authorId, randomUUID()).token }));
    const subscriberTokens = fixtures.subscriberIds.map((id) => tokens.issueForUser(id, randomUUID()).token);
    for (const count of plan.subscriberCounts) {
      say(`subscriptions: ${count.toLocaleString('en')} subscribers on one instance, ${plan.postsPerSecond} posts/s for ${plan.postingSeconds}s`);
      // A fresh instance for each count, so its memory growth is the subscribers' alone.
      const live = await startQuanzi(serverEnv);
      servers.push(live);
      const result = await runSubscriptions({
        servers: [live],
        subscriberTokens,
        circles: circles.slice(0, Math.max(10, Math.ceil(count / 100))),
        subscribers: count,
        postsPerSecond: plan.postsPerSecond,
        seconds: plan.postingSeconds,
      });
      subscriptions.push(result);
      await live.stop();
      say(`  delivered ${result.delivered}/${result.expected}, p50 ${result.p50_ms} ms, p99 ${result.p99_ms} ms, ${result.server_kb_per_subscriber} KB/subscriber`);
    }
    redis = await startRedis();
    if (redis) {
      say(`scale-out: two instances sharing Redis, ${most.toLocaleString('en')} subscribers split between them`);
      const pair = [await startQuanzi({ ...serverEnv, REDIS_URL: redis.url }), await startQuanzi({ ...serverEnv, REDIS_URL: redis.url })];
      servers.push(...pair);
      scaleOut = await runSubscriptions({
        servers: pair,
        subscriberTokens,
        circles: circles.slice(0, Math.max(10, Math.ceil(most / 100))),
        subscribers: most,
        postsPerSecond: plan.postsPerSecond,
        seconds: plan.postingSeconds,
      });
      say(`  delivered ${scaleOut.delivered}/${scaleOut.expected}, p99 ${scaleOut.p99_ms} ms`);
    } else {
      say('scale-out SKIPPED: redis-server is not installed (apt-get install redis-server)');
    }
  }

  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const outDir = path.resolve(projectRoot, values.out!, stamp);
  mkdirSync(outDir, { recursive: true });
  // One latency chart per scenario: on a shared axis the slow one flattens the fast one.
  const charts: Record<string, string> = {};
  for (const [name, rows] of Object.entries(sweep)) {
    charts[`latency_vs_concurrency_${name}`] = path.join(outDir, `latency-vs-concurrency-${name.replace(/_/g, '-')}.svg`);
    writeFileSync(
      charts[`latency_vs_concurrency_${name}`]!,
      lineChart({
        title: `${name}: API latency against concurrency (${plan.users.toLocaleString('en')} people)`,
        xLabel: 'concurrent clients',
        yLabel: 'latency (ms)',
        series: [
          { name: 'p50', points: rows.map((r) => [r.concurrency, r.p50_ms] as [number, number]) },
          { name: 'p95', points: rows.map((r) => [r.concurrency, r.p95_ms] as [number, number]) },
        ],
      }),
    );
  }
  charts.delivery_vs_subscribers = path.join(outDir, 'delivery-vs-subscribers.svg');
  writeFileSync(
    charts.delivery_vs_subscribers,
    lineChart({
      title: 'Subscription delivery latency against subscribers (one instance)',
      xLabel: 'subscribers',
      yLabel: 'createPost → event (ms)',
      series: [
        { name: 'p50', points: subscriptions.map((s) => [s.subscribers, s.p50_ms] as [number, number]) },
        { name: 'p99', points: subscriptions.map((s) => [s.subscribers, s.p99_ms] as [number, number]) },
      ],
    }),
  );

  const biggest = subscriptions.at(-1);
  const summary = {
    run: { quick, started: new Date(runStarted).toISOString(), minutes: Math.round((Date.now() - runStarted) / 600) / 100, concurrency: plan.concurrency, seconds_per_run: plan.seconds },
    machine: { ...machine(), neo4j: graph?.neo4j },
    dataset: { users: graph?.users, relationships: graph?.relationships, posts: graph?.posts, seed: plan.seed },
    scenarios,
    nested_reads: nested,
    sweep,
    subscriptions: biggest ? { ...biggest, runs: subscriptions } : null,
    scale_out: scaleOut,
    // Beside the summary, by file name: the folder can be moved or published as it is.
    charts: Object.fromEntries(Object.entries(charts).map(([name, file]) => [name, path.basename(file)])),
  };
  const file = path.join(outDir, 'summary.json');
  writeFileSync(file, JSON.stringify(summary, null, 2));
  console.log(file);
} finally {
  await Promise.allSettled(servers.map((server) => server.stop()));
  await redis?.stop();
  await removeRunPosts(connection.database, runStarted, say);
  await connection.close();
}
