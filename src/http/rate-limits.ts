/**
 * Rate limits on attempts that attackers repeat: log-ins (brute force), sign-ups, posting, messages, searches, reports.
 * Fixed windows counted per key (a client address, a handle, a person): in memory on one
 * instance, in Redis with REDIS_URL so every instance counts together. Should Redis be
 * away, counting falls back to this instance's memory rather than letting everything by.
 * (Connection requests are limited in the database instead, per person per 24 hours.)
 */
import { Redis } from 'ioredis';
import type { RateLimitSettings } from '../config.js';
import { rateLimited } from '../errors.js';
import type { Logger } from '../logger.js';

export interface Limit {
  name: string;
  max: number;
  windowSeconds: number;
  /** What the person is told, before "try again in …". */
  message: string;
}

export function limitsFrom(settings: RateLimitSettings) {
  return {
    logInsPerAddress: { name: 'login-address', max: settings.logInsPerAddressPerMinute, windowSeconds: 60, message: 'Too many log-in attempts from your address' },
    // Failed passwords (log-in, deleteMyAccount, changePassword) are counted per handle *and*
    // address, so a stranger's guesses lock out the stranger (src/auth/password-attempts.ts).
    failedPasswordsPerHandleAndAddress: {
      name: 'password-pair',
      max: settings.failedLogInsPerHandlePer15Minutes,
      windowSeconds: 900,
      message: 'Too many wrong passwords for this account from your address',
    },
    /** How often one handle and address were locked out today (counted, never refused): each lock-out lasts twice the last. */
    lockOutsPerHandleAndAddress: { name: 'password-lockouts', max: Number.MAX_SAFE_INTEGER, windowSeconds: 86_400, message: 'Locked out' },
    failedPasswordsPerHandle: {
      name: 'password-handle',
      max: settings.failedLogInsPerHandlePerHour,
      windowSeconds: 3600,
      message: 'Too many wrong passwords for this account from many places; log in from a device you used before, or try again',
    },
    signUpsPerAddress: { name: 'signup-address', max: settings.signUpsPerAddressPerHour, windowSeconds: 3600, message: 'Too many sign-ups from your address' },
    postsPerUser: { name: 'post-user', max: settings.postsPerUserPerMinute, windowSeconds: 60, message: 'You are posting too fast' },
    editsPerUser: { name: 'edit-user', max: settings.editsPerUserPerMinute, windowSeconds: 60, message: 'You are editing posts too fast' },
    commentsPerUser: { name: 'comment-user', max: settings.commentsPerUserPerMinute, windowSeconds: 60, message: 'You are commenting too fast' },
    reactionsPerUser: { name: 'reaction-user', max: settings.reactionsPerUserPerMinute, windowSeconds: 60, message: 'You are reacting too fast' },
    circlesPerUser: { name: 'circle-user', max: settings.circlesPerUserPerHour, windowSeconds: 3600, message: 'You have founded too many circles this hour' },
    // Refresh tokens cannot be guessed (256 bits); this bounds the writes one address can cause.
    refreshesPerAddress: { name: 'refresh-address', max: settings.refreshesPerAddressPerMinute, windowSeconds: 60, message: 'Too many session refreshes from your address' },
    messagesPerUser: { name: 'message-user', max: settings.messagesPerUserPerMinute, windowSeconds: 60, message: 'You are sending messages too fast' },
    // Each search reads up to SEARCH_CANDIDATES index matches: a script could scan names with them.
    searchesPerUser: { name: 'search-user', max: settings.searchesPerUserPerMinute, windowSeconds: 60, message: 'You are searching too fast' },
    invitationsPerUser: {
      name: 'invitation-user',
      max: settings.circleInvitationsPerUserPerHour,
      windowSeconds: 3600,
      message: 'You have sent too many circle invitations this hour',
    },
    // Each report lands in a moderator's queue: a script could bury the real ones under its own.
    reportsPerUser: { name: 'report-user', max: settings.reportsPerUserPerHour, windowSeconds: 3600, message: 'You have filed too many reports this hour' },
  } satisfies Record<string, Limit>;
}

interface Window {
  count: number;
  /** Epoch milliseconds when the window ends. */
  resetAt: number;
}

interface Counter {
  /** Counts one attempt and returns the window after it. */
  increment(key: string, windowMs: number): Promise<Window>;
  peek(key: string): Promise<Window | null>;
  /** Sets a marker that lasts `windowMs` (a lock-out, a remembered address), replacing any. */
  hold(key: string, windowMs: number): Promise<void>;
}

class MemoryCounter implements Counter {
  private readonly windows = new Map<string, Window>();
  private readonly sweeper = setInterval(() => this.sweep(), 60_000).unref();

  async increment(key: string, windowMs: number): Promise<Window> {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) this.windows.set(key, (window = { count: 0, resetAt: now + windowMs }));
    window.count += 1;
    return window;
  }

  async peek(key: string): Promise<Window | null> {
    const window = this.windows.get(key);
    return window && window.resetAt > Date.now() ? window : null;
  }

  async hold(key: string, windowMs: number): Promise<void> {
    this.windows.set(key, { count: 1, resetAt: Date.now() + windowMs });
  }

  close(): void {
    clearInterval(this.sweeper);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}

/** INCR, and start the window's clock on the first attempt: atomic in Redis. */
const INCREMENT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {count, redis.call('PTTL', KEYS[1])}`;

class RedisCounter implements Counter {
  constructor(private readonly redis: Redis) {}

  async increment(key: string, windowMs: number): Promise<Window> {
    const [count, ttl] = (await this.redis.eval(INCREMENT, 1, `quanzi:rate:${key}`, String(windowMs))) as [number, number];
    return { count, resetAt: Date.now() + Math.max(ttl, 0) };
  }

  async peek(key: string): Promise<Window | null> {
    const [count, ttl] = await Promise.all([this.redis.get(`quanzi:rate:${key}`), this.redis.pttl(`quanzi:rate:${key}`)]);
    return count === null || ttl <= 0 ? null : { count: Number(count), resetAt: Date.now() + ttl };
  }

  async hold(key: string, windowMs: number): Promise<void> {
    await this.redis.set(`quanzi:rate:${key}`, '1', 'PX', windowMs);
  }
}

export class RateLimiter {
  private readonly local = new MemoryCounter();

  constructor(
    /** The limits, as configured. */
    readonly limits: ReturnType<typeof limitsFrom>,
    private readonly shared: Counter | null,
    private readonly log: Logger,
    private readonly onClose: () => Promise<void> = async () => {},
  ) {}

  /** Counts one attempt; RATE_LIMITED (with when to retry) once `limit` is passed. */
  async consume(limit: Limit, key: string): Promise<void> {
    const window = await this.counted((counter) => counter.increment(`${limit.name}:${key}`, limit.windowSeconds * 1000));
    if (window.count > limit.max) throw this.refusal(limit.message, window);
  }

  /** Counts one attempt and returns how many there have been in this window (never refuses). */
  async count(limit: Limit, key: string): Promise<number> {
    const window = await this.counted((counter) => counter.increment(`${limit.name}:${key}`, limit.windowSeconds * 1000));
    return window.count;
  }

  /** RATE_LIMITED if `key` is already over `limit`, without counting an attempt. */
  async check(limit: Limit, key: string): Promise<void> {
    const window = await this.counted((counter) => counter.peek(`${limit.name}:${key}`));
    if (window && window.count >= limit.max) throw this.refusal(limit.message, window);
  }

  /** Holds a marker on `key` for `seconds`: a lock-out, or an address remembered for a handle. */
  async hold(name: string, key: string, seconds: number): Promise<void> {
    await this.counted((counter) => counter.hold(`${name}:${key}`, seconds * 1000));
  }

  /** Whether a marker set by `hold` is still on `key`, and until when. */
  async held(name: string, key: string): Promise<{ until: number } | null> {
    const window = await this.counted((counter) => counter.peek(`${name}:${key}`));
    return window && { until: window.resetAt };
  }

  /** RATE_LIMITED saying `message` and when to retry, for a window ending at `until` (epoch ms). */
  refusalUntil(message: string, until: number) {
    return this.refusal(message, { count: 0, resetAt: until });
  }

  async close(): Promise<void> {
    this.local.close();
    await this.onClose();
  }

  private refusal(message: string, window: Window) {
    const retryAfterSeconds = Math.max(1, Math.ceil((window.resetAt - Date.now()) / 1000));
    const wait = retryAfterSeconds >= 120 ? `${Math.ceil(retryAfterSeconds / 60)} min` : `${retryAfterSeconds} s`;
    return rateLimited(`${message}; try again in ${wait}.`, retryAfterSeconds);
  }

  private async counted<T>(use: (counter: Counter) => Promise<T>): Promise<T> {
    if (!this.shared) return use(this.local);
    try {
      return await use(this.shared);
    } catch (error) {
      this.log.warn({ err: error }, 'rate limits: Redis unavailable, counting on this instance only');
      return use(this.local);
    }
  }
}

export function createRateLimiter(redisUrl: string | undefined, settings: RateLimitSettings, log: Logger): RateLimiter {
  const limits = limitsFrom(settings);
  if (!redisUrl) return new RateLimiter(limits, null, log);
  // Fail fast while Redis is away (maxRetriesPerRequest 1, no offline queue): the local count takes over.
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on('error', (error) => log.debug({ err: error }, 'rate-limit redis connection problem'));
  return new RateLimiter(limits, new RedisCounter(redis), log, async () => void (await redis.quit().catch(() => {})));
}
