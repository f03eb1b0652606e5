/**
 * Live delivery under load: a separate process holds many graphql-ws subscribers across
 * many circles while this one creates posts at a steady rate; every expected delivery is
 * counted. Measures delivery latency, server memory per subscriber and server CPU.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../src/db/database.js';
import { int } from '../../src/db/database.js';
import { cpuSeconds, serverMemory, type ServerProcess } from './processes.js';
import type { FromSubscribers, SubscriberPlan, ToSubscribers } from './subscriber-load.js';

export interface SubscriptionRunOptions {
  servers: ServerProcess[];
  /** Tokens of people to subscribe as (no blocks, no bans: every post must reach them). */
  subscriberTokens: string[];
  /** Open circles, each with the token of a member (also unblocked) who posts in it. */
  circles: Array<{ slug: string; authorToken: string }>;
  subscribers: number;
  postsPerSecond: number;
  seconds: number;
}

export interface SubscriptionRunResult {
  instances: number;
  subscribers: number;
  connected: number;
  circles: number;
  posts: number;
  expected: number;
  delivered: number;
  p50_ms: number;
  p99_ms: number;
  server_rss_mb_before: number;
  server_rss_mb_after: number;
  /** Heap and external memory the subscribers hold, after a full collection, per subscriber. */
  server_kb_per_subscriber: number;
  /** Resident memory growth per subscriber (includes allocator slack). */
  server_rss_kb_per_subscriber: number;
  server_cpu_percent: number;
}

/** Circles and people the subscription runs can use: open circles, nobody blocked or banned. */
export async function subscriptionFixtures(db: Db, circles: number, people: number) {
  const circleRows = await db.read((q) =>
    q.rows<{ slug: string; authorId: string }>(
      `MATCH (c:Circle) WHERE NOT c.membersOnly
       MATCH (c)<-[:MEMBER_OF]-(u:User) WHERE NOT EXISTS { (u)-[:BLOCKED]-() } AND NOT EXISTS { (u)-[:BANNED_FROM]->() }
       WITH c, min(u.id) AS authorId ORDER BY c.slug LIMIT $circles
       RETURN c.slug AS slug, authorId`,
      { circles: int(circles) },
    ),
  );
  const subscriberRows = await db.read((q) =>
    q.rows<{ id: string }>(
      `MATCH (u:User) WHERE NOT EXISTS { (u)-[:BLOCKED]-() } AND NOT EXISTS { (u)-[:BANNED_FROM]->() }
       RETURN u.id AS id ORDER BY u.id LIMIT $people`,
      { people: int(people) },
    ),
  );
  return { circles: circleRows, subscriberIds: subscriberRows.map((row) => row.id) };
}

const MB = 1024 * 1024;
const round = (value: number) => Math.round(value * 10) / 10;

/** The next message of `type` from the subscriber process (scripts/bench/subscriber-load.ts). */
export function subscriberMessage<T extends FromSubscribers['type']>(child: ChildProcess, type: T, timeoutMs: number): Promise<Extract<FromSubscribers, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`subscriber process: no "${type}" within ${timeoutMs / 1000}s`)), timeoutMs);
    const listener = (message: FromSubscribers) => {
      if (message.type !== type) return;
      clearTimeout(timer);
      child.off('message', listener);
      resolve(message as Extract<FromSubscribers, { type: T }>);
    };
    child.on('message', listener);
  });
}

async function post(server: ServerProcess, token: string, circleSlug: string, body: string): Promise<void> {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query: 'mutation Post($input: CreatePostInput!) { createPost(input: $input) { id } }',
      variables: { input: { circleSlug, body } },
    }),
  });
  const json = (await response.json()) as { errors?: unknown };
  if (json.errors) throw new Error(`createPost failed: ${JSON.stringify(json.errors)}`);
}

export async function runSubscriptions(options: SubscriptionRunOptions): Promise<SubscriptionRunResult> {
  const { servers, circles } = options;
  const plan: SubscriberPlan = {
    query: 'subscription Live($slug: String!) { postAdded(circleSlug: $slug) { id body author { handle } } }',
    field: 'postAdded',
    subscriptions: Array.from({ length: options.subscribers }, (_, i) => ({
      url: servers[i % servers.length]!.wsUrl,
      token: options.subscriberTokens[i % options.subscriberTokens.length]!,
      variables: { slug: circles[i % circles.length]!.slug },
    })),
  };
  const perCircle = new Map<string, number>();
  for (const { variables } of plan.subscriptions) perCircle.set(variables.slug as string, (perCircle.get(variables.slug as string) ?? 0) + 1);
  const used = circles.filter((c) => perCircle.has(c.slug));

  const memory = async () => {
    const each = await Promise.all(servers.map(serverMemory));
    return { rss: each.reduce((sum, m) => sum + m.rss, 0), held: each.reduce((sum, m) => sum + m.held, 0) };
  };
  const before = await memory();
  const child = fork(path.join(path.dirname(fileURLToPath(import.meta.url)), 'subscriber-load.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const tell = (message: ToSubscribers) => child.send(message);
  try {
    tell({ type: 'open', plan });
    const opened = await subscriberMessage(child, 'opened', 600_000);
    const warmed = subscriberMessage(child, 'warm', 180_000);
    for (const circle of used) await post(servers[0]!, circle.authorToken, circle.slug, 'warm-up');
    const warm = await warmed;
    if (warm.ready < opened.connected) console.error(`  only ${warm.ready} of ${opened.connected} subscriptions went live`);
    const after = await memory();

    tell({ type: 'measure' });
    const cpuBefore = servers.reduce((sum, s) => sum + cpuSeconds(s.pid), 0);
    const started = Date.now();
    const total = Math.round(options.postsPerSecond * options.seconds);
    let expected = 0;
    const sends: Array<Promise<void>> = [];
    for (let i = 0; i < total; i++) {
      // A steady rate: the i-th post leaves at i / rate seconds, whatever the previous took.
      const due = started + (i * 1000) / options.postsPerSecond;
      if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
      const circle = used[i % used.length]!;
      expected += perCircle.get(circle.slug)!;
      sends.push(post(servers[0]!, circle.authorToken, circle.slug, `Live benchmark sentAt=${Date.now()}`));
    }
    await Promise.all(sends);
    // Let the last deliveries land.
    let report = await (tell({ type: 'report' }), subscriberMessage(child, 'report', 30_000));
    for (let wait = 0; wait < 30 && report.delivered < expected; wait++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      report = await (tell({ type: 'report' }), subscriberMessage(child, 'report', 30_000));
    }
    const wall = (Date.now() - started) / 1000;
    const cpu = servers.reduce((sum, s) => sum + cpuSeconds(s.pid), 0) - cpuBefore;
    return {
      instances: servers.length,
      subscribers: options.subscribers,
      connected: opened.connected,
      circles: used.length,
      posts: total,
      expected,
      delivered: report.delivered,
      p50_ms: report.p50_ms,
      p99_ms: report.p99_ms,
      server_rss_mb_before: round(before.rss / MB),
      server_rss_mb_after: round(after.rss / MB),
      server_kb_per_subscriber: round((after.held - before.held) / 1024 / options.subscribers),
      server_rss_kb_per_subscriber: round((after.rss - before.rss) / 1024 / options.subscribers),
      server_cpu_percent: round((cpu / wall) * 100),
    };
  } finally {
    tell({ type: 'close' });
    await new Promise((resolve) => child.once('exit', resolve));
  }
}
