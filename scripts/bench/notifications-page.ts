/**
 * npx tsx scripts/bench/notifications-page.ts [--notifications 100000] [--requests 300] [--seconds 10]
 *
 * The notifications page for a person with 100,000 notifications against one with 20: the
 * same request a client sends for its notification screen (20 with actors), its unread
 * version, a page deep in the list, one client at a time (p50/p95 over `--requests`) and 8
 * at once for `--seconds`; the Cypher round-trips the server counted, and the database hits
 * of the page under PROFILE. The notifications are made by notify, the function the causing
 * writes call (batches of 1,000), from 1,000 established, verified senders, then spread a
 * second apart; the older half is marked read with markNotificationsRead's own function. Uses the local `bench-100k` database
 * (or NEO4J_URI); what it adds is deleted at the end. Prints a JSON summary.
 */
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { TokenService } from '../../src/auth/tokens.js';
import { loadConfig } from '../../src/config.js';
import { connectDatabase } from '../../src/db/connect.js';
import { int, type Db } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrations.js';
import { encodeCursor } from '../../src/graph/cursors.js';
import { NotificationKind } from '../../src/graph/notification-kinds.js';
import { notify, type NotificationEvent } from '../../src/graph/notifications.js';
import { createLogger } from '../../src/logger.js';
import { markRead, notificationPage } from '../../src/notifications/notifications.repository.js';
import { benchConfig, benchInstance } from '../dataset/bench-config.js';
import { PlanCost, profilingDb } from '../lib/profiling-db.js';
import { httpLoad } from './http-load.js';
import { benchServerEnv, startQuanzi } from './processes.js';
import { median, summarize } from './stats.js';

const { values } = parseArgs({ options: { notifications: { type: 'string', default: '100000' }, requests: { type: 'string', default: '300' }, seconds: { type: 'string', default: '10' } } });
const plan = { heavy: Number(values.notifications), light: 20, requests: Number(values.requests), seconds: Number(values.seconds), senders: 1000, batch: 1000 };
const say = (message: string) => console.error(`[bench:notifications] ${message}`);

const SCREEN = `query NotificationsScreen($after: String, $unreadOnly: Boolean) {
  notifications(first: 20, after: $after, unreadOnly: $unreadOnly) {
    edges { cursor node { id kind createdAt updatedAt readAt otherActorCount message creditScore actor { handle realName verified } circle { name } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const config = benchConfig(loadConfig());
const connection = await connectDatabase(config, createLogger({ ...config, logLevel: 'warn' }), benchInstance(100_000));
const run = randomBytes(4).toString('hex');
const prefix = `zz_bn_${run}_`;
let stopServer: (() => Promise<void>) | null = null;
const made: string[] = [];

/** People written straight into the graph: established (a year old) and verified, so the default policy shows what they cause. */
async function people(db: Db, names: string[]): Promise<string[]> {
  const rows = await db.write((q) =>
    q.rows<{ id: string }>(
      `UNWIND $names AS name
       CREATE (u:User {id: randomUUID(), handle: name, realName: 'Bench ' + name, verified: true, scoreVisibility: 'BAND_ONLY', vouchVisibility: 'PRIVATE',
                       createdAt: datetime() - duration('P365D')})
       RETURN u.id AS id`,
      { names },
    ),
  );
  return rows.map((row) => row.id);
}

/** `count` notifications for `recipientId` through notify, in batches: four in five connection requests, one in five credit scores. */
async function fill(recipientId: string, senders: string[], count: number): Promise<number> {
  const started = Date.now();
  for (let done = 0; done < count; done += plan.batch) {
    const events: NotificationEvent[] = Array.from({ length: Math.min(plan.batch, count - done) }, (_, i) =>
      (done + i) % 5 === 4
        ? { kind: NotificationKind.CREDIT_SCORE_RECORDED, recipientId, actorId: null, score: 600 + ((done + i) % 300) }
        : { kind: NotificationKind.CONNECTION_REQUEST_RECEIVED, recipientId, actorId: senders[(done + i) % senders.length]!, message: `Request ${done + i}` },
    );
    await connection.database.forRequest().write((q) => notify(q, events));
    if ((done / plan.batch) % 20 === 19) say(`  ${(done + events.length).toLocaleString('en')} notifications`);
  }
  return Date.now() - started;
}

/**
 * A batch's notifications share one moment (one statement); a person's notifications come
 * from separate writes, moments apart. Spreads the person's a second apart, in their order,
 * so that pages meet the index as they would after months of use (ties within one moment are
 * ordered by id, which costs reading every notification of that moment).
 */
async function spreadInTime(recipientId: string): Promise<void> {
  await connection.database.forRequest().write((q) =>
    q.rows(
      `MATCH (n:Notification) WHERE n.recipientId = $recipientId AND n.filtered IS NOT NULL AND n.at IS NOT NULL
       WITH n ORDER BY n.at, n.id
       WITH collect(n) AS ordered
       UNWIND range(0, size(ordered) - 1) AS i
       WITH ordered[i] AS n, datetime.truncate('second', datetime()) - duration({seconds: size(ordered) - i}) AS at
       SET n.at = at, n.createdAt = at, n.unreadAt = CASE WHEN n.readAt IS NULL THEN at END`,
      { recipientId },
    ),
  );
}

/** The person's `n`th newest notification (0-based): its id, and the cursor that continues after it. */
async function keyAt(db: Db, recipientId: string, n: number): Promise<{ id: string; key: [string, string]; cursor: string }> {
  const row = await db.read((q) =>
    q.one<{ at: string; id: string }>(
      `MATCH (x:Notification) WHERE x.recipientId = $recipientId AND x.filtered = false AND x.at IS NOT NULL
       WITH x ORDER BY x.recipientId DESC, x.filtered DESC, x.at DESC, x.id DESC SKIP $n LIMIT 1
       RETURN toString(x.at) AS at, x.id AS id`,
      { recipientId, n: int(n) },
    ),
  );
  const key: [string, string] = [new Date(row!.at).toISOString(), row!.id];
  return { id: row!.id, key, cursor: encodeCursor(key) };
}

/** Deletes what this run made, a batch per transaction (whatever the database's transaction timeout). */
async function removeRun(): Promise<void> {
  const batches = [
    `MATCH (n:Notification) WHERE n.recipientId IN $made AND n.filtered IS NOT NULL AND n.at IS NOT NULL WITH n LIMIT 5000 DETACH DELETE n RETURN count(*) AS n`,
    `MATCH (u:User) WHERE u.handle STARTS WITH $prefix WITH u LIMIT 500 DETACH DELETE u RETURN count(*) AS n`,
  ];
  for (const cypher of batches) {
    while (((await connection.database.forRequest().write((q) => q.one<{ n: number }>(cypher, { made, prefix })))?.n ?? 0) > 0);
  }
}

try {
  await migrate(connection.database);
  const db = connection.database.forRequest();
  say(`making ${plan.senders.toLocaleString('en')} senders, and notifications for two people: ${plan.heavy.toLocaleString('en')} and ${plan.light}`);
  const senders = await people(db, Array.from({ length: plan.senders }, (_, i) => `${prefix}s${i}`));
  const [heavy, light] = await people(db, [`${prefix}heavy`, `${prefix}light`]);
  made.push(heavy!, light!);
  const fillMs = await fill(heavy!, senders, plan.heavy);
  await fill(light!, senders, plan.light);
  for (const person of made) await spreadInTime(person);
  const halfway = await keyAt(db, heavy!, Math.floor(plan.heavy / 2));
  const markStarted = Date.now();
  await markRead(db, heavy!, halfway.id);
  const markMs = Date.now() - markStarted;
  say(`made ${plan.heavy.toLocaleString('en')} in ${(fillMs / 1000).toFixed(1)} s; marked the older half read in ${(markMs / 1000).toFixed(1)} s`);

  const secret = randomBytes(32).toString('hex');
  const tokens = new TokenService({ secrets: [secret], ttlSeconds: 3600, issuer: config.jwt.issuer, audience: config.jwt.audience });
  const server = await startQuanzi(benchServerEnv(connection, config, secret));
  stopServer = server.stop;
  const deep = await keyAt(db, heavy!, Math.floor(plan.heavy * 0.9));
  const cases: Record<string, { who: string; variables: { unreadOnly?: boolean; after?: string } }> = {
    light_first_page: { who: light!, variables: {} },
    heavy_first_page: { who: heavy!, variables: {} },
    heavy_unread_first_page: { who: heavy!, variables: { unreadOnly: true } },
    heavy_page_at_90_percent: { who: heavy!, variables: { after: deep.cursor } },
  };
  const send: Record<string, () => Promise<{ ms: number; trips: number }>> = {};
  for (const [name, { who, variables }] of Object.entries(cases)) {
    const token = tokens.issueForUser(who, randomUUID()).token;
    const body = JSON.stringify({ query: SCREEN, variables });
    send[name] = async () => {
      const started = performance.now();
      const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
      const answer = (await response.json()) as { errors?: unknown; data?: { notifications: { edges: unknown[] } }; extensions?: { cypher?: { roundTrips: number } } };
      if (answer.errors || answer.data?.notifications.edges.length !== 20) throw new Error(`${name}: ${JSON.stringify(answer).slice(0, 400)}`);
      return { ms: performance.now() - started, trips: answer.extensions?.cypher?.roundTrips ?? Number.NaN };
    };
  }
  // One client: the cases take turns, request by request, so that a busy moment of the
  // machine (it is shared) falls on all of them alike; a warm-up round first.
  const names = Object.keys(cases);
  for (let i = 0; i < 50; i++) for (const name of names) await send[name]!();
  const samples = Object.fromEntries(names.map((name) => [name, { ms: [] as number[], trips: [] as number[] }]));
  const started = performance.now();
  for (let i = 0; i < plan.requests; i++) {
    for (const name of names) {
      const { ms, trips } = await send[name]!();
      samples[name]!.ms.push(ms);
      samples[name]!.trips.push(trips);
    }
  }
  const elapsed = (performance.now() - started) / 1000;
  const results: Record<string, unknown> = {};
  for (const [name, { who, variables }] of Object.entries(cases)) {
    const sequential = summarize(samples[name]!.ms, elapsed / names.length);
    const token = tokens.issueForUser(who, randomUUID()).token;
    const eight = await httpLoad(server.url, 8, plan.seconds, () => ({ body: JSON.stringify({ query: SCREEN, variables }), headers: { authorization: `Bearer ${token}` } }));
    const cost = new PlanCost();
    const page = { size: 20, backward: false, after: variables.after ? deep.key : null, before: null };
    await notificationPage(profilingDb(connection.database.driver, config.neo4j.database, cost), who, { filtered: false, unreadOnly: variables.unreadOnly ?? false }, page);
    const trips = median(samples[name]!.trips);
    results[name] = { one_client: sequential, concurrency_8: eight, cypher_round_trips: trips, db_hits: cost.dbHits };
    say(`${name}: one client p50 ${sequential.p50_ms} ms, p95 ${sequential.p95_ms} ms; 8 clients p50 ${eight.p50_ms} ms, ${eight.rps} req/s; ${trips} round-trip(s), ${cost.dbHits} db hits`);
  }
  console.log(JSON.stringify({ notifications: { heavy: plan.heavy, light: plan.light }, fill_ms: fillMs, mark_older_half_read_ms: markMs, results }, null, 2));
} finally {
  await stopServer?.();
  say('removing what this run added');
  await removeRun().catch((error: Error) => say(`could not remove this run's data: ${error.message}`));
  await connection.close();
}
