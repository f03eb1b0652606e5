/**
 * Which accounts may no longer act: suspended by trust and safety, or deleted by their
 * owner. Their tokens are refused on every request and their live connections closed.
 * Kept in memory on every instance (a lookup per request, no database trip), filled at
 * start-up, updated through pub/sub as accounts change, and re-read every minute in case
 * an event was missed (a Redis outage, say).
 */
import type { Database } from '../db/database.js';
import { Topic, type AccountChange, type LivePubSub } from '../live/events.js';
import type { Logger } from '../logger.js';

const REFRESH_MS = 60_000;

export class AccountStatus {
  private closed = new Set<string>();
  private readonly listeners = new Set<(change: AccountChange) => void>();
  private timer: NodeJS.Timeout | undefined;
  private iterator: AsyncIterator<AccountChange> | undefined;

  constructor(
    private readonly database: Database,
    private readonly pubSub: LivePubSub,
    private readonly log: Logger,
  ) {}

  /** Reads the closed accounts; should the database be away, the minutely refresh catches up. */
  async start(): Promise<void> {
    await this.refresh().catch((error) => this.log.warn({ err: error }, 'could not read closed accounts yet; will retry'));
    this.timer = setInterval(() => void this.refresh().catch((error) => this.log.warn({ err: error }, 'could not refresh closed accounts')), REFRESH_MS);
    this.timer.unref();
    this.iterator = this.pubSub.subscribe(Topic.AccountChanges)[Symbol.asyncIterator]();
    void (async () => {
      for (;;) {
        const { done, value } = await this.iterator!.next();
        if (done) return;
        this.apply(value);
      }
    })();
  }

  isClosed(userId: string): boolean {
    return this.closed.has(userId);
  }

  /** Tells every instance (this one included) that an account closed or reopened. */
  announce(change: AccountChange): void {
    this.apply(change);
    this.pubSub.publish(Topic.AccountChanges, change);
  }

  onChange(listener: (change: AccountChange) => void): void {
    this.listeners.add(listener);
  }

  close(): void {
    clearInterval(this.timer);
    void this.iterator?.return?.();
  }

  private apply(change: AccountChange): void {
    if (change.closed) this.closed.add(change.userId);
    else this.closed.delete(change.userId);
    for (const listener of this.listeners) listener(change);
  }

  private async refresh(): Promise<void> {
    const rows = await this.database.forRequest().read((q) =>
      q.rows<{ id: string }>(
        `MATCH (u:User) WHERE u.suspendedAt IS NOT NULL RETURN u.id AS id
         UNION
         MATCH (d:ClosedAccount) RETURN d.id AS id`,
      ),
    );
    this.closed = new Set(rows.map((row) => row.id));
  }
}
