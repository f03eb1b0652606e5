/**
 * The candidate worker: recomputes the lists the queue names, and sweeps for lists that are
 * too old (other people's changes reach a list this way) or were marked changed and never
 * recomputed. It runs inside the API process by default (CANDIDATE_WORKER=inline) and as its
 * own process in production (`npm run candidates:worker`, with REDIS_URL).
 */
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import type { ChangeQueue } from './candidates.queue.js';
import { listsToSweep, recomputeCandidateList } from './candidates.repository.js';

export interface WorkerSettings {
  listSize: number;
  maxAgeMinutes: number;
  sweepSeconds: number;
}

/** Lists one sweep queues at most; the next sweep takes the rest. */
const SWEEP_BATCH = 500;

export class CandidateWorker {
  private timer: NodeJS.Timeout | undefined;
  /** Lists recomputed since start, and the time they took (for logs and benchmarks). */
  readonly stats = { recomputed: 0, ms: 0 };

  constructor(
    private readonly database: Database,
    private readonly queue: ChangeQueue,
    private readonly log: Logger,
    private readonly settings: WorkerSettings,
  ) {}

  start(): void {
    this.queue.consume((ids) => this.recompute(ids));
    this.timer = setInterval(() => void this.sweep(), this.settings.sweepSeconds * 1000);
    this.timer.unref();
  }

  /** Recomputes each list; throws (so the batch is delivered again) if any failed. */
  async recompute(ids: readonly string[]): Promise<void> {
    const db = this.database.forRequest();
    let failed: unknown;
    for (const id of ids) {
      const started = performance.now();
      try {
        await recomputeCandidateList(db, id, this.settings.listSize);
        this.stats.recomputed += 1;
        this.stats.ms += performance.now() - started;
      } catch (error) {
        failed = error;
      }
    }
    if (failed) throw failed;
  }

  /** Queues old and unfinished lists; a failure is logged and the next sweep tries again. */
  async sweep(): Promise<number> {
    try {
      const ids = await listsToSweep(this.database.forRequest(), this.settings.maxAgeMinutes, SWEEP_BATCH);
      await this.queue.push(ids);
      return ids.length;
    } catch (error) {
      this.log.warn({ err: error }, 'candidate sweep failed; will retry');
      return 0;
    }
  }

  close(): void {
    clearInterval(this.timer);
  }
}
