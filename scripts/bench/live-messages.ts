/**
 * npx tsx scripts/bench/live-messages.ts [--quick] [--pairs N] [--rate R] [--seconds S] [--in-flight F] [--out DIR]
 *
 * Message send → receipt across two Quanzi instances sharing a real Redis (redis-server,
 * on loopback): `pairs` pairs of connected people (5,000 pairs: 10,000 people; 500 with
 * --quick), each recipient subscribed to `messageReceived` on one instance while the sender
 * sends through the other, so every message crosses Redis. Forked processes hold the
 * sockets (scripts/bench/subscriber-load.ts); this one sends `sendMessage` over HTTP at a
 * steady rate (open loop, at most `in-flight` sends outstanding, a fixed total), each
 * message to the next pair in turn. Reports latency from the send to the arrival on the
 * recipient's socket (p50/p99), delivered against expected and how many arrived twice,
 * the send requests' own latency, and each instance's memory and CPU.
 *
 * The people are written straight into the database (10,000 sign-ups over HTTP would take
 * longer than the measurement, and sign-ups are rate-limited per address); the warm-ups,
 * the sends and the receipts all go through the public API. Uses the local `bench-100k`
 * database (`bench-10k` with --quick), or NEO4J_URI; it needs no generated graph, and
 * removes its people, conversations and messages at the end. Writes a JSON summary; the
 * last line printed is its path.
 */
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { TokenService } from '../../src/auth/tokens.js';
import { loadConfig } from '../../src/config.js';
import { connectDatabase } from '../../src/db/connect.js';
import { migrate } from '../../src/db/migrations.js';
import { createLogger } from '../../src/logger.js';
import { benchConfig, benchInstance } from '../dataset/bench-config.js';
import { startRedis, type TestRedis } from '../lib/redis-server.js';
import { benchServerEnv, cpuSeconds, serverMemory, startQuanzi, type ServerProcess } from './processes.js';
import { summarize } from './stats.js';
import { machine, writeSummary } from './summary.js';
import type { SubscriberPlan } from './subscriber-load.js';
import { SubscriberPool } from './subscriber-pool.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    pairs: { type: 'string' },
    rate: { type: 'string' },
    seconds: { type: 'string' },
    'in-flight': { type: 'string', default: '64' },
    out: { type: 'string', default: 'bench-results' },
  },
});
const quick = values.quick!;
const plan = {
  pairs: Number(values.pairs ?? (quick ? 500 : 5_000)),
  /** Messages per second, for `seconds`: a fixed total. */
  rate: Number(values.rate ?? (quick ? 50 : 100)),
  seconds: Number(values.seconds ?? (quick ? 10 : 30)),
  inFlight: Number(values['in-flight']),
  /** People written per transaction. */
  batch: 1_000,
};
if (![plan.pairs, plan.rate, plan.seconds, plan.inFlight].every((n) => Number.isInteger(n) && n > 0)) {
  console.error('Usage: npx tsx scripts/bench/live-messages.ts [--quick] [--pairs N] [--rate R] [--seconds S] [--in-flight F]');
  process.exit(2);
}

const say = (message: string) => console.error(`[bench:live-messages] ${message}`);
const MB = 1024 * 1024;
const round = (value: number) => Math.round(value * 10) / 10;
const runStarted = new Date();
const config = benchConfig(loadConfig());
const connection = await connectDatabase(config, createLogger({ ...config, logLevel: 'warn' }), benchInstance(quick ? 10_000 : 100_000));
const tag = randomBytes(4).toString('hex');
const prefix = `bench_live_${tag}_`;
const servers: ServerProcess[] = [];
let redis: TestRedis | null = null;

const SEND = 'mutation Send($input: SendMessageInput!) { sendMessage(input: $input) { id } }';
const SUBSCRIBE = 'subscription Live { messageReceived { id body } }';

interface Person {
  id: string;
  handle: string;
  token: string;
}

/** Refused or failed sends, by their first error's code: counted, not fatal (a warm-up is sent again; a measured one counts as not expected). */
const failures = new Map<string, number>();
/** The first message seen for each failure code, to say why. */
const failureMessages = new Map<string, string>();
const failed = (code: string, message: string) => {
  failures.set(code, (failures.get(code) ?? 0) + 1);
  if (!failureMessages.has(code)) failureMessages.set(code, message);
};

/** One sendMessage over HTTP: its latency in ms, or null when it failed (counted in `failures`). */
async function send(server: ServerProcess, from: Person, to: Person, body: string): Promise<number | null> {
  const started = performance.now();
  try {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${from.token}` },
      body: JSON.stringify({ query: SEND, variables: { input: { toHandle: to.handle, body } } }),
    });
    const json = (await response.json()) as { errors?: Array<{ message: string; extensions?: { code?: string } }> };
    if (!json.errors) return performance.now() - started;
    failed(json.errors[0]?.extensions?.code ?? 'UNKNOWN', json.errors[0]?.message ?? '');
  } catch (error) {
    failed((error as Error).name, (error as Error).message);
  }
  return null;
}

/**
 * Runs `count` jobs, the i-th due at `started + i / rate` seconds (open loop: a slow answer
 * does not delay the next send), never more than `inFlight` at once: a send that finds the
 * cap reached waits, and is counted late. Returns each job's result and how many were late.
 */
async function steady<T>(count: number, rate: number, inFlight: number, job: (i: number) => Promise<T>): Promise<{ results: T[]; late: number }> {
  const started = Date.now();
  const running = new Set<Promise<unknown>>();
  const results: Array<Promise<T>> = [];
  let late = 0;
  for (let i = 0; i < count; i++) {
    const due = started + (i * 1000) / rate;
    if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    if (running.size >= inFlight) {
      late += 1;
      while (running.size >= inFlight) await Promise.race(running);
    }
    const result = job(i);
    const settled: Promise<unknown> = result.then(
      () => running.delete(settled),
      () => running.delete(settled),
    );
    running.add(settled);
    results.push(result);
  }
  return { results: await Promise.all(results), late };
}

try {
  const db = connection.database.forRequest();
  await migrate(connection.database);
  redis = await startRedis();
  if (!redis) throw new Error('redis-server is not installed: this benchmark needs a real Redis between its two instances (apt-get install redis-server)');

  const secret = randomBytes(32).toString('hex');
  const tokens = new TokenService({ secrets: [secret], ttlSeconds: 6 * 3600, issuer: config.jwt.issuer, audience: config.jwt.audience });
  say(`${(plan.pairs * 2).toLocaleString('en')} people in ${plan.pairs.toLocaleString('en')} connected pairs, written to the database`);
  const people: Person[] = [];
  for (let start = 0; start < plan.pairs * 2; start += plan.batch) {
    const handles = Array.from({ length: Math.min(plan.batch, plan.pairs * 2 - start) }, (_, i) => `${prefix}${start + i}`);
    // Accounts a month old, as people who talk usually are (nothing here depends on it).
    const rows = await db.write((q) =>
      q.rows<{ id: string; handle: string }>(
        `UNWIND $handles AS handle
         CREATE (u:User {id: randomUUID(), handle: handle, realName: 'Bench ' + handle, verified: false, bio: null, createdAt: datetime() - duration('P30D')})
         RETURN u.id AS id, u.handle AS handle`,
        { handles },
      ),
    );
    const byHandle = new Map(rows.map((row) => [row.handle, row]));
    people.push(...handles.map((handle) => ({ ...byHandle.get(handle)!, token: tokens.issueForUser(byHandle.get(handle)!.id, randomUUID()).token })));
  }
  const pairs = Array.from({ length: plan.pairs }, (_, i) => ({ sender: people[2 * i]!, recipient: people[2 * i + 1]!, index: i }));
  for (let start = 0; start < pairs.length; start += plan.batch) {
    await db.write((q) =>
      q.rows('UNWIND $pairs AS pair MATCH (x:User {id: pair[0]}), (y:User {id: pair[1]}) CREATE (x)-[:CONNECTED {since: datetime()}]->(y)', {
        pairs: pairs.slice(start, start + plan.batch).map(({ sender, recipient }) => [sender.id, recipient.id]),
      }),
    );
  }

  const env = {
    ...benchServerEnv(connection, config, secret),
    REDIS_URL: redis.url,
    // Thousands of senders at a steady rate are the load, not abuse.
    MESSAGES_PER_USER_PER_MINUTE: '100000',
    // The subscriber process connects 250 sockets at a time, all from this machine.
    MAX_PENDING_SOCKETS_PER_ADDRESS: '100000',
  };
  say('starting two Quanzi instances (production mode) sharing Redis…');
  servers.push(...(await Promise.all([startQuanzi(env), startQuanzi(env)])));
  const [a, b] = servers as [ServerProcess, ServerProcess];
  // Pair i: the recipient listens on one instance, the sender sends through the other.
  const listensOn = (i: number) => servers[i % 2]!;
  const sendsThrough = (i: number) => servers[(i + 1) % 2]!;

  const memoryBefore = await Promise.all(servers.map(serverMemory));
  const subscriberPlan: SubscriberPlan = {
    query: SUBSCRIBE,
    field: 'messageReceived',
    subscriptions: pairs.map(({ recipient, index }) => ({ url: listensOn(index).wsUrl, token: recipient.token, variables: {} })),
  };
  say(`opening ${pairs.length.toLocaleString('en')} sockets (half on each instance)…`);
  const { pool, connected, failed } = await SubscriberPool.open(subscriberPlan);
  try {
    if (failed > 0 || connected < pairs.length) throw new Error(`${connected} sockets connected, ${failed} failed, of ${pairs.length}`);
    // A message to each recipient proves their subscription live (and opens the conversation).
    // graphql-ws does not acknowledge a subscription, so a warm-up may come before it is
    // live: those that had none get another, a few times at most.
    let pending = pairs.map((_, i) => i);
    let subscriptionsRefused = 0;
    let socketsReconnected = 0;
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > 10) {
        // Reported, not hidden: the measurement goes on, and their messages count as lost.
        say(`${pending.length} of ${pairs.length} subscriptions never received a warm-up; measuring anyway`);
        break;
      }
      say(`warming up: a message to ${pending.length.toLocaleString('en')} recipients (attempt ${attempt})…`);
      const batch = pending;
      await steady(batch.length, 1_000_000, plan.inFlight, (i) => send(sendsThrough(batch[i]!), pairs[batch[i]!]!.sender, pairs[batch[i]!]!.recipient, 'warm-up'));
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const state = await pool.pending();
      pending = state.indexes;
      if (pending.length > 0) {
        say(`  ${pending.length} not live yet (so far ${state.refused} subscriptions refused ${JSON.stringify(state.refusals)}, ${state.completed} ended by the server, ${state.reconnected} sockets reconnected, failed sends ${JSON.stringify(Object.fromEntries(failures))})`);
      }
      subscriptionsRefused = state.refused;
      socketsReconnected = state.reconnected;
    }
    say(`live: ${subscriptionsRefused} subscriptions were refused and asked for again, ${socketsReconnected} sockets were closed and reconnected`);
    const neverLive = pending.length;
    const memoryHolding = await Promise.all(servers.map(serverMemory));

    say(`measuring: ${plan.rate} messages/s for ${plan.seconds} s, at most ${plan.inFlight} sends in flight`);
    pool.measure();
    const warmUpFailures = Object.fromEntries(failures);
    failures.clear();
    failureMessages.clear();
    const cpuBefore = servers.map((server) => cpuSeconds(server.pid));
    const started = Date.now();
    const total = plan.rate * plan.seconds;
    const sends = await steady(total, plan.rate, plan.inFlight, (i) => {
      const pair = pairs[i % pairs.length]!;
      return send(sendsThrough(pair.index), pair.sender, pair.recipient, `bench sentAt=${Date.now()} key=${i}`);
    });
    // Let the last deliveries land.
    let report = await pool.report();
    for (let wait = 0; wait < 30 && report.distinct < sends.results.filter((latency) => latency !== null).length; wait++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      report = await pool.report();
    }
    const wall = (Date.now() - started) / 1000;
    const cpu = servers.map((server, i) => cpuSeconds(server.pid) - cpuBefore[i]!);
    const memoryAfter = await Promise.all(servers.map(serverMemory));
    const sent = sends.results.filter((latency): latency is number => latency !== null);
    const sendLatency = summarize(sent, plan.seconds);

    const instances = servers.map((server, i) => ({
      name: server === a ? 'A' : server === b ? 'B' : String(i),
      sockets: pairs.filter((pair) => listensOn(pair.index) === server).length,
      rss_mb_before: round(memoryBefore[i]!.rss / MB),
      rss_mb_holding: round(memoryHolding[i]!.rss / MB),
      rss_mb_after: round(memoryAfter[i]!.rss / MB),
      held_mb_holding: round(memoryHolding[i]!.held / MB),
      kb_per_socket: round((memoryHolding[i]!.held - memoryBefore[i]!.held) / 1024 / pairs.filter((pair) => listensOn(pair.index) === server).length),
      cpu_percent: round((cpu[i]! / wall) * 100),
    }));
    const result = {
      people: people.length,
      pairs: pairs.length,
      messages: total,
      /** Sends that succeeded: each must reach its recipient once. */
      expected: sent.length,
      failed_sends: Object.fromEntries(failures),
      failure_messages: Object.fromEntries(failureMessages),
      warm_up_failed_sends: warmUpFailures,
      delivered: report.delivered,
      distinct: report.distinct,
      lost: Math.max(0, sent.length - report.distinct),
      /** Of the sends, those to a recipient whose subscription never received a warm-up. */
      sent_to_never_live: sends.results.filter((latency, i) => latency !== null && pending.includes(i % pairs.length)).length,
      duplicates: report.delivered - report.distinct,
      receipt_p50_ms: report.p50_ms,
      receipt_p99_ms: report.p99_ms,
      send_p50_ms: sendLatency.p50_ms,
      send_p99_ms: sendLatency.p99_ms,
      sends_late: sends.late,
      subscriptions_never_live: neverLive,
      subscriptions_refused_at_start: subscriptionsRefused,
      sockets_reconnected_at_start: socketsReconnected,
      sockets_reconnected_while_measuring: report.reconnected - socketsReconnected,
      instances,
    };
    say(
      `${result.distinct.toLocaleString('en')} of ${sent.length.toLocaleString('en')} sent delivered (${result.duplicates} twice; ${total - sent.length} sends failed: ${JSON.stringify(result.failed_sends)} ${JSON.stringify(result.failure_messages)}); receipt p50 ${result.receipt_p50_ms} ms, p99 ${result.receipt_p99_ms} ms; ` +
        `send p50 ${result.send_p50_ms} ms, p99 ${result.send_p99_ms} ms; ${sends.late} sends waited for the in-flight cap`,
    );
    for (const instance of instances) {
      say(`  instance ${instance.name}: ${instance.sockets} sockets, RSS ${instance.rss_mb_before} → ${instance.rss_mb_holding} → ${instance.rss_mb_after} MB, ${instance.kb_per_socket} kB held per socket, CPU ${instance.cpu_percent}%`);
    }

    const summary = {
      run: { quick, started: runStarted.toISOString(), rate: plan.rate, seconds: plan.seconds, in_flight: plan.inFlight },
      machine: machine(),
      subscription: SUBSCRIBE,
      result,
    };
    writeSummary(values.out!, 'live-messages.json', summary);
  } finally {
    await pool.close();
  }
} finally {
  await Promise.all(servers.map((server) => server.stop()));
  await redis?.stop();
  // Leave the graph as it was: this run's people, with their conversations and messages,
  // removed a batch per transaction (a loaded machine cannot delete them all in one).
  const cleanUp = [
    `MATCH (u:User)-[:IN_CONVERSATION]->(c:Conversation) WHERE u.handle STARTS WITH $prefix
     MATCH (m:Message {conversationId: c.id}) WITH DISTINCT m LIMIT 5000 DELETE m RETURN count(*) AS n`,
    `MATCH (u:User)-[:IN_CONVERSATION]->(c:Conversation) WHERE u.handle STARTS WITH $prefix WITH DISTINCT c LIMIT 1000 DETACH DELETE c RETURN count(*) AS n`,
    `MATCH (u:User) WHERE u.handle STARTS WITH $prefix WITH u LIMIT 1000 DETACH DELETE u RETURN count(*) AS n`,
  ];
  try {
    const db = connection.database.forRequest();
    for (const cypher of cleanUp) {
      while (((await db.write((q) => q.one<{ n: number }>(cypher, { prefix })))?.n ?? 0) > 0);
    }
  } catch (error) {
    say(`could not remove this run's people and messages (handles starting ${prefix}): ${(error as Error).message}`);
  }
  await connection.close();
}
