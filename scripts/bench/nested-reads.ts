/**
 * Nested reads, Quanzi against the Neo4j GraphQL Library over the same database (issue 16).
 *
 *   npx tsx scripts/bench/nested-reads.ts [--quick] [--rounds 5] [--seconds 5] [--concurrency 8] [--shapes profile,feed]
 *
 * For each shape of nested-shapes.ts: checks that both servers answer it without errors,
 * records the Cypher round-trips Quanzi counted, then runs rounds of closed-loop load, each
 * round measuring both servers one after the other (which goes first alternates), so the
 * drift of a shared machine weighs on both alike. Reports the median over the rounds of each
 * round's p50 and p95. `npm run bench` runs the same comparison (compareNestedReads).
 * Standalone, it uses the loaded graph of `npm run bench` (`bench-100k`, or `bench-10k` with
 * --quick; NEO4J_URI to use another) and prints a JSON summary.
 */
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { TokenService } from '../../src/auth/tokens.js';
import { loadConfig } from '../../src/config.js';
import { connectDatabase } from '../../src/db/connect.js';
import { createLogger } from '../../src/logger.js';
import { benchConfig, benchInstance } from '../dataset/bench-config.js';
import { loadedDataset } from '../dataset/load.js';
import { httpLoad, type HttpLoadResult } from './http-load.js';
import { NESTED_SHAPES, type GraphQLRequest, type NestedShape } from './nested-shapes.js';
import { benchServerEnv, startLibraryPeer, startQuanzi, type ServerProcess } from './processes.js';
import { benchViewers, type Viewer } from './scenarios.js';
import { median } from './stats.js';

export interface NestedPlan {
  rounds: number;
  seconds: number;
  concurrency: number;
  /** Names of the shapes to run; all of them when empty. */
  shapes: string[];
  /** How long one client waits for the Library's first answers to a shape before recording that it gave none. */
  libraryDeadlineMs?: number;
}

interface Side {
  /** One client, one request at a time (the check's requests): median. */
  one_client_ms: number;
  p50_ms: number;
  p95_ms: number;
  rps: number;
  failures: number;
  rounds: Array<Pick<HttpLoadResult, 'p50_ms' | 'p95_ms' | 'rps'>>;
}

export interface NestedResult {
  shape: string;
  what: string;
  quanzi_round_trips: number;
  quanzi: Side;
  /** Null when the Library did not answer one client within the deadline: it gets no load then. */
  library: Side | null;
  /** Set when `library` is null: the deadline it missed. */
  library_unanswered_within_ms?: number;
  /** Quanzi's p50 over the Library's: below 1 is faster; null when the Library answered nothing in the windows. */
  quanzi_over_library_p50: number | null;
}

/** Long enough for any answer a person would wait for; short enough that a graph the Library cannot serve does not stall the run. */
const LIBRARY_DEADLINE_MS = 30_000;

const ratio = (a: number, b: number) => (Number.isFinite(a / b) ? Math.round((a / b) * 100) / 100 : null);

async function post(url: string, request: GraphQLRequest, token?: string, deadlineMs?: number) {
  const response = await fetch(url, {
    method: 'POST',
    signal: deadlineMs ? AbortSignal.timeout(deadlineMs) : undefined,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(request),
  });
  return (await response.json()) as { data?: unknown; errors?: unknown; extensions?: { cypher?: { roundTrips: number } } };
}

function summarizeRounds(oneClient: number[], rounds: HttpLoadResult[]): Side {
  return {
    one_client_ms: Math.round(median(oneClient) * 100) / 100,
    p50_ms: median(rounds.map((r) => r.p50_ms)),
    p95_ms: median(rounds.map((r) => r.p95_ms)),
    rps: median(rounds.map((r) => r.rps)),
    failures: rounds.reduce((sum, r) => sum + r.failures, 0),
    rounds: rounds.map(({ p50_ms, p95_ms, rps }) => ({ p50_ms, p95_ms, rps })),
  };
}

/** Both servers on every shape, side by side; `say` reports progress. */
export async function compareNestedReads(
  quanziUrl: string,
  libraryUrl: string,
  viewers: Viewer[],
  plan: NestedPlan,
  say: (message: string) => void,
): Promise<NestedResult[]> {
  let turn = 0;
  // A viewer and another person (whose profile the viewer reads), taken in turn.
  const nextPair = (): [Viewer, Viewer] => [viewers[turn % viewers.length]!, viewers[(turn++ * 7 + 3) % viewers.length]!];
  const results: NestedResult[] = [];
  for (const shape of NESTED_SHAPES.filter((s) => plan.shapes.length === 0 || plan.shapes.includes(s.name))) {
    const checked = await check(shape, quanziUrl, libraryUrl, nextPair, plan.libraryDeadlineMs ?? LIBRARY_DEADLINE_MS);
    const spec = (side: 'quanzi' | 'library') => () => {
      const [viewer, other] = nextPair();
      return side === 'quanzi'
        ? { body: JSON.stringify(shape.quanzi(viewer, other)), headers: { authorization: `Bearer ${viewer.token}` } }
        : { body: JSON.stringify(shape.library(viewer, other)) };
    };
    // Warm both (Neo4j's plan cache and page cache, Node's JIT) before measuring either.
    const sides = checked.library ? (['quanzi', 'library'] as const) : (['quanzi'] as const);
    for (const side of sides) await httpLoad(side === 'quanzi' ? quanziUrl : libraryUrl, plan.concurrency, Math.max(2, plan.seconds), spec(side));
    const quanzi: HttpLoadResult[] = [];
    const library: HttpLoadResult[] = [];
    for (let round = 0; round < plan.rounds; round++) {
      const order = round % 2 === 0 ? sides : [...sides].reverse();
      for (const side of order) {
        const result = await httpLoad(side === 'quanzi' ? quanziUrl : libraryUrl, plan.concurrency, plan.seconds, spec(side));
        (side === 'quanzi' ? quanzi : library).push(result);
      }
    }
    const result: NestedResult = {
      shape: shape.name,
      what: shape.what,
      quanzi_round_trips: checked.trips,
      quanzi: summarizeRounds(checked.quanzi, quanzi),
      library: checked.library ? summarizeRounds(checked.library, library) : null,
      ...(checked.library ? {} : { library_unanswered_within_ms: plan.libraryDeadlineMs ?? LIBRARY_DEADLINE_MS }),
      quanzi_over_library_p50: null,
    };
    result.quanzi_over_library_p50 = result.library ? ratio(result.quanzi.p50_ms, result.library.p50_ms) : null;
    say(
      `  ${shape.name}: Quanzi p50 ${result.quanzi.p50_ms} ms / p95 ${result.quanzi.p95_ms} ms (${checked.trips} round-trips; one client ${result.quanzi.one_client_ms} ms), ` +
        (result.library
          ? `Library p50 ${result.library.p50_ms} ms / p95 ${result.library.p95_ms} ms (one client ${result.library.one_client_ms} ms): ${result.quanzi_over_library_p50}×`
          : `Library: no answer for one client within ${result.library_unanswered_within_ms} ms`),
    );
    results.push(result);
  }
  return results;
}

/**
 * Both answer without errors; Quanzi's round-trips, and each side's time for one client
 * asking alone (the requests take turns), medians of 5. `library` is null when one of the
 * Library's answers takes longer than `deadlineMs` (it is then asked no more).
 */
async function check(shape: NestedShape, quanziUrl: string, libraryUrl: string, nextPair: () => [Viewer, Viewer], deadlineMs: number) {
  const trips: number[] = [];
  const quanzi: number[] = [];
  let library: number[] | null = [];
  const timed = async <T>(times: number[], request: Promise<T>) => {
    const started = performance.now();
    const answer = await request;
    times.push(performance.now() - started);
    return answer;
  };
  for (let i = 0; i < 5; i++) {
    const [viewer, other] = nextPair();
    const ours = await timed(quanzi, post(quanziUrl, shape.quanzi(viewer, other), viewer.token));
    if (ours.errors) throw new Error(`${shape.name} fails on Quanzi: ${JSON.stringify(ours.errors)}`);
    trips.push(ours.extensions?.cypher?.roundTrips ?? Number.NaN);
    if (!library) continue;
    const theirs = await timed(library, post(libraryUrl, shape.library(viewer, other), undefined, deadlineMs)).catch((error: unknown) => {
      if ((error as Error).name === 'TimeoutError') return null;
      throw error;
    });
    if (!theirs) library = null;
    else if (theirs.errors) throw new Error(`${shape.name} fails on the Library: ${JSON.stringify(theirs.errors)}`);
  }
  return { trips: median(trips), quanzi, library };
}

async function main() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      rounds: { type: 'string', default: '5' },
      seconds: { type: 'string', default: '5' },
      concurrency: { type: 'string', default: '8' },
      shapes: { type: 'string', default: '' },
    },
  });
  const shapes = values.shapes ? values.shapes.split(',') : [];
  const plan = { rounds: Number(values.rounds), seconds: Number(values.seconds), concurrency: Number(values.concurrency), shapes };
  const known = NESTED_SHAPES.map((s) => s.name);
  if (![plan.rounds, plan.seconds, plan.concurrency].every((n) => Number.isInteger(n) && n > 0) || shapes.some((s) => !known.includes(s))) {
    console.error(`Usage: npx tsx scripts/bench/nested-reads.ts [--quick] [--rounds 5] [--seconds 5] [--concurrency 8] [--shapes ${known.join(',')}]`);
    process.exit(2);
  }
  const say = (message: string) => console.error(`[bench:nested] ${message}`);
  const users = values.quick ? 10_000 : 100_000;
  const config = benchConfig(loadConfig(), users);
  const connection = await connectDatabase(config, createLogger({ ...config, logLevel: 'warn' }), benchInstance(users));
  const servers: ServerProcess[] = [];
  try {
    const loaded = await loadedDataset(connection);
    if (!loaded) throw new Error('No generated graph in this database: run `npm run bench` (or `npm run dataset`) first.');
    const db = connection.database.forRequest();
    const secret = randomBytes(32).toString('hex');
    const tokens = new TokenService({ secrets: [secret], ttlSeconds: 6 * 3600, issuer: config.jwt.issuer, audience: config.jwt.audience });
    const viewers = (await benchViewers(db, 200)).map((v) => ({ ...v, token: tokens.issueForUser(v.id, randomUUID()).token }));
    const env = benchServerEnv(connection, config, secret);
    say('starting Quanzi (production mode) and the Neo4j GraphQL Library peer…');
    const quanzi = await startQuanzi(env);
    servers.push(quanzi);
    const library = await startLibraryPeer(env);
    servers.push(library);
    say(`${plan.rounds} rounds of ${plan.seconds} s per server and shape, ${plan.concurrency} clients, ${loaded.users.toLocaleString('en')} people`);
    const results = await compareNestedReads(quanzi.url, library.url, viewers, plan, say);
    console.log(JSON.stringify({ started: new Date().toISOString(), users: loaded.users, plan, results }, null, 2));
  } finally {
    await Promise.allSettled(servers.map((server) => server.stop()));
    await connection.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) await main();
