/**
 * The queue of people whose candidate lists must be recomputed. In-process by default (lost
 * with the process: the sweep finds lists marked changed and never recomputed); with
 * REDIS_URL a Redis Stream read through a consumer group, so a worker that stops between
 * reading and acknowledging a batch leaves it pending, and the batch is delivered again
 * (to itself on restart, or claimed by another worker once idle for CLAIM_IDLE_MS).
 *
 * Both coalesce: a batch is the set of people changed since the last one, so many changes
 * for one person cost one recompute.
 */
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

export interface ChangeQueue {
  /** Queues people for a recompute; with Redis, durable once it resolves. */
  push(ids: readonly string[]): Promise<void>;
  /** Delivers batches to `handle`, one at a time; a batch whose handling fails is delivered again. */
  consume(handle: (ids: string[]) => Promise<void>): void;
  /** Nothing queued, nothing being handled (tests and `drained()` wait for it). */
  idle(): Promise<boolean>;
  close(): Promise<void>;
}

/** Waits this long after the first change of a batch, for more changes to join it. */
const COALESCE_MS = 25;
/** Pause before a failed batch is tried again. */
const RETRY_MS = 1_000;

export class MemoryQueue implements ChangeQueue {
  private pending = new Set<string>();
  private handler: ((ids: string[]) => Promise<void>) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private busy: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly log: Logger) {}

  async push(ids: readonly string[]): Promise<void> {
    // Nobody consumes here (CANDIDATE_WORKER=off without Redis): keep nothing.
    if (!this.handler) return;
    for (const id of ids) this.pending.add(id);
    this.schedule(COALESCE_MS);
  }

  consume(handle: (ids: string[]) => Promise<void>): void {
    this.handler = handle;
    this.schedule(COALESCE_MS);
  }

  async idle(): Promise<boolean> {
    return this.pending.size === 0 && !this.busy;
  }

  /** Stops taking batches; waits for the one being handled. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.busy;
  }

  private schedule(ms: number): void {
    if (this.timer || this.busy || this.closed || !this.handler || this.pending.size === 0) return;
    this.timer = setTimeout(() => (this.busy = this.flush()), ms);
    this.timer.unref();
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    const ids = [...this.pending];
    this.pending.clear();
    let retry = false;
    try {
      await this.handler!(ids);
    } catch (error) {
      this.log.warn({ err: error, people: ids.length }, 'could not recompute candidate lists; will retry');
      for (const id of ids) this.pending.add(id);
      retry = true;
    }
    this.busy = undefined;
    this.schedule(retry ? RETRY_MS : COALESCE_MS);
  }
}

export const STREAM_KEY = 'quanzi:candidates:changes';
const GROUP = 'candidate-workers';
/** Entries kept in the stream (approximately): older ones are trimmed; the sweep covers a list whose entry was. */
const STREAM_MAX_LENGTH = 1_000_000;
/** People per batch, at most (entries read at once). */
const BATCH_ENTRIES = 200;
const BLOCK_MS = 1_000;
const CLOSE_WAIT_MS = 5_000;

export interface RedisQueueOptions {
  /** This worker's name in the consumer group; stable across restarts, so its pending batch comes back to it. */
  consumer?: string;
  /** A batch left unacknowledged this long by another worker is claimed. */
  claimIdleMs?: number;
}

type StreamEntry = [id: string, fields: string[]];

export class RedisStreamQueue implements ChangeQueue {
  private readonly producer: Redis;
  private reader: Redis | undefined;
  private readonly consumer: string;
  private readonly claimIdleMs: number;
  private busy = false;
  private closed = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly redisUrl: string,
    private readonly log: Logger,
    options: RedisQueueOptions = {},
  ) {
    this.consumer = options.consumer ?? `${hostname()}-${process.pid}`;
    this.claimIdleMs = options.claimIdleMs ?? 60_000;
    this.producer = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    this.producer.on('error', (error) => log.warn({ err: error }, 'redis connection problem (candidate queue); retrying'));
  }

  async push(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.producer.xadd(STREAM_KEY, 'MAXLEN', '~', STREAM_MAX_LENGTH, '*', 'ids', ids.join(','));
  }

  consume(handle: (ids: string[]) => Promise<void>): void {
    // A blocking read holds its connection: the reader has its own.
    this.reader = new Redis(this.redisUrl, { maxRetriesPerRequest: null });
    this.reader.on('error', (error) => this.log.warn({ err: error }, 'redis connection problem (candidate worker); retrying'));
    this.loop = this.run(this.reader, handle);
  }

  async idle(): Promise<boolean> {
    if (this.busy) return false;
    const groups = (await this.producer.xinfo('GROUPS', STREAM_KEY).catch(() => [])) as Array<Array<string | number | null>>;
    const group = groups.map(fieldsOf).find((fields) => fields.name === GROUP);
    // No group yet: nothing was ever consumed; idle only if nothing was queued either.
    if (!group) return (await this.producer.xlen(STREAM_KEY)) === 0;
    return Number(group.pending) === 0 && Number(group.lag) === 0;
  }

  /** Stops reading; waits a while for the batch in hand (left unacknowledged, it is delivered again). */
  async close(): Promise<void> {
    this.closed = true;
    this.reader?.disconnect();
    await Promise.race([this.loop?.catch(() => {}), new Promise((resolve) => setTimeout(resolve, CLOSE_WAIT_MS).unref())]);
    await this.producer.quit().catch(() => {});
  }

  private async run(reader: Redis, handle: (ids: string[]) => Promise<void>): Promise<void> {
    await reader.xgroup('CREATE', STREAM_KEY, GROUP, '0', 'MKSTREAM').catch((error: Error) => {
      if (!error.message.includes('BUSYGROUP')) throw error;
    });
    // First what this worker read and never acknowledged (it stopped mid-batch), then new entries.
    let from = '0';
    let lastClaim = 0;
    while (!this.closed) {
      try {
        let entries: StreamEntry[] = [];
        if (from === '>' && Date.now() - lastClaim > this.claimIdleMs / 2) {
          lastClaim = Date.now();
          const claimed = (await reader.xautoclaim(STREAM_KEY, GROUP, this.consumer, this.claimIdleMs, '0-0', 'COUNT', BATCH_ENTRIES)) as [string, StreamEntry[]];
          entries = claimed[1];
        }
        if (entries.length === 0) {
          const args = ['GROUP', GROUP, this.consumer, 'COUNT', BATCH_ENTRIES, ...(from === '>' ? ['BLOCK', BLOCK_MS] : []), 'STREAMS', STREAM_KEY, from] as const;
          const answer = (await (reader.xreadgroup as (...a: unknown[]) => Promise<unknown>)(...args)) as Array<[string, StreamEntry[]]> | null;
          entries = answer?.[0]?.[1] ?? [];
          if (entries.length === 0 && from === '0') from = '>';
        }
        if (entries.length === 0) continue;
        this.busy = true;
        // A trimmed entry comes back without fields: nothing to do but acknowledge it.
        const ids = new Set(entries.flatMap(([, fields]) => (fields?.[1] ?? '').split(',').filter(Boolean)));
        await handle([...ids]);
        await reader.xack(STREAM_KEY, GROUP, ...entries.map(([id]) => id));
      } catch (error) {
        if (this.closed) break;
        this.log.warn({ err: error }, 'candidate worker: batch failed; it stays pending and is read again');
        // Read this worker's pending entries again after a pause.
        from = '0';
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      } finally {
        this.busy = false;
      }
    }
  }
}

/** XINFO's flat [name, value, …] reply as an object. */
function fieldsOf(flat: Array<string | number | null>): Record<string, string | number | null> {
  const fields: Record<string, string | number | null> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) fields[String(flat[i])] = flat[i + 1]!;
  return fields;
}
