/**
 * npx tsx scripts/bench/conversations.ts [--quick] [--messages N] [--seconds S] [--concurrency C] [--out DIR]
 *
 * A page of a conversation, in a conversation of 100,000 messages and in one of 20: the
 * same GraphQL request to both (the newest 20, the first 20, and 20 from the middle of the
 * long one), closed-loop over HTTP against a Quanzi server in production mode (one client
 * by default: the time a reader waits), with the database hits each page costs under
 * PROFILE and the Cypher round-trips the server counted. The page must cost the same in
 * both: it reads the (conversationId, seq) index in order. (The 20-message conversation
 * reads one entry less: a page reads one past its end, to tell whether another follows,
 * and there is no 21st message.)
 *
 * Uses the local `bench-100k` database (`bench-10k` with --quick, 10,000 messages), or
 * NEO4J_URI; it needs no generated graph, and leaves whatever graph is there as it was: its
 * four people and their conversations are removed at the end. The two conversations are
 * opened and ended by real sends (the repository's sendMessage); the long one's middle is
 * written in batches, in the shape sendMessage writes. Writes a JSON summary; the last line
 * printed is its path.
 */
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { TokenService } from '../../src/auth/tokens.js';
import { loadConfig } from '../../src/config.js';
import { markRead, messagesOf, sendMessage } from '../../src/conversations/conversations.repository.js';
import { connectDatabase } from '../../src/db/connect.js';
import { int } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrations.js';
import { encodeCursor, type TwoWayPageRequest } from '../../src/graph/cursors.js';
import { createLogger } from '../../src/logger.js';
import { benchConfig, benchInstance } from '../dataset/bench-config.js';
import { PlanCost, profilingDb } from '../lib/profiling-db.js';
import { httpLoad, type HttpLoadResult } from './http-load.js';
import { benchServerEnv, startQuanzi, type ServerProcess } from './processes.js';
import { median } from './stats.js';
import { machine, writeSummary } from './summary.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    messages: { type: 'string' },
    seconds: { type: 'string' },
    concurrency: { type: 'string', default: '1' },
    out: { type: 'string', default: 'bench-results' },
  },
});
const quick = values.quick!;
const plan = {
  long: Number(values.messages ?? (quick ? 10_000 : 100_000)),
  short: 20,
  /** Seconds of load per page, in `rounds` turns. */
  seconds: Number(values.seconds ?? (quick ? 6 : 30)),
  rounds: quick ? 2 : 6,
  warmup: quick ? 2 : 5,
  concurrency: Number(values.concurrency),
  /** Real sends that open and end each conversation (the rest of the long one is written in batches). */
  realSends: 10,
  batch: 10_000,
};
if (![plan.long, plan.seconds, plan.concurrency].every((n) => Number.isInteger(n) && n > 0) || plan.long < 2 * plan.realSends) {
  console.error('Usage: npx tsx scripts/bench/conversations.ts [--quick] [--messages N ≥ 20] [--seconds S] [--concurrency C]');
  process.exit(2);
}

const say = (message: string) => console.error(`[bench:conversations] ${message}`);
const runStarted = new Date();
const config = benchConfig(loadConfig());
const connection = await connectDatabase(config, createLogger({ ...config, logLevel: 'warn' }), benchInstance(quick ? 10_000 : 100_000));
const tag = randomBytes(4).toString('hex');
const handles = ['a', 'b', 'c', 'd'].map((x) => `bench_conv_${tag}_${x}`);
let server: ServerProcess | null = null;

/** The GraphQL request a chat screen sends for a page of one conversation. */
const PAGE_QUERY = `query Page($with: String!, $first: Int, $last: Int, $before: String) {
  conversation(withHandle: $with) {
    id
    unreadCount
    messages(first: $first, last: $last, before: $before) {
      edges { cursor node { id body seq createdAt readAt from { handle } } }
      pageInfo { hasPreviousPage hasNextPage startCursor }
    }
  }
}`;

try {
  const db = connection.database.forRequest();
  await migrate(connection.database);
  say(`four people, two conversations: ${plan.long.toLocaleString('en')} messages and ${plan.short}`);
  const people = await db.write((q) =>
    q.rows<{ id: string; handle: string }>(
      `UNWIND $handles AS handle
       CREATE (u:User {id: randomUUID(), handle: handle, realName: 'Bench ' + handle, verified: false, bio: null, createdAt: datetime()})
       RETURN u.id AS id, u.handle AS handle`,
      { handles },
    ),
  );
  const [a, b, c, d] = handles.map((handle) => people.find((p) => p.handle === handle)!) as [typeof people[0], typeof people[0], typeof people[0], typeof people[0]];
  await db.write((q) =>
    q.rows('UNWIND $pairs AS pair MATCH (x:User {id: pair[0]}), (y:User {id: pair[1]}) CREATE (x)-[:CONNECTED {since: datetime()}]->(y)', {
      pairs: [
        [a.id, b.id],
        [c.id, d.id],
      ],
    }),
  );
  const sendAs = (from: typeof a, to: typeof a, body: string) => sendMessage(db, from.id, { toHandle: to.handle, body, clientMessageId: null });
  // Bodies of one length everywhere, so every page reads the same bytes.
  const bodyOf = (n: number) => `Message ${String(n).padStart(7, '0')}`;
  const sendTurns = async (x: typeof a, y: typeof a, count: number, from: number) => {
    for (let i = 0; i < count; i++) await (i % 2 === 0 ? sendAs(x, y, bodyOf(from + i)) : sendAs(y, x, bodyOf(from + i)));
  };
  await sendTurns(c, d, plan.short, 1);
  await sendTurns(a, b, plan.realSends, 1);
  const conversationId = (await db.read((q) => q.one<{ id: string }>('MATCH (:User {id: $id})-[p:IN_CONVERSATION]->(c:Conversation) RETURN c.id AS id', { id: a.id })))!.id;
  const middle = plan.long - 2 * plan.realSends;
  for (let done = 0; done < middle; done += plan.batch) {
    const count = Math.min(plan.batch, middle - done);
    await db.write((q) =>
      q.rows(
        `MATCH (conversation:Conversation {id: $conversationId})
         UNWIND range(1, $count) AS i
         WITH conversation, conversation.lastSeq + i AS seq
         CREATE (:Message {id: randomUUID(), conversationId: conversation.id, seq: seq,
                           fromId: CASE seq % 2 WHEN 0 THEN $a ELSE $b END, toId: CASE seq % 2 WHEN 0 THEN $b ELSE $a END,
                           body: 'Message ' + right('000000' + toString(seq), 7), createdAt: datetime(), readAt: datetime(), clientMessageId: 'bench:' + $tag + ':' + seq})
         WITH conversation, max(seq) AS last
         SET conversation.lastSeq = last`,
        { conversationId, count: int(count), a: a.id, b: b.id, tag },
      ),
    );
    say(`  ${(done + count + plan.realSends).toLocaleString('en')} messages written`);
  }
  await sendTurns(a, b, plan.realSends, plan.long - plan.realSends + 1);
  // Everything read, as the middle is written: every page then reads the same fields.
  for (const [x, y] of [[a, b], [b, a], [c, d], [d, c]] as const) await markRead(db, x.id, y.handle);
  const counts = await db.read((q) =>
    q.rows<{ id: string; n: number; lastSeq: number }>(
      'UNWIND [$a, $c] AS id MATCH (:User {id: id})-[:IN_CONVERSATION]->(c:Conversation) RETURN id, c.lastSeq AS lastSeq, COUNT { (m:Message {conversationId: c.id}) } AS n',
      { a: a.id, c: c.id },
    ),
  );
  for (const row of counts) if (row.n !== row.lastSeq) throw new Error(`fixture: ${row.n} messages but lastSeq ${row.lastSeq}`);

  const secret = randomBytes(32).toString('hex');
  const tokens = new TokenService({ secrets: [secret], ttlSeconds: 3600, issuer: config.jwt.issuer, audience: config.jwt.audience });
  say('starting Quanzi (production mode)…');
  server = await startQuanzi(benchServerEnv(connection, config, secret));

  const conversations = {
    long: { viewer: a, other: b, id: conversationId, messages: plan.long },
    short: { viewer: c, other: d, id: (await db.read((q) => q.one<{ id: string }>('MATCH (:User {id: $id})-[:IN_CONVERSATION]->(c:Conversation) RETURN c.id AS id', { id: c.id })))!.id, messages: plan.short },
  };
  const pages: Array<{ name: string; of: 'long' | 'short'; variables: Record<string, unknown>; page: TwoWayPageRequest }> = [];
  for (const of of ['long', 'short'] as const) {
    pages.push({ name: 'newest 20', of, variables: { last: 20 }, page: { size: 20, backward: true, after: null, before: null } });
    pages.push({ name: 'first 20', of, variables: { first: 20 }, page: { size: 20, backward: false, after: null, before: null } });
  }
  const half = Math.floor(plan.long / 2);
  pages.push({ name: `20 before #${half.toLocaleString('en')}`, of: 'long', variables: { last: 20, before: encodeCursor([half]) }, page: { size: 20, backward: true, after: null, before: [half] } });

  // Every page checked and profiled, then all warmed together (Neo4j's plans and page cache,
  // Node's JIT), then each measured: the first page measured is as warm as the last.
  const prepared = [];
  for (const { name, of, variables, page } of pages) {
    const { viewer, other, id, messages } = conversations[of];
    const token = tokens.issueForUser(viewer.id, randomUUID()).token;
    const body = JSON.stringify({ query: PAGE_QUERY, variables: { with: other.handle, ...variables } });
    const check = (await (await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body })).json()) as {
      data?: { conversation: { messages: { edges: unknown[] } } };
      errors?: unknown;
      extensions?: { cypher?: { roundTrips: number } };
    };
    if (check.errors || check.data?.conversation.messages.edges.length !== 20) throw new Error(`${name} of the ${of} conversation: ${JSON.stringify(check).slice(0, 400)}`);
    const hits: number[] = [];
    for (let i = 0; i < 3; i++) {
      const cost = new PlanCost();
      await messagesOf(profilingDb(connection.database.driver, config.neo4j.database, cost), viewer.id, [id], page);
      hits.push(cost.dbHits);
    }
    const spec = () => ({ body, headers: { authorization: `Bearer ${token}` } });
    prepared.push({ name, of, messages, spec, db_hits: median(hits), cypher_round_trips: check.extensions?.cypher?.roundTrips ?? null });
  }
  say(`warming up every page, ${plan.warmup} s each`);
  for (const { spec } of prepared) await httpLoad(server.url, plan.concurrency, plan.warmup, spec);
  // Rounds in turn, so a machine that speeds up or slows down over the run (ours is shared)
  // weighs on every page alike; each page's figures are the medians of its rounds.
  const rounds = new Map<(typeof prepared)[number], HttpLoadResult[]>(prepared.map((p) => [p, []]));
  for (let round = 0; round < plan.rounds; round++) {
    for (const entry of prepared) {
      const load = await httpLoad(server.url, plan.concurrency, plan.seconds / plan.rounds, entry.spec);
      if (load.failures > 0) throw new Error(`${entry.name} of the ${entry.of} conversation: ${load.failures} failed requests`);
      rounds.get(entry)!.push(load);
    }
  }
  const results: Array<Record<string, unknown>> = [];
  for (const { name, of, messages, db_hits, cypher_round_trips } of prepared) {
    const loads = rounds.get(prepared.find((p) => p.name === name && p.of === of)!)!;
    const figures = {
      requests: loads.reduce((n, load) => n + load.requests, 0),
      p50_ms: median(loads.map((load) => load.p50_ms)),
      p95_ms: median(loads.map((load) => load.p95_ms)),
      p99_ms: median(loads.map((load) => load.p99_ms)),
      rps: median(loads.map((load) => load.rps)),
    };
    results.push({ conversation: of, messages, page: name, ...figures, db_hits, cypher_round_trips, rounds: loads });
    say(`${of} (${messages.toLocaleString('en')} messages), ${name}: p50 ${figures.p50_ms} ms, p95 ${figures.p95_ms} ms, ${figures.rps} req/s, ${db_hits} db hits, ${cypher_round_trips} round-trips`);
  }

  const summary = {
    run: { quick, started: runStarted.toISOString(), concurrency: plan.concurrency, seconds_per_page: plan.seconds, rounds: plan.rounds },
    machine: machine(),
    query: PAGE_QUERY.replace(/\s+/g, ' '),
    results,
  };
  writeSummary(values.out!, 'conversations.json', summary);
} finally {
  await server?.stop();
  // Leave the graph as it was: this run's people, with their conversations and messages.
  const cleanUp = [
    `MATCH (u:User)-[:IN_CONVERSATION]->(c:Conversation) WHERE u.handle IN $handles
     WITH DISTINCT c.id AS id
     MATCH (m:Message {conversationId: id})
     CALL (m) { DELETE m } IN TRANSACTIONS OF 10000 ROWS`,
    `MATCH (u:User) WHERE u.handle IN $handles
     OPTIONAL MATCH (u)-[:IN_CONVERSATION]->(c:Conversation)
     DETACH DELETE c, u`,
  ];
  for (const cypher of cleanUp) {
    await connection.database.autoCommit(cypher, { handles }).catch((error: Error) => say(`could not remove this run's people and messages: ${error.message}`));
  }
  await connection.close();
}
