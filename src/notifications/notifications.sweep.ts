/**
 * The retention sweep: notifications read more than NOTIFICATION_RETENTION_DAYS ago are
 * deleted, hourly, by every instance (it is idempotent, and each batch is its own
 * transaction). Unread notifications are kept however old. The same hourly run prunes the
 * circles' activity logs of entries older than the live replay window, when given one:
 * nothing resumes from further back (src/live/resume.ts).
 */
import type { Database } from '../db/database.js';
import { pruneCircleLog } from '../graph/circle-log.js';
import type { Logger } from '../logger.js';
import { sweepReadNotifications } from './notifications.repository.js';

const SWEEP_EVERY_MS = 3_600_000;

export class NotificationSweep {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly database: Database,
    private readonly log: Logger,
    private readonly retentionDays: number,
    private readonly circleLogMinutes?: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.run(), SWEEP_EVERY_MS);
    this.timer.unref();
  }

  /** One sweep; returns how many notifications it deleted. A failure is logged and the next hour tries again. */
  async run(): Promise<number> {
    if (this.circleLogMinutes) await this.pruneCircleLogs(this.circleLogMinutes);
    try {
      const deleted = await sweepReadNotifications(this.database.forRequest(), this.retentionDays);
      if (deleted > 0) this.log.info({ deleted, retentionDays: this.retentionDays }, 'pruned read notifications');
      return deleted;
    } catch (error) {
      this.log.warn({ err: error }, 'could not prune read notifications; will retry');
      return 0;
    }
  }

  private async pruneCircleLogs(minutes: number): Promise<void> {
    try {
      const deleted = await pruneCircleLog(this.database.forRequest(), minutes);
      if (deleted > 0) this.log.info({ deleted, windowMinutes: minutes }, 'pruned circle activity logs');
    } catch (error) {
      this.log.warn({ err: error }, 'could not prune circle activity logs; will retry');
    }
  }

  close(): void {
    clearInterval(this.timer);
  }
}
