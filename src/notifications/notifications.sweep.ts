/**
 * The retention sweep: notifications read more than NOTIFICATION_RETENTION_DAYS ago are
 * deleted, hourly, by every instance (it is idempotent, and each batch is its own
 * transaction). Unread notifications are kept however old.
 */
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import { sweepReadNotifications } from './notifications.repository.js';

const SWEEP_EVERY_MS = 3_600_000;

export class NotificationSweep {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly database: Database,
    private readonly log: Logger,
    private readonly retentionDays: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.run(), SWEEP_EVERY_MS);
    this.timer.unref();
  }

  /** One sweep; a failure is logged and the next hour tries again. */
  async run(): Promise<number> {
    try {
      const deleted = await sweepReadNotifications(this.database.forRequest(), this.retentionDays);
      if (deleted > 0) this.log.info({ deleted, retentionDays: this.retentionDays }, 'pruned read notifications');
      return deleted;
    } catch (error) {
      this.log.warn({ err: error }, 'could not prune read notifications; will retry');
      return 0;
    }
  }

  close(): void {
    clearInterval(this.timer);
  }
}
