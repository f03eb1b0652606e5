/**
 * Fans circle activity out to this instance's live subscribers. Each circle with watchers
 * costs one pub/sub subscription per process (not one per subscriber), and who is hidden
 * from whom by blocks is kept once per watching person and updated as blocks change, so
 * ten thousand idle subscriptions hold little more than their sockets.
 */
import { hiddenIdsOf } from '../graph/blocks.js';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import { Topic, type BlockChange, type CircleEvent, type QuanziPubSub } from './transport.js';

export interface Watcher {
  viewerId: string;
  /** An event this watcher may see (nobody in it is hidden from them). */
  onEvent(event: CircleEvent): void;
  /** The watcher left the circle or was banned: their subscription ends. */
  onEnd(): void;
}

/** People an event is about: if any is hidden from a watcher, the watcher does not get it. */
function peopleIn(event: CircleEvent): string[] {
  switch (event.kind) {
    case 'POST_ADDED':
    case 'POST_EDITED':
      return [event.actorId, event.post.authorId];
    case 'POST_DELETED':
      return [event.actorId, event.authorId];
    default:
      return [event.actorId, event.userId];
  }
}

const LEAVING = new Set<CircleEvent['kind']>(['MEMBER_LEFT', 'MEMBER_BANNED']);

/** Consumes a pub/sub stream until `stop()`; returns `stop`. */
function consume<T>(stream: AsyncIterable<T>, each: (item: T) => void, log: Logger): () => void {
  const iterator = stream[Symbol.asyncIterator]();
  void (async () => {
    for (;;) {
      const { done, value } = await iterator.next();
      if (done) return;
      try {
        each(value);
      } catch (error) {
        log.error({ err: error }, 'live event dispatch failed');
      }
    }
  })();
  return () => void iterator.return?.();
}

export class LiveHub {
  private readonly circles = new Map<string, { watchers: Set<Watcher>; stop: () => void }>();
  private readonly hidden = new Map<string, { ids: Set<string>; watchers: number }>();
  private stopBlocks: (() => void) | null = null;

  constructor(
    private readonly pubSub: QuanziPubSub,
    private readonly database: Database,
    private readonly log: Logger,
  ) {}

  /** Starts delivering a circle's events to `watcher`; returns the function that stops it. */
  watch(circleId: string, watcher: Watcher, hiddenIds: readonly string[]): () => void {
    this.stopBlocks ??= consume(this.pubSub.subscribe(Topic.BlockChanges), (change) => this.onBlockChange(change), this.log);
    const person = this.hidden.get(watcher.viewerId) ?? { ids: new Set(hiddenIds), watchers: 0 };
    person.watchers += 1;
    this.hidden.set(watcher.viewerId, person);

    let circle = this.circles.get(circleId);
    if (!circle) {
      const watchers = new Set<Watcher>();
      const stop = consume(this.pubSub.subscribe(Topic.CircleActivity, circleId), (event) => this.dispatch(watchers, event), this.log);
      circle = { watchers, stop };
      this.circles.set(circleId, circle);
    }
    circle.watchers.add(watcher);

    return () => {
      const current = this.circles.get(circleId);
      if (current?.watchers.delete(watcher) && current.watchers.size === 0) {
        current.stop();
        this.circles.delete(circleId);
      }
      if (--person.watchers === 0) this.hidden.delete(watcher.viewerId);
    };
  }

  /** How many circles and watchers this instance serves (for diagnostics and tests). */
  size(): { circles: number; watchers: number } {
    let watchers = 0;
    for (const circle of this.circles.values()) watchers += circle.watchers.size;
    return { circles: this.circles.size, watchers };
  }

  close(): void {
    for (const circle of this.circles.values()) circle.stop();
    this.circles.clear();
    this.stopBlocks?.();
    this.stopBlocks = null;
  }

  private dispatch(watchers: Set<Watcher>, event: CircleEvent): void {
    const people = peopleIn(event);
    for (const watcher of [...watchers]) {
      if (LEAVING.has(event.kind) && 'userId' in event && event.userId === watcher.viewerId) {
        watcher.onEnd();
        continue;
      }
      const hidden = this.hidden.get(watcher.viewerId)?.ids;
      if (!people.some((id) => hidden?.has(id))) watcher.onEvent(event);
    }
  }

  private onBlockChange({ blockerId, blockedId, blocked }: BlockChange): void {
    for (const [person, other] of [
      [blockerId, blockedId],
      [blockedId, blockerId],
    ] as const) {
      const entry = this.hidden.get(person);
      if (!entry) continue;
      if (blocked) {
        entry.ids.add(other);
      } else {
        // A block the other way may still stand: ask the database rather than guess.
        hiddenIdsOf(this.database.forRequest(), person).then(
          (ids) => (entry.ids = ids),
          (error) => this.log.warn({ err: error }, 'could not refresh blocks for a live subscriber'),
        );
      }
    }
  }
}
