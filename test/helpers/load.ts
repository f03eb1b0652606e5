/**
 * Load for the fault tests: requests fired on a fixed beat, each awaited on its own, every
 * outcome recorded (acknowledged, refused with a code, no answer, or hung); then what the
 * database holds, /readyz, fresh connections, and a server logger that counts its causes.
 */
import { request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import { print } from 'graphql';
import { pino } from 'pino';
import type { Database } from '../../src/db/database.js';
import { CirclePostsDocument, FaultCreatePostDocument } from '../generated/graphql.js';


export const now = () => performance.now();
export const round = (ms: number) => Math.round(ms);

/** A request that has not settled after this long is a hang. */
const HANG_MS = 25_000;

// ---------------------------------------------------------------------------------------
// Load: requests fired on a fixed beat, each awaited on its own, every outcome recorded.

export interface Outcome {
  n: number;
  kind: 'write' | 'read';
  body?: string;
  /** performance.now() when the request was sent, and how long it took. */
  startedAt: number;
  ms: number;
  status?: number;
  /** The id of an acknowledged write (HTTP 200 with data.createPost.id). */
  id?: string;
  /** extensions.code of the first error, for answered requests that failed. */
  code?: string;
  /** For requests that got no HTTP answer: the network error's code. */
  network?: string;
  hung?: boolean;
}

export const CREATE_POST = print(FaultCreatePostDocument);
const CIRCLE_POSTS = print(CirclePostsDocument);

function networkCode(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? (error as { code?: string }).code ?? (error as Error).name ?? 'UNKNOWN';
}

export async function send(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  token: string,
  headers: Record<string, string> = {},
): Promise<Pick<Outcome, 'status' | 'code' | 'network' | 'hung'> & { data?: Record<string, unknown> | null }> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(HANG_MS),
    });
    const text = await response.text();
    let json: { data?: Record<string, unknown> | null; errors?: Array<{ extensions?: { code?: string } }> } = {};
    try {
      json = JSON.parse(text);
    } catch {
      return { status: response.status, code: `NOT_JSON` };
    }
    const code = json.errors?.[0]?.extensions?.code;
    return { status: response.status, data: json.data, code: json.errors ? String(code ?? 'NO_CODE') : undefined };
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError') return { hung: true, network: 'HUNG' };
    return { network: networkCode(error) };
  }
}

export async function writePost(url: string, token: string, circleSlug: string, n: number, body: string, headers?: Record<string, string>): Promise<Outcome> {
  const startedAt = now();
  const result = await send(url, CREATE_POST, { input: { circleSlug, body } }, token, headers);
  const post = (result.data?.createPost ?? null) as { id: string; body: string } | null;
  const acknowledged = result.status === 200 && !result.code && post?.id && post.body === body;
  return {
    n,
    kind: 'write',
    body,
    startedAt,
    ms: now() - startedAt,
    status: result.status,
    id: acknowledged ? post!.id : undefined,
    code: result.code,
    network: result.network,
    hung: result.hung,
  };
}

export async function readPosts(url: string, token: string, slug: string, n: number): Promise<Outcome> {
  const startedAt = now();
  const result = await send(url, CIRCLE_POSTS, { slug, first: 5 }, token);
  return { n, kind: 'read', startedAt, ms: now() - startedAt, status: result.status, code: result.code, network: result.network, hung: result.hung };
}

export interface Load {
  outcomes: Outcome[];
  /** Stops firing and waits for every request in flight to settle. */
  stop(): Promise<Outcome[]>;
}

/** Loads still firing: a test that fails half-way leaves its load to the afterAll hooks. */
const firing = new Set<NodeJS.Timeout>();
export const haltLoads = () => {
  for (const timer of firing) clearInterval(timer);
  firing.clear();
};

export function steadyLoad(intervalMs: number, fire: (n: number) => Promise<Outcome>): Load {
  const outcomes: Outcome[] = [];
  const pending = new Set<Promise<void>>();
  let n = 0;
  const timer = setInterval(() => {
    const promise = fire(n++).then((outcome) => void outcomes.push(outcome));
    pending.add(promise);
    void promise.finally(() => pending.delete(promise));
  }, intervalMs);
  firing.add(timer);
  return {
    outcomes,
    async stop() {
      clearInterval(timer);
      firing.delete(timer);
      await Promise.all([...pending]);
      return outcomes.sort((x, y) => x.n - y.n);
    },
  };
}

/** Which of `ids` are Post nodes in the database. */
export async function postsFound(database: Database, ids: string[]): Promise<Set<string>> {
  const rows = await database
    .forRequest()
    .read((q) => q.rows<{ id: string }>('MATCH (p:Post) WHERE p.id IN $ids RETURN p.id AS id', { ids }));
  return new Set(rows.map((row) => row.id));
}

/** How many posts in the circle carry each body that starts with `prefix`. */
export async function postsWithPrefix(database: Database, circleSlug: string, prefix: string): Promise<Map<string, number>> {
  const rows = await database.forRequest().read((q) =>
    q.rows<{ body: string; n: number }>(
      'MATCH (:Circle {slug: $circleSlug})<-[:IN]-(p:Post) WHERE p.body STARTS WITH $prefix RETURN p.body AS body, count(p) AS n',
      { circleSlug, prefix },
    ),
  );
  return new Map(rows.map((row) => [row.body, row.n]));
}

/** Bodies written more than once: one request must never leave two posts. */
export const duplicated = (present: Map<string, number>) => [...present].filter(([, n]) => n > 1).map(([body, n]) => `${body} ×${n}`);

export async function readyz(baseUrl: string): Promise<{ status: number; body: string; ms: number }> {
  const started = now();
  try {
    const response = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(10_000) });
    return { status: response.status, body: await response.text(), ms: now() - started };
  } catch (error) {
    return { status: 0, body: networkCode(error), ms: now() - started };
  }
}

/**
 * A server logger that keeps its error lines to itself and counts the causes it logs
 * (a Neo4j error's code, or the error's type): what went wrong inside, for the report.
 */
export function countingLogger() {
  const causes = new Map<string, number>();
  const samples = new Map<string, string>();
  const log = pino(
    { level: 'error', base: { service: 'quanzi' } },
    {
      write(line: string) {
        try {
          const entry = JSON.parse(line) as { msg?: string; err?: { code?: string; type?: string; message?: string } };
          const cause = `${entry.msg}: ${entry.err?.code ?? entry.err?.type ?? 'no error'}`;
          causes.set(cause, (causes.get(cause) ?? 0) + 1);
          if (!samples.has(cause)) samples.set(cause, (entry.err?.message ?? '').slice(0, 200));
        } catch {
          causes.set('unparsed', (causes.get('unparsed') ?? 0) + 1);
        }
      },
    },
  );
  const summary = () =>
    [...causes].map(([cause, n]) => `${cause} ×${n} (${JSON.stringify(samples.get(cause) ?? '')})`).join('; ') || 'nothing';
  return { log, summary };
}

/** A fresh TCP connection (no keep-alive pool) to `url`: resolves with the network error code, or the HTTP status. */
export function freshConnection(url: string): Promise<{ outcome: string; ms: number }> {
  const started = now();
  return new Promise((resolve) => {
    const req = httpRequest(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json' }, timeout: 5000 }, (res) => {
      res.resume();
      resolve({ outcome: `HTTP ${res.statusCode}`, ms: now() - started });
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'HUNG' })));
    req.on('error', (error) => resolve({ outcome: (error as NodeJS.ErrnoException).code ?? error.message, ms: now() - started }));
    req.end(JSON.stringify({ query: '{ __typename }' }));
  });
}

export const tally = (values: Array<string | undefined>) =>
  Object.entries(values.reduce<Record<string, number>>((acc, v) => ((acc[v ?? '-'] = (acc[v ?? '-'] ?? 0) + 1), acc), {}))
    .map(([k, v]) => `${k}×${v}`)
    .join(', ') || 'none';

export const stats = (values: number[]) =>
  values.length === 0
    ? 'n/a'
    : `min ${round(Math.min(...values))} ms, max ${round(Math.max(...values))} ms, mean ${round(values.reduce((a, b) => a + b, 0) / values.length)} ms`;
