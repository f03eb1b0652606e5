/**
 * Stored candidate lists, as the rest of the app uses them: mutations report what they
 * changed (`changed`, after their write committed and before they answer), and the
 * recommendations page reads the stored list (`page`), falling back to the live ranking
 * where there is no list up to date.
 */
import type { Config } from '../config.js';
import type { Database, Db } from '../db/database.js';
import type { PageRequest } from '../graph/cursors.js';
import type { Logger } from '../logger.js';
import { MemoryQueue, RedisStreamQueue, type ChangeQueue } from './candidates.queue.js';
import { markChanged, storedCandidatePage, trustersOf, type CandidateChange } from './candidates.repository.js';
import { liveRemainder } from './candidates.rules.js';
import { CandidateWorker } from './candidates.worker.js';
import { recommendStrangers, type RecommendationRow } from './recommendations.repository.js';
import type { RecommendationFilter } from './recommendations.rules.js';

export type { CandidateChange };

export class CandidateLists {
  constructor(
    private readonly queue: ChangeQueue,
    private readonly log: Logger,
    private readonly fanOutMax: number,
    /** Present when this process recomputes lists itself (CANDIDATE_WORKER=inline). */
    readonly worker: CandidateWorker | undefined,
  ) {}

  /**
   * Marks the lists a change concerns (their next page is ranked live) and queues them. The
   * mark is part of the request; a failed push is only logged (the change itself committed),
   * and the sweep recomputes a list marked and left so.
   */
  async changed(db: Db, change: CandidateChange): Promise<void> {
    // The ids named go to the worker even when nobody was marked: it deletes the list of someone gone.
    const ids = new Set([...(change.ids ?? []), ...(await markChanged(db, change, this.fanOutMax))]);
    await this.queue.push([...ids]).catch((error) => this.log.warn({ err: error }, 'could not queue candidate lists; the sweep will recompute them'));
  }

  /**
   * The people whose lists a person's leaving changes beyond their own absence (which pages
   * skip): those who trust them lose them as a go-between. Read before the person goes.
   */
  leaving(db: Db, userId: string): Promise<string[]> {
    return trustersOf(db, userId, this.fanOutMax);
  }

  /** One page of stranger recommendations: from the stored list where one is up to date. */
  async page(db: Db, viewerId: string, filter: RecommendationFilter, page: PageRequest): Promise<RecommendationRow[]> {
    const stored = await storedCandidatePage(db, viewerId, filter, page);
    if (!stored) {
      await this.queue.push([viewerId]).catch((error) => this.log.warn({ err: error }, 'could not queue a candidate list'));
      return recommendStrangers(db, viewerId, filter, page);
    }
    const remainder = liveRemainder(stored.rows, stored.complete, page);
    return remainder ? [...stored.rows, ...(await recommendStrangers(db, viewerId, filter, remainder))] : stored.rows;
  }

  /** Resolves once nothing is queued or being recomputed (polls; for tests and benchmarks). */
  async drained(timeoutMs = 30_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!(await this.queue.idle())) {
      if (Date.now() > until) throw new Error(`candidate lists not drained after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async close(): Promise<void> {
    this.worker?.close();
    await this.queue.close();
  }
}

/** The queue for this configuration: Redis Streams with REDIS_URL, else in-process. */
export function createChangeQueue(config: Config, log: Logger): ChangeQueue {
  return config.redisUrl ? new RedisStreamQueue(config.redisUrl, log) : new MemoryQueue(log);
}

/** Candidate lists for the API process; with CANDIDATE_WORKER=inline it runs the worker too. */
export function createCandidateLists(config: Config, database: Database, log: Logger, queue = createChangeQueue(config, log)): CandidateLists {
  const settings = config.candidates;
  let worker: CandidateWorker | undefined;
  if (settings.worker === 'inline') {
    worker = new CandidateWorker(database, queue, log, settings);
    worker.start();
  } else if (!config.redisUrl) {
    log.warn('CANDIDATE_WORKER=off without REDIS_URL: no worker can hear this process, so recommendations are ranked live');
  }
  return new CandidateLists(queue, log, settings.fanOutMax, worker);
}
