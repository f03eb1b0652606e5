/**
 * The one door to Neo4j. Repositories receive a `Db` and run parameterised Cypher through
 * managed transactions (`executeRead` retries transient errors and, on a cluster, may be
 * served by a follower; `executeWrite` goes to the leader). Rows come back as plain objects.
 */
import neo4j, { type Driver, type ManagedTransaction, type Session } from 'neo4j-driver';
import { DeadlineExceededError, isDatabaseUnavailable } from '../errors.js';
import { toPlain } from './convert.js';

export type Params = Record<string, unknown>;
type Mode = 'READ' | 'WRITE';

/** Cypher needs integer parameters (LIMIT, SKIP, scores) as Neo4j integers, not doubles. */
export const int = (value: number) => neo4j.int(value);

/** What a unit of work may do inside one transaction. */
export interface Queries {
  /** All rows, each converted to a plain object (integers → number, temporals → Date). */
  rows<Row>(cypher: string, params?: Params): Promise<Row[]>;
  /** The first row, or undefined. */
  one<Row>(cypher: string, params?: Params): Promise<Row | undefined>;
}

export type Work<T> = (q: Queries) => Promise<T>;

export interface Db {
  read<T>(work: Work<T>): Promise<T>;
  write<T>(work: Work<T>): Promise<T>;
}

/** Per-request counters; a test or benchmark reads `roundTrips` to check batching. */
export class QueryStats {
  roundTrips = 0;
}

/** When a request must be answered by: `at` (epoch ms), from a budget of `ms`. */
export interface Deadline {
  at: number;
  ms: number;
}

const NO_DEADLINE: Deadline = { at: Number.POSITIVE_INFINITY, ms: Number.POSITIVE_INFINITY };

export interface DatabaseOptions {
  database: string;
  transactionTimeoutMs: number;
}

export class Database {
  constructor(
    readonly driver: Driver,
    private readonly options: DatabaseOptions,
  ) {}

  /**
   * A Db whose round-trips are counted into `stats`, and whose transactions end by
   * `deadline` (epoch ms): each gets at most the time left as its server-side timeout, and
   * none starts, runs another query, or is retried after it. What Neo4j cannot stop is a
   * commit already waiting on a lock (relationship locks are taken at commit): that write may
   * land after the request was answered, which is why createPost takes an idempotencyKey.
   */
  forRequest(stats: QueryStats = new QueryStats(), deadline: Deadline = NO_DEADLINE): Db {
    return {
      read: (work) => this.run('READ', work, stats, deadline),
      write: (work) => this.run('WRITE', work, stats, deadline),
    };
  }

  /** Checks that Neo4j answers a query, within `timeoutMs`. */
  async ping(timeoutMs = 2000): Promise<boolean> {
    const session = this.session('READ');
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
      const answer = session.run('RETURN 1').then(() => true, () => false);
      return await Promise.race([answer, timeout]);
    } finally {
      clearTimeout(timer);
      void session.close().catch(() => {});
    }
  }

  /**
   * Runs one auto-commit statement: the only way to use `CALL { … } IN TRANSACTIONS`
   * (bulk deletes and updates). Not retried; for maintenance, not for requests.
   */
  async autoCommit(cypher: string, params: Params = {}): Promise<void> {
    const session = this.session('WRITE');
    try {
      await session.run(cypher, params);
    } finally {
      await session.close();
    }
  }

  close(): Promise<void> {
    return this.driver.close();
  }

  private session(mode: Mode): Session {
    return this.driver.session({
      database: this.options.database,
      defaultAccessMode: mode,
      // One bookmark manager for every session of this process: a read that follows a
      // write (even from another request) sees it, also when routed to a cluster follower.
      bookmarkManager: this.driver.executeQueryBookmarkManager,
    });
  }

  private async run<T>(mode: Mode, work: Work<T>, stats: QueryStats, deadline: Deadline): Promise<T> {
    const left = deadline.at - Date.now();
    if (left <= 0) throw new DeadlineExceededError(deadline.ms);
    const session = this.session(mode);
    const config = { timeout: Math.max(1, Math.min(this.options.transactionTimeoutMs, left)) };
    const unit = (tx: ManagedTransaction) => work(queriesFor(tx, stats, deadline));
    try {
      return mode === 'READ' ? await session.executeRead(unit, config) : await session.executeWrite(unit, config);
    } catch (error) {
      // Ended by the server because the deadline's share of time ran out: say so, as such.
      if (Date.now() >= deadline.at && isDatabaseUnavailable(error)) throw new DeadlineExceededError(deadline.ms, error);
      throw error;
    } finally {
      await session.close();
    }
  }
}

function queriesFor(tx: ManagedTransaction, stats: QueryStats, deadline: Deadline): Queries {
  const rows = async <Row>(cypher: string, params: Params = {}): Promise<Row[]> => {
    // Also stops the driver's retries of this unit of work once the deadline has passed.
    if (Date.now() >= deadline.at) throw new DeadlineExceededError(deadline.ms);
    stats.roundTrips += 1;
    const result = await tx.run(cypher, params);
    return result.records.map((record) => toPlain(record.toObject()) as Row);
  };
  return {
    rows,
    one: async <Row>(cypher: string, params?: Params) => (await rows<Row>(cypher, params))[0],
  };
}

export interface DriverOptions {
  uri: string;
  username: string;
  password: string | undefined;
  maxConnectionPoolSize: number;
  userAgent?: string;
}

export function createDriver(options: DriverOptions): Driver {
  return neo4j.driver(options.uri, neo4j.auth.basic(options.username, options.password ?? ''), {
    // Our integers (scores, counts, epoch values) fit in a double; numbers are simpler everywhere.
    disableLosslessIntegers: true,
    maxConnectionPoolSize: options.maxConnectionPoolSize,
    // Fail fast while the database is away: a request should hear SERVICE_UNAVAILABLE in
    // seconds, not hang (and not fill the pool with connections waiting to time out).
    connectionAcquisitionTimeout: 3_000,
    connectionTimeout: 3_000,
    maxTransactionRetryTime: 5_000,
    userAgent: options.userAgent ?? 'quanzi',
    logging: { level: 'error', logger: () => {} },
  });
}
