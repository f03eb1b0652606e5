/**
 * npm run bench [-- --quick] [--users N | --users 10000,100000,1000000] [--seconds S] [--concurrency C]
 *                [--subscribers 1000,5000,10000] [--no-subscriptions] [--viewers 200] [--profile-viewers 20]
 *                [--out bench-results]
 *
 * Measures Quanzi against its floor and its peers, side by side in one run:
 *   - every scenario over HTTP (p50/p95/p99, requests/s at a fixed concurrency) beside the
 *     same data fetched by hand-written Cypher through neo4j-driver, the Cypher round-trips
 *     per request as the server counts them, and the database hits of a whole request
 *     under PROFILE;
 *   - recommendations' database work both from stored candidate lists and ranked live;
 *   - nested reads (a profile, a circle page, a list of circles; the feed on one size) against
 *     the Neo4j GraphQL Library over the same database;
 *   - what the graph costs to hold: load time, store on disk, Neo4j's and the server's memory;
 *   - on the largest graph: `{ __typename }` against a bare Apollo Server 5, latency against
 *     concurrency, graphql-ws delivery with many subscribers on one instance and on two sharing Redis.
 * Several sizes (a growth run) measure the same at each, smallest first, and chart cost against
 * graph size. Each size has a local Neo4j instance of its own (`bench-10k`, `bench-100k`,
 * `bench-1m`: loaded on first use through the offline importer, kept on disk, started only while measured), with memory
 * sized for it (dataset/bench-config.ts); or NEO4J_URI for one size. Load comes from this
 * process and a forked subscriber process, never the server's; everything runs on 127.0.0.1
 * and every loop is bounded in time. Writes a JSON summary and SVG charts; the last line
 * printed is the summary's path.
 */
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { TokenService } from '../src/auth/tokens.js';
import { loadConfig, projectRoot } from '../src/config.js';
import { connectDatabase } from '../src/db/connect.js';
import { lineChart, type ChartSpec } from './bench/charts.js';
import { neo4jFootprint } from './bench/footprint.js';
import { growthCharts } from './bench/growth-charts.js';
import { httpLoad } from './bench/http-load.js';
import { compareNestedReads } from './bench/nested-reads.js';
import { benchServerEnv, rssBytes, serverMemory, startBareApollo, startLibraryPeer, startQuanzi, type ServerProcess } from './bench/processes.js';
import { computeCandidateLists, queryCosts } from './bench/query-cost.js';
import { closedLoop } from './bench/raw-load.js';
import { requestCosts, type RequestCost } from './bench/request-cost.js';
import { benchViewers, SCENARIOS, TRIVIAL, type Viewer } from './bench/scenarios.js';
import { removeRunPosts } from './bench/clean-up.js';
import { median } from './bench/stats.js';
import { machine } from './bench/summary.js';
import { runSubscriptions, subscriptionFixtures, type SubscriptionRunResult } from './bench/subscriptions.js';
import { benchConfig, benchInstance } from './dataset/bench-config.js';
import { connectHoldingDataset } from './dataset/ensure.js';
import { loadedDataset, progressPrinter } from './dataset/load.js';
import { startRedis } from './lib/redis-server.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    users: { type: 'string' },
    seconds: { type: 'string' },
    concurrency: { type: 'string', default: '8' },
    subscribers: { type: 'string' },
    'no-subscriptions': { type: 'boolean', default: false },
    viewers: { type: 'string', default: '200' },
    'profile-viewers': { type: 'string', default: '20' },
    out: { type: 'string', default: 'bench-results' },
  },
});
const quick = values.quick!;
const plan = {
  /** One size, or several (a growth run: every scenario measured at each, smallest first). */
  sizes: (values.users ?? (quick ? '10000' : '100000')).split(',').map(Number).sort((a, b) => a - b),
  seconds: Number(values.seconds ?? (quick ? 5 : 20)),
  concurrency: Number(values.concurrency),
  sweep: quick ? [1, 4, 8, 16] : [1, 2, 4, 8, 16, 32],
  subscriberCounts: (values.subscribers ?? (quick ? '250,500,1000' : '1000,5000,10000')).split(',').map(Number),
  postsPerSecond: quick ? 10 : 20,
  postingSeconds: quick ? 5 : 15,
  viewers: Number(values.viewers),
  profileViewers: Number(values['profile-viewers']),
  seed: 42,
};
const warmup = Math.min(quick ? 5 : 15, plan.seconds);
if (![...plan.sizes, plan.seconds, plan.concurrency, plan.viewers, plan.profileViewers, ...plan.subscriberCounts].every((n) => Number.isInteger(n) && n > 0)) {
  console.error(
    'Usage: npm run bench -- [--quick] [--users N | --users 10000,100000,1000000] [--seconds S] [--concurrency C] ' +
      '[--subscribers 1000,5000] [--no-subscriptions] [--viewers 200] [--profile-viewers 20]',
  );
  process.exit(2);
}
if (plan.sizes.length > 1 && process.env.NEO4J_URI) {
  console.error('A run over several graph sizes needs a local instance per size: unset NEO4J_URI, or give one --users.');
  process.exit(2);
}

const say = (message: string) => console.error(`[bench] ${message}`);
const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
const MB = 2 ** 20;
const runStarted = Date.now();
const stamp = new Date(runStarted).toISOString().replace(/[:.]/g, '-');
const outDir = path.resolve(projectRoot, values.out!, stamp);
const secret = randomBytes(32).toString('hex');
const charts: Record<string, string> = {};
/** What each graph size measured, smallest first. */
const graphs: Array<Awaited<ReturnType<typeof measureGraph>>> = [];
/** The size-independent measurements, taken on the largest size (one entry). */
const onLargest: Array<Awaited<ReturnType<typeof sizeIndependent>>> = [];

async function measureGraph(users: number, largest: boolean) {
  const instance = benchInstance(users);
  const config = benchConfig(loadConfig(), users);
  say(`${users.toLocaleString('en')} people: instance ${instance} (heap ${config.neo4j.localHeapMb} MB, page cache ${config.neo4j.localPageCacheMb} MB)`);
  const { connection, summary } = await connectHoldingDataset(
    config,
    instance,
    { users, seed: plan.seed, passwordHashCost: config.passwordHashCost, onProgress: progressPrinter() },
    () => say(`loading a generated graph of ${users.toLocaleString('en')} people…`),
  );
  if (summary) {
    say(`loaded ${summary.totalRelationships.toLocaleString('en')} relationships in ${(summary.ms / 1000).toFixed(1)} s; by phase (s): ${JSON.stringify(Object.fromEntries(Object.entries(summary.phaseMs).map(([phase, ms]) => [phase, ms / 1000])))}`);
  }
  const servers: ServerProcess[] = [];
  let redis: Awaited<ReturnType<typeof startRedis>> = null;
  try {
    const loaded = await loadedDataset(connection);
    const db = connection.database.forRequest();
    const loadBefore = Math.round(os.loadavg()[0]! * 10) / 10;
    const graph = await db.read((q) =>
      q.one<{ users: number; relationships: number; posts: number; comments: number; neo4j: string }>(
        `CALL dbms.components() YIELD versions
         RETURN COUNT { (:User) } AS users, COUNT { ()-[]->() } AS relationships, COUNT { (:Post) } AS posts,
                COUNT { (:Comment) } AS comments, versions[0] AS neo4j`,
      ),
    );

    const tokens = new TokenService({ secrets: [secret], ttlSeconds: 6 * 3600, issuer: config.jwt.issuer, audience: config.jwt.audience });
    const viewers: Viewer[] = (await benchViewers(db, plan.viewers)).map((v) => ({ ...v, token: tokens.issueForUser(v.id, randomUUID()).token }));
    let turn = 0;
    const nextViewer = () => viewers[turn++ % viewers.length]!;

    // Pages read the viewers' stored candidate lists, as they would once the worker has made
    // them; computed here, before any clock runs, so no recompute competes with a measurement.
    say(`computing the candidate lists of the ${viewers.length} viewers that have none up to date…`);
    const listsStarted = Date.now();
    const listsComputed = await computeCandidateLists(db, viewers.map((v) => v.id), config.candidates.listSize);
    const candidateLists = { computed: listsComputed, seconds_each: listsComputed ? Math.round((Date.now() - listsStarted) / listsComputed) / 1000 : null };

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
    const serverRssBefore = rssBytes(api.pid);

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

    const scenarios: Record<string, ScenarioResult> = {};
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
      await httpLoad(api.url, plan.concurrency, warmup, specFor(scenario));
      if (scenario.raw) await closedLoop(plan.concurrency, warmup, () => scenario.raw!(connection.database.forRequest(), nextViewer()));
      const apiResult = await httpLoad(api.url, plan.concurrency, plan.seconds, specFor(scenario));
      const raw = scenario.raw ? await closedLoop(plan.concurrency, plan.seconds, () => scenario.raw!(connection.database.forRequest(), nextViewer())) : null;
      scenarios[scenario.name] = {
        api: apiResult,
        raw,
        cypher_per_request: median(trips),
        api_over_raw_p50: raw ? ratio(apiResult.p50_ms, raw.p50_ms) : null,
        db_hits: null,
      };
      say(`  api p50 ${apiResult.p50_ms} ms, p95 ${apiResult.p95_ms} ms, ${apiResult.rps} req/s` + (raw ? `; raw p50 ${raw.p50_ms} ms` : ''));
    }
    const serverMemoryAfter = await serverMemory(api);

    const profiled = viewers.slice(0, plan.profileViewers);
    say(`database hits under PROFILE: every scenario's whole request, ${profiled.length} viewers each`);
    for (const [name, cost] of Object.entries(await requestCosts(connection, config, serverEnv, SCENARIOS, profiled))) scenarios[name]!.db_hits = cost;
    say(`database hits under PROFILE: recommendations from the stored list and ranked live, a list's recompute, the feed`);
    const queries = await queryCosts(connection, config, profiled.map((v) => v.id));
    for (const [name, cost] of Object.entries(queries)) say(`  ${name}: ${cost.db_hits_median} hits median, ${cost.one_client_ms_median} ms for one client`);

    say(`nested reads: Quanzi and the Neo4j GraphQL Library over the same database, ${plan.concurrency} clients, rounds taken in turn`);
    const library = await startLibraryPeer(serverEnv);
    servers.push(library);
    const nested = await compareNestedReads(
      api.url,
      library.url,
      viewers,
      // The Library's feed gives no answer within a minute even at 10,000 people (see docs/benchmarks.md): measured on one size only.
      { rounds: plan.sizes.length > 1 ? 3 : 5, seconds: Math.max(2, Math.round(plan.seconds / 4)), concurrency: plan.concurrency, shapes: plan.sizes.length > 1 ? GROWTH_SHAPES : [] },
      say,
    );
    await library.stop();

    const footprint = {
      // Sizes are measured one after another: what else the machine ran is part of each size's figures.
      load_average: { before: loadBefore, after: Math.round(os.loadavg()[0]! * 10) / 10 },
      load_seconds: loaded?.loadMs != null ? Math.round(loaded.loadMs / 100) / 10 : null,
      candidate_lists: candidateLists,
      neo4j: neo4jFootprint(config, instance),
      server: {
        rss_mb_started: Math.round(serverRssBefore / MB),
        rss_mb_after_scenarios: Math.round(serverMemoryAfter.rss / MB),
        held_mb_after_scenarios: Math.round(serverMemoryAfter.held / MB),
      },
    };
    say(`  footprint: ${JSON.stringify(footprint)}`);
    if (largest) onLargest.push(await sizeIndependent({ api, connection, serverEnv, viewers, tokens, specFor, servers, setRedis: (r) => (redis = r) }));
    return {
      users,
      instance,
      dataset: { users: graph?.users, relationships: graph?.relationships, posts: graph?.posts, comments: graph?.comments, seed: plan.seed, neo4j: graph?.neo4j },
      ...footprint,
      scenarios,
      queries,
      nested_reads: nested,
    };
  } finally {
    await Promise.allSettled(servers.map((server) => server.stop()));
    await (redis as Awaited<ReturnType<typeof startRedis>>)?.stop();
    await removeRunPosts(connection.database, runStarted, say);
    await connection.close();
  }
}

interface ScenarioResult {
  api: Awaited<ReturnType<typeof httpLoad>>;
  raw: Awaited<ReturnType<typeof closedLoop>> | null;
  cypher_per_request: number;
  api_over_raw_p50: number | null;
  db_hits: RequestCost | null;
}

/** The nested-read shapes a growth run compares at every size. */
const GROWTH_SHAPES = ['profile', 'circle_page', 'circle_list'];

/** What does not depend on the graph's size (or is measured on the largest only): trivial, the sweep, subscriptions. */
async function sizeIndependent(run: {
  api: ServerProcess;
  connection: Awaited<ReturnType<typeof connectDatabase>>;
  serverEnv: Record<string, string>;
  viewers: Viewer[];
  tokens: TokenService;
  specFor: (scenario: (typeof SCENARIOS)[number]) => () => { body: string; headers: Record<string, string> };
  servers: ServerProcess[];
  setRedis: (redis: Awaited<ReturnType<typeof startRedis>>) => void;
}) {
  const { api, serverEnv, viewers, tokens, specFor, servers } = run;
  const db = run.connection.database.forRequest();
  const scenarios: Record<string, unknown> = {};
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

  const subscriptions: SubscriptionRunResult[] = [];
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
    const redis = await startRedis();
    run.setRedis(redis);
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

  // One latency chart per scenario: on a shared axis the slow one flattens the fast one.
  for (const [name, rows] of Object.entries(sweep)) {
    chart(`latency_vs_concurrency_${name}`, {
      title: `${name}: API latency against concurrency (${Math.max(...plan.sizes).toLocaleString('en')} people)`,
      xLabel: 'concurrent clients',
      yLabel: 'latency (ms)',
      series: [
        { name: 'p50', points: rows.map((r) => [r.concurrency, r.p50_ms] as [number, number]) },
        { name: 'p95', points: rows.map((r) => [r.concurrency, r.p95_ms] as [number, number]) },
      ],
    });
  }
  if (subscriptions.length > 0) {
    chart('delivery_vs_subscribers', {
      title: 'Subscription delivery latency against subscribers (one instance)',
      xLabel: 'subscribers',
      yLabel: 'createPost → event (ms)',
      series: [
        { name: 'p50', points: subscriptions.map((s) => [s.subscribers, s.p50_ms] as [number, number]) },
        { name: 'p99', points: subscriptions.map((s) => [s.subscribers, s.p99_ms] as [number, number]) },
      ],
    });
  }
  const biggest = subscriptions.at(-1);
  return { scenarios, sweep, subscriptions: biggest ? { ...biggest, runs: subscriptions } : null, scale_out: scaleOut };
}

/** Writes a chart beside the summary, under `name` (its file name is the name in kebab case). */
function chart(name: string, spec: ChartSpec): void {
  charts[name] = path.join(outDir, `${name.replace(/_/g, '-')}.svg`);
  writeFileSync(charts[name], lineChart(spec));
}

mkdirSync(outDir, { recursive: true });
for (const [i, users] of plan.sizes.entries()) graphs.push(await measureGraph(users, i === plan.sizes.length - 1));
if (graphs.length > 1) for (const [name, spec] of Object.entries(growthCharts(graphs))) chart(name, spec);

const largest = graphs.at(-1)!;
const last = onLargest.at(-1);
const summary = {
  run: {
    quick,
    started: new Date(runStarted).toISOString(),
    minutes: Math.round((Date.now() - runStarted) / 600) / 100,
    concurrency: plan.concurrency,
    seconds_per_run: plan.seconds,
    sizes: plan.sizes,
    // Others' work on a shared machine shows here: compare ratios within a run, not absolute times across runs.
    load_average_at_end: os.loadavg().map((n) => Math.round(n * 10) / 10),
  },
  machine: { ...machine(), neo4j: largest.dataset.neo4j },
  // The largest graph's figures under the keys single-size summaries always had.
  dataset: largest.dataset,
  scenarios: { ...largest.scenarios, ...last?.scenarios },
  nested_reads: largest.nested_reads,
  sweep: last?.sweep,
  subscriptions: last?.subscriptions,
  scale_out: last?.scale_out,
  graphs,
  // Beside the summary, by file name: the folder can be moved or published as it is.
  charts: Object.fromEntries(Object.entries(charts).map(([name, file]) => [name, path.basename(file)])),
};
const file = path.join(outDir, 'summary.json');
writeFileSync(file, JSON.stringify(summary, null, 2));
console.log(file);
