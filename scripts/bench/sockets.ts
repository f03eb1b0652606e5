/**
 * npx tsx scripts/bench/sockets.ts [--quick] [--one N] [--two M] [--rate R] [--seconds S] [--out DIR]
 *
 * Live sockets at scale: N `postAdded` subscribers on one Quanzi instance (50,000 by
 * default), then M across two instances sharing a real Redis (100,000), while posts are
 * written at a steady rate; every expected delivery is counted, with latency (p50/p99) and
 * the memory each instance holds per subscriber. The same run as `npm run bench`'s
 * subscription part (scripts/bench/subscriptions.ts), at counts that part is not sized for.
 *
 * Sockets need file descriptors: each instance holds one per socket, so raise the open-files
 * limit first (`ulimit -n 250000`, as root if the hard limit is lower); the script stops at
 * once with that advice when the limit is too low. The subscribers are held by as many
 * processes as that needs, connecting from several loopback source addresses
 * (scripts/bench/subscriber-pool.ts). People are reused when there are more sockets than people in the
 * graph (several connections of one person, as several devices are), and circles hold about
 * 100 subscribers each. Uses the local `bench-10k` database (10,000 people; loaded on first
 * use) or NEO4J_URI. Writes a JSON summary; the last line printed is its path.
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { TokenService } from '../../src/auth/tokens.js';
import { loadConfig } from '../../src/config.js';
import { connectDatabase } from '../../src/db/connect.js';
import { createLogger } from '../../src/logger.js';
import { benchConfig, benchInstance } from '../dataset/bench-config.js';
import { holdsDataset, loadDataset, progressPrinter } from '../dataset/load.js';
import { startRedis, type TestRedis } from '../lib/redis-server.js';
import { removeRunPosts } from './clean-up.js';
import { benchServerEnv, startQuanzi, type ServerProcess } from './processes.js';
import { SOCKETS_PER_PROCESS } from './subscriber-pool.js';
import { runSubscriptions, subscriptionFixtures, type SubscriptionRunResult } from './subscriptions.js';
import { machine, writeSummary } from './summary.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    one: { type: 'string' },
    two: { type: 'string' },
    rate: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '15' },
    out: { type: 'string', default: 'bench-results' },
  },
});
const quick = values.quick!;
const plan = {
  one: Number(values.one ?? (quick ? 5_000 : 50_000)),
  two: Number(values.two ?? (quick ? 10_000 : 100_000)),
  postsPerSecond: Number(values.rate),
  seconds: Number(values.seconds),
  users: 10_000,
  seed: 42,
};
const say = (message: string) => console.error(`[bench:sockets] ${message}`);
if (![plan.one, plan.two, plan.postsPerSecond, plan.seconds].every((n) => Number.isInteger(n) && n >= 0)) {
  console.error('Usage: npx tsx scripts/bench/sockets.ts [--quick] [--one N] [--two M] [--rate R] [--seconds S] [--out DIR]');
  process.exit(2);
}

// An instance holds a descriptor per socket (with a few hundred for the rest); the subscriber
// processes each hold at most SOCKETS_PER_PROCESS.
const openFilesLimit = Number(execFileSync('sh', ['-c', 'ulimit -n']).toString().trim());
const needed = Math.max(plan.one, Math.ceil(plan.two / 2), SOCKETS_PER_PROCESS) + 1_000;
if (Number.isFinite(openFilesLimit) && openFilesLimit < needed) {
  console.error(
    `The open-files limit is ${openFilesLimit}; an instance holding ${Math.max(plan.one, Math.ceil(plan.two / 2)).toLocaleString('en')} sockets needs about ${needed.toLocaleString('en')}. ` +
      'Run `ulimit -n 250000` in this shell first (as root if the hard limit is lower), or ask for fewer sockets.',
  );
  process.exit(2);
}

const config = benchConfig(loadConfig());
const connection = await connectDatabase(config, createLogger({ ...config, logLevel: 'warn' }), benchInstance(10_000));
const servers: ServerProcess[] = [];
let redis: TestRedis | null = null;
const runStarted = Date.now();
try {
  if (!(await holdsDataset(connection, plan.users, plan.seed))) {
    say(`loading a generated graph of ${plan.users.toLocaleString('en')} people…`);
    await loadDataset(connection, { users: plan.users, seed: plan.seed, passwordHashCost: config.passwordHashCost, onProgress: progressPrinter() });
  }
  const db = connection.database.forRequest();
  const most = Math.max(plan.one, plan.two);
  const circleCount = Math.max(10, Math.ceil(most / 100));
  const fixtures = await subscriptionFixtures(db, circleCount, most);
  const secret = randomBytes(32).toString('hex');
  const tokens = new TokenService({ secrets: [secret], ttlSeconds: 6 * 3600, issuer: config.jwt.issuer, audience: config.jwt.audience });
  const circles = fixtures.circles.map((c) => ({ slug: c.slug, authorToken: tokens.issueForUser(c.authorId, randomUUID()).token }));
  const subscriberTokens = fixtures.subscriberIds.map((id) => tokens.issueForUser(id, randomUUID()).token);
  say(`${circles.length} open circles and ${subscriberTokens.length.toLocaleString('en')} people to subscribe as`);

  const serverEnv = {
    ...benchServerEnv(connection, config, secret),
    POSTS_PER_USER_PER_MINUTE: '100000',
    // All sockets come from this machine, and people are reused across sockets.
    MAX_PENDING_SOCKETS_PER_ADDRESS: '100000',
    MAX_CONNECTIONS_PER_USER: '10000',
  };
  const run = async (count: number, instances: ServerProcess[]): Promise<SubscriptionRunResult> => {
    const result = await runSubscriptions({
      servers: instances,
      subscriberTokens,
      circles: circles.slice(0, Math.max(10, Math.ceil(count / 100))),
      subscribers: count,
      postsPerSecond: plan.postsPerSecond,
      seconds: plan.seconds,
    });
    say(
      `  ${result.connected.toLocaleString('en')} connected; ${result.refused_posts} posts refused; delivered ${result.delivered.toLocaleString('en')} / ${result.expected.toLocaleString('en')}, ` +
        `p50 ${result.p50_ms} ms, p99 ${result.p99_ms} ms; ${result.server_kb_per_subscriber} KB held and ${result.server_rss_kb_per_subscriber} KB resident per subscriber, CPU ${result.server_cpu_percent}%`,
    );
    return result;
  };

  const results: Record<string, SubscriptionRunResult> = {};
  if (plan.one > 0) {
    say(`${plan.one.toLocaleString('en')} subscribers on one instance, ${plan.postsPerSecond} posts/s for ${plan.seconds} s`);
    const single = await startQuanzi(serverEnv);
    servers.push(single);
    results.one_instance = await run(plan.one, [single]);
    await single.stop();
  }
  if (plan.two > 0) {
    redis = await startRedis();
    if (!redis) throw new Error('redis-server is not installed: the two-instance run needs a real Redis (apt-get install redis-server)');
    say(`${plan.two.toLocaleString('en')} subscribers across two instances sharing Redis, ${plan.postsPerSecond} posts/s for ${plan.seconds} s`);
    const pair = [await startQuanzi({ ...serverEnv, REDIS_URL: redis.url }), await startQuanzi({ ...serverEnv, REDIS_URL: redis.url })];
    servers.push(...pair);
    results.two_instances = await run(plan.two, pair);
  }

  const summary = {
    run: { started: new Date().toISOString(), ...plan },
    machine: machine(),
    results,
  };
  writeSummary(values.out!, 'sockets.json', summary);
} finally {
  await Promise.all(servers.map((server) => server.stop()));
  await redis?.stop();
  await removeRunPosts(connection.database, runStarted, say);
  await connection.close();
}
