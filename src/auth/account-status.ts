/**
 * Which tokens may no longer act although their signature and lifetime are fine: those of
 * accounts suspended by trust and safety or deleted by their owner, and those of sessions
 * that ended (log-out, password change, a reused refresh token). Such tokens are refused
 * on every request and their live connections closed.
 *
 * Kept in memory on every instance (a lookup per request, no database trip), filled at
 * start-up, updated through pub/sub as accounts and sessions change, and re-read every
 * minute in case an event was missed (a Redis outage, say). Ended sessions are remembered
 * only as long as an access token issued to them could still be alive.
 */
import type { Database } from '../db/database.js';
import { consume } from '../live/consume.js';
import { Topic, type AccountChange, type LivePubSub, type SessionsEnded } from '../live/events.js';
import type { Logger } from '../logger.js';
import { endedSessionIdsSince, sweepFinishedSessions } from './sessions.repository.js';

const REFRESH_MS = 60_000;
/** Finished sessions are deleted from the graph about this often (by every instance; it is idempotent). */
const SWEEP_EVERY_REFRESHES = 60;

export interface AccountStatusOptions {
  /** How long an access token lives (JWT_TTL_SECONDS): an ended session is remembered this long. */
  accessTokenSeconds: number;
}

export class AccountStatus {
  private closed = new Set<string>();
  /** Ended session id → when it ended (epoch ms), forgotten once no token of it can be alive. */
  private readonly endedSessions = new Map<string, number>();
  private readonly accountListeners = new Set<(change: AccountChange) => void>();
  private readonly sessionListeners = new Set<(ended: SessionsEnded) => void>();
  private timer: NodeJS.Timeout | undefined;
  private refreshes = 0;
  private stops: Array<() => void> = [];

  constructor(
    private readonly database: Database,
    private readonly pubSub: LivePubSub,
    private readonly log: Logger,
    private readonly options: AccountStatusOptions,
  ) {}

  /** Reads closed accounts and ended sessions; should the database be away, the minutely refresh catches up. */
  async start(): Promise<void> {
    await this.refresh().catch((error) => this.log.warn({ err: error }, 'could not read closed accounts yet; will retry'));
    this.timer = setInterval(() => void this.refresh().catch((error) => this.log.warn({ err: error }, 'could not refresh closed accounts')), REFRESH_MS);
    this.timer.unref();
    this.stops = [
      consume(this.pubSub.subscribe(Topic.AccountChanges), (change) => this.applyAccount(change), this.log),
      consume(this.pubSub.subscribe(Topic.SessionsEnded), (ended) => this.applySessions(ended), this.log),
    ];
  }

  isClosed(userId: string): boolean {
    return this.closed.has(userId);
  }

  isSessionEnded(sessionId: string): boolean {
    return this.endedSessions.has(sessionId);
  }

  /** Tells every instance (this one included) that an account closed or reopened. */
  announce(change: AccountChange): void {
    this.applyAccount(change);
    this.pubSub.publish(Topic.AccountChanges, change);
  }

  /** Tells every instance (this one included) that sessions ended, after the graph says so. */
  announceSessionsEnded(ended: SessionsEnded): void {
    if (ended.sessionIds.length === 0) return;
    this.applySessions(ended);
    this.pubSub.publish(Topic.SessionsEnded, ended);
  }

  onChange(listener: (change: AccountChange) => void): void {
    this.accountListeners.add(listener);
  }

  onSessionsEnded(listener: (ended: SessionsEnded) => void): void {
    this.sessionListeners.add(listener);
  }

  close(): void {
    clearInterval(this.timer);
    for (const stop of this.stops) stop();
  }

  private applyAccount(change: AccountChange): void {
    if (change.closed) this.closed.add(change.userId);
    else this.closed.delete(change.userId);
    for (const listener of this.accountListeners) listener(change);
  }

  private applySessions(ended: SessionsEnded): void {
    const now = Date.now();
    for (const id of ended.sessionIds) this.endedSessions.set(id, now);
    for (const listener of this.sessionListeners) listener(ended);
  }

  private async refresh(): Promise<void> {
    const db = this.database.forRequest();
    const rows = await db.read((q) =>
      q.rows<{ id: string }>(
        `MATCH (u:User) WHERE u.suspendedAt IS NOT NULL RETURN u.id AS id
         UNION
         MATCH (d:ClosedAccount) RETURN d.id AS id`,
      ),
    );
    // An access token outlives its session's end by at most its lifetime (and clock tolerance).
    const windowMs = (this.options.accessTokenSeconds + 60) * 1000;
    const ended = await endedSessionIdsSince(db, windowMs);
    this.closed = new Set(rows.map((row) => row.id));
    // Added to, never replaced: an end announced while this read ran stays known.
    for (const { id, endedAt } of ended) this.endedSessions.set(id, endedAt);
    const horizon = Date.now() - windowMs;
    for (const [id, endedAt] of this.endedSessions) if (endedAt < horizon) this.endedSessions.delete(id);
    if (++this.refreshes % SWEEP_EVERY_REFRESHES === 0) await sweepFinishedSessions(db);
  }
}
