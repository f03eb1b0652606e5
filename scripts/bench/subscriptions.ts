/**
 * Live delivery under load: a separate process holds many graphql-ws subscribers across
 * many circles while this one creates posts at a steady rate; every expected delivery is
 * counted. Measures delivery latency, server memory per subscriber and server CPU.
 */
import type { Db } from '../../src/db/database.js';
import { int } from '../../src/db/database.js';
import { cpuSeconds, serverMemory, type ServerProcess } from './processes.js';
import type { SubscriberPlan } from './subscriber-load.js';
import { SubscriberPool } from './subscriber-pool.js';

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
  /** Posts the server refused (SERVICE_UNAVAILABLE under overload): their deliveries are not expected. */
  refused_posts: number;
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

/** Writes a post; false when the server refused it (an overloaded database answers SERVICE_UNAVAILABLE): its deliveries are then not expected. */
async function post(server: ServerProcess, token: string, circleSlug: string, body: string): Promise<boolean> {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query: 'mutation Post($input: CreatePostInput!) { createPost(input: $input) { id } }',
      variables: { input: { circleSlug, body } },
    }),
  });
  const json = (await response.json()) as { errors?: Array<{ message: string }> };
  if (json.errors) console.error(`  createPost refused: ${json.errors[0]?.message}`);
  return !json.errors;
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
  const { pool, connected } = await SubscriberPool.open(plan);
  try {
    // A warm-up post in each circle proves its subscriptions live. graphql-ws does not
    // acknowledge a subscription, and one refused at set-up is asked for again later, so
    // circles with subscriptions that had none get another, a few rounds at most.
    let waiting = used;
    for (let round = 1; waiting.length > 0 && round <= 10; round++) {
      for (const circle of waiting) await post(servers[0]!, circle.authorToken, circle.slug, 'warm-up');
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const pending = await pool.pending();
      const slugs = new Set(pending.indexes.map((i) => plan.subscriptions[i]!.variables.slug as string));
      waiting = used.filter((circle) => slugs.has(circle.slug));
      if (waiting.length > 0) console.error(`  ${pending.indexes.length} subscriptions not live yet (${pending.refused} refused so far: ${JSON.stringify(pending.refusals)})`);
    }
    if (waiting.length > 0) console.error('  measuring anyway: the subscriptions that never went live count as lost');
    const after = await memory();

    pool.measure();
    const cpuBefore = servers.reduce((sum, s) => sum + cpuSeconds(s.pid), 0);
    const started = Date.now();
    const total = Math.round(options.postsPerSecond * options.seconds);
    let expected = 0;
    let refusedPosts = 0;
    const sends: Array<Promise<void>> = [];
    for (let i = 0; i < total; i++) {
      // A steady rate: the i-th post leaves at i / rate seconds, whatever the previous took.
      const due = started + (i * 1000) / options.postsPerSecond;
      if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
      const circle = used[i % used.length]!;
      sends.push(
        post(servers[0]!, circle.authorToken, circle.slug, `Live benchmark sentAt=${Date.now()}`).then((written) =>
          written ? void (expected += perCircle.get(circle.slug)!) : void (refusedPosts += 1),
        ),
      );
    }
    await Promise.all(sends);
    // Let the last deliveries land.
    let report = await pool.report();
    for (let wait = 0; wait < 30 && report.delivered < expected; wait++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      report = await pool.report();
    }
    const wall = (Date.now() - started) / 1000;
    const cpu = servers.reduce((sum, s) => sum + cpuSeconds(s.pid), 0) - cpuBefore;
    return {
      instances: servers.length,
      subscribers: options.subscribers,
      connected,
      circles: used.length,
      posts: total,
      refused_posts: refusedPosts,
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
    await pool.close();
  }
}
