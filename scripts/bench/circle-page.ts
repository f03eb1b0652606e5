/**
 * npx tsx scripts/bench/circle-page.ts [--users 10000] [--requests 200] [--concurrency 4] [--seconds 15]
 *
 * A circle page before and after comments (issue 14), side by side in one run: `circle_page`
 * (the page the benchmark asked before comments existed: 20 posts with authors, 20 members)
 * and `circle_page_with_comments` (the same page, each post also with its comment count, its
 * reactions and its first 3 comments with their authors). Both are sent for the same viewer
 * and circle in turn, so a busy moment of the (shared) machine falls on both alike: one
 * client for `--requests` rounds, then `--concurrency` clients for `--seconds`. Reports
 * p50/p95, the Cypher round-trips the server counted, and the database hits of one whole
 * request under PROFILE (a second, in-process server whose every statement is profiled).
 * Uses the generated graph of `--users` people (the local instance for that size,
 * `bench-10k` for 10,000, as `npm run bench` does; loaded first if missing). Reads only.
 */
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { TokenService } from '../../src/auth/tokens.js';
import { loadConfig } from '../../src/config.js';
import { connectDatabase } from '../../src/db/connect.js';
import { Database } from '../../src/db/database.js';
import { createLogger } from '../../src/logger.js';
import { startServer } from '../../src/server.js';
import { benchConfig, benchInstance } from '../dataset/bench-config.js';
import { holdsDataset, loadDataset, progressPrinter } from '../dataset/load.js';
import { PlanCost, profilingDriver } from '../lib/profiling-db.js';
import { benchServerEnv, startQuanzi } from './processes.js';
import { benchViewers, CIRCLE_PAGE_QUERY, CIRCLE_PAGE_WITH_COMMENTS, type Viewer } from './scenarios.js';
import { median, summarize } from './stats.js';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '10000' },
    requests: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '4' },
    seconds: { type: 'string', default: '15' },
  },
});
const plan = { users: Number(values.users), requests: Number(values.requests), concurrency: Number(values.concurrency), seconds: Number(values.seconds), seed: 42, profiled: 30 };
if (![plan.users, plan.requests, plan.concurrency, plan.seconds].every((n) => Number.isInteger(n) && n > 0)) {
  console.error('Usage: npx tsx scripts/bench/circle-page.ts [--users 10000] [--requests 200] [--concurrency 4] [--seconds 15]');
  process.exit(2);
}
const say = (message: string) => console.error(`[bench:circle-page] ${message}`);
const PAGES = { circle_page: CIRCLE_PAGE_QUERY, circle_page_with_comments: CIRCLE_PAGE_WITH_COMMENTS } as const;
type Page = keyof typeof PAGES;
const NAMES = Object.keys(PAGES) as Page[];

const config = benchConfig(loadConfig(), plan.users);
const connection = await connectDatabase(config, createLogger({ ...config, logLevel: 'warn' }), benchInstance(plan.users));
const stops: Array<() => Promise<void>> = [];

interface Answer {
  errors?: unknown;
  data?: { circle: { posts: { edges: unknown[] } } | null };
  extensions?: { cypher?: { roundTrips: number } };
}

/** Sends one page for the viewer and circle: its time and the round-trips the server counted. */
async function send(url: string, page: Page, viewer: Viewer, slug: string): Promise<{ ms: number; trips: number }> {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${viewer.token}` },
    body: JSON.stringify({ query: PAGES[page], variables: { slug } }),
  });
  const answer = (await response.json()) as Answer;
  if (answer.errors || !answer.data?.circle) throw new Error(`${page}: ${JSON.stringify(answer).slice(0, 400)}`);
  return { ms: performance.now() - started, trips: answer.extensions?.cypher?.roundTrips ?? Number.NaN };
}

try {
  if (!(await holdsDataset(connection, plan.users, plan.seed))) {
    say(`loading a generated graph of ${plan.users.toLocaleString('en')} people…`);
    await loadDataset(connection, { users: plan.users, seed: plan.seed, passwordHashCost: config.passwordHashCost, onProgress: progressPrinter() });
  }
  const db = connection.database.forRequest();
  const graph = await db.read((q) =>
    q.one<Record<string, number>>(
      `MATCH (p:Post)
       WITH p, p.commentCount AS n, reduce(s = 0, x IN p.reactionCounts | s + x) AS r
       RETURN count(p) AS posts, sum(n) AS comments, sum(r) AS reactions, max(n) AS most_comments_on_a_post,
              sum(CASE WHEN n = 0 THEN 1 ELSE 0 END) AS posts_without_comments,
              sum(CASE WHEN n >= 1 AND n <= 10 THEN 1 ELSE 0 END) AS posts_with_1_to_10,
              sum(CASE WHEN n > 10 AND n < 100 THEN 1 ELSE 0 END) AS posts_with_11_to_99,
              sum(CASE WHEN n >= 100 THEN 1 ELSE 0 END) AS posts_with_100_or_more,
              sum(CASE WHEN r > 0 THEN 1 ELSE 0 END) AS posts_with_reactions`,
    ),
  );
  say(`graph: ${JSON.stringify(graph)}`);

  const secret = randomBytes(32).toString('hex');
  const tokens = new TokenService({ secrets: [secret], ttlSeconds: 3600, issuer: config.jwt.issuer, audience: config.jwt.audience });
  const viewers: Viewer[] = (await benchViewers(db, 200)).map((v) => ({ ...v, token: tokens.issueForUser(v.id, randomUUID()).token }));
  let turn = 0;
  /** The next viewer and one of their circles: both pages are asked for the same pair. */
  const nextPair = () => {
    const viewer = viewers[turn++ % viewers.length]!;
    return { viewer, slug: viewer.circles[turn % viewer.circles.length]! };
  };
  const env = benchServerEnv(connection, config, secret);
  const server = await startQuanzi(env);
  stops.push(server.stop);

  say(`one client: ${plan.requests} rounds of both pages (after a warm-up of 30)`);
  for (let i = 0; i < 30; i++) {
    const { viewer, slug } = nextPair();
    for (const page of NAMES) await send(server.url, page, viewer, slug);
  }
  const one = Object.fromEntries(NAMES.map((page) => [page, { ms: [] as number[], trips: [] as number[] }]));
  const started = performance.now();
  for (let i = 0; i < plan.requests; i++) {
    const { viewer, slug } = nextPair();
    // Alternate which goes first, so neither always meets the cache the other warmed.
    for (const page of i % 2 === 0 ? NAMES : [...NAMES].reverse()) {
      const { ms, trips } = await send(server.url, page, viewer, slug);
      one[page]!.ms.push(ms);
      one[page]!.trips.push(trips);
    }
  }
  const oneSeconds = (performance.now() - started) / 1000 / NAMES.length;

  say(`${plan.concurrency} clients for ${plan.seconds} s, each alternating the two pages`);
  const many = Object.fromEntries(NAMES.map((page) => [page, [] as number[]]));
  const until = performance.now() + plan.seconds * 1000;
  await Promise.all(
    Array.from({ length: plan.concurrency }, async (_, client) => {
      for (let i = client; performance.now() < until; i++) {
        const { viewer, slug } = nextPair();
        const page = NAMES[i % NAMES.length]!;
        many[page]!.push((await send(server.url, page, viewer, slug)).ms);
      }
    }),
  );

  say(`database hits: ${plan.profiled} requests of each page on an in-process server that profiles every statement`);
  const costs = Object.fromEntries(NAMES.map((page) => [page, [] as number[]]));
  const profilingConfig = loadConfig({ ...process.env, ...env, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'production', SEED_DEMO: 'false' });
  const cost = new PlanCost();
  const profiling = new Database(profilingDriver(connection.database.driver, cost), { database: config.neo4j.database, transactionTimeoutMs: 60_000 });
  const inProcess = await startServer({ config: profilingConfig, database: profiling, log: createLogger({ ...profilingConfig, logLevel: 'warn' }) });
  stops.push(() => inProcess.close());
  for (let i = 0; i < plan.profiled; i++) {
    const { viewer, slug } = nextPair();
    for (const page of NAMES) {
      // One request at a time: what the running total grew by is this request's.
      const before = cost.dbHits;
      await send(inProcess.url, page, viewer, slug);
      costs[page]!.push(cost.dbHits - before);
    }
  }

  const results = Object.fromEntries(
    NAMES.map((page) => [
      page,
      {
        one_client: summarize(one[page]!.ms, oneSeconds),
        [`concurrency_${plan.concurrency}`]: summarize(many[page]!, plan.seconds),
        cypher_round_trips: median(one[page]!.trips),
        db_hits_median: median(costs[page]!),
        db_hits_max: Math.max(...costs[page]!),
      },
    ]),
  );
  for (const [page, r] of Object.entries(results)) say(`${page}: ${JSON.stringify(r)}`);
  console.log(JSON.stringify({ users: plan.users, graph, concurrency: plan.concurrency, results }, null, 2));
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  await connection.close();
}
