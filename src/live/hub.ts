/**
 * Fans live events out to this instance's subscribers, for every stream: a circle's
 * activity and each person's own events. Each watched circle or person costs one pub/sub
 * subscription per process (not one per subscriber), and who is hidden from whom by
 * blocks is kept once per watching person and updated as blocks change, so ten thousand
 * idle subscriptions hold little more than their sockets, and no event costs a query.
 */
import { Repeater } from '@graphql-yoga/subscription';
import type { Database } from '../db/database.js';
import { hiddenIdsOf } from '../graph/blocks.js';
import type { Logger } from '../logger.js';
import { consume } from './consume.js';
import { endsWatchOf, Topic, visibleDespiteBlocks, type BlockChange, type CircleEvent, type LivePubSub, type PersonEvent, type PersonEventKind, type WatchedEvent } from './events.js';

interface Watcher {
  viewerId: string;
  /** An event this watcher may see (nobody in it is hidden from them). */
  onEvent(event: WatchedEvent): void;
  /** The watcher left the circle or was banned: their subscription ends. */
  onEnd(): void;
}

interface Stream {
  watchers: Set<Watcher>;
  stop: () => void;
}

export class LiveHub {
  private readonly streams = new Map<string, Stream>();
  private readonly hidden = new Map<string, { ids: Set<string>; watchers: number }>();
  private stopBlocks: (() => void) | null = null;

  constructor(
    private readonly pubSub: LivePubSub,
    private readonly database: Database,
    private readonly log: Logger,
  ) {}

  /**
   * A circle's events for one viewer, minus people hidden from them, until the client goes
   * away or the viewer leaves or is banned. `accept` picks the kinds this subscription wants.
   */
  circleEvents(circleId: string, viewerId: string, hiddenIds: Iterable<string>, accept: (event: CircleEvent) => boolean): AsyncIterable<CircleEvent> {
    return this.stream(`${Topic.CircleActivity}:${circleId}`, () => this.pubSub.subscribe(Topic.CircleActivity, circleId), viewerId, hiddenIds, accept);
  }

  /**
   * A person's own events of one kind (messages, notifications to them), minus people hidden
   * from them; `where` narrows further (notifications of one kind, say) before anything is queued.
   */
  personEvents<K extends PersonEventKind>(
    viewerId: string,
    hiddenIds: Iterable<string>,
    kind: K,
    where: (event: Extract<PersonEvent, { kind: K }>) => boolean = () => true,
  ): AsyncIterable<Extract<PersonEvent, { kind: K }>> {
    type Of = Extract<PersonEvent, { kind: K }>;
    // Only events of `kind` pass `accept`, so the stream holds that kind alone.
    const accept = (event: PersonEvent) => event.kind === kind && where(event as Of);
    return this.stream(`${Topic.UserEvents}:${viewerId}`, () => this.pubSub.subscribe(Topic.UserEvents, viewerId), viewerId, hiddenIds, accept) as AsyncIterable<Of>;
  }

  close(): void {
    for (const stream of this.streams.values()) stream.stop();
    this.streams.clear();
    this.stopBlocks?.();
    this.stopBlocks = null;
  }

  // Private: one Repeater per subscriber; when the client goes away, `stop` settles and it unwatches.
  private stream<E extends WatchedEvent>(
    key: string,
    subscribe: () => AsyncIterable<E>,
    viewerId: string,
    hiddenIds: Iterable<string>,
    accept: (event: E) => boolean,
  ): AsyncIterable<E> {
    return new Repeater<E>(async (push, stop) => {
      const unwatch = this.watch(key, subscribe, {
        viewerId,
        onEvent: (event) => {
          if (accept(event as E)) void push(event as E).catch(() => stop());
        },
        onEnd: () => stop(),
      }, hiddenIds);
      await stop;
      unwatch();
    });
  }

  // Private: adds a watcher to the stream `key`, subscribing to pub/sub for its first watcher.
  private watch(key: string, subscribe: () => AsyncIterable<WatchedEvent>, watcher: Watcher, hiddenIds: Iterable<string>): () => void {
    this.stopBlocks ??= consume(this.pubSub.subscribe(Topic.BlockChanges), (change) => this.onBlockChange(change), this.log);
    const person = this.hidden.get(watcher.viewerId) ?? { ids: new Set(hiddenIds), watchers: 0 };
    person.watchers += 1;
    this.hidden.set(watcher.viewerId, person);

    let stream = this.streams.get(key);
    if (!stream) {
      const watchers = new Set<Watcher>();
      stream = { watchers, stop: consume(subscribe(), (event) => this.dispatch(watchers, event), this.log) };
      this.streams.set(key, stream);
    }
    stream.watchers.add(watcher);

    return () => {
      const current = this.streams.get(key);
      if (current?.watchers.delete(watcher) && current.watchers.size === 0) {
        current.stop();
        this.streams.delete(key);
      }
      if (--person.watchers === 0) this.hidden.delete(watcher.viewerId);
    };
  }

  private dispatch(watchers: Set<Watcher>, event: WatchedEvent): void {
    for (const watcher of [...watchers]) {
      if (endsWatchOf(event, watcher.viewerId)) {
        watcher.onEnd();
        continue;
      }
      if (visibleDespiteBlocks(event, this.hidden.get(watcher.viewerId)?.ids)) watcher.onEvent(event);
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
