/**
 * GraphQL's side of live events: typed subscribe functions, and loaders per event so the
 * subscribers of one event resolve the same people once.
 */
import { Repeater } from '@graphql-yoga/subscription';
import type { SubscribeResolverData } from 'type-graphql';
import type { Db } from '../db/database.js';
import type { WatchedEvent } from '../live/events.js';
import type { CircleAnnouncing } from '../live/publish.js';
import { readResumeCursor, tooManyToReplay, type ResumableStream, type ResumePoint } from '../live/resume.js';
import { createContextLoaders, type Context } from './context.js';
import { createSharedLoaders, type SharedLoaders } from './loaders.js';

/**
 * A `subscribe` option for `@Subscription` with the context and arguments typed, so no
 * resolver casts them. `open` checks who asks and returns the event stream.
 */
export function liveSubscription<Args = Record<string, never>, Event = unknown>(
  open: (ctx: Context, args: Args) => Promise<AsyncIterable<Event>> | AsyncIterable<Event>,
): (data: SubscribeResolverData<unknown, Args, Context>) => Promise<AsyncIterable<Event>> {
  return async ({ context, args }) => open(context, args);
}

/** What announcing a circle event needs, from a request: its Cypher counts as the request's. */
export function circleAnnouncing(ctx: Context): CircleAnnouncing {
  return { db: ctx.db, pubSub: ctx.app.pubSub, log: ctx.app.log };
}

/** Loaders shared by every subscriber of one event object; gone with the event. */
const sharedByEvent = new WeakMap<WatchedEvent, SharedLoaders>();

/**
 * Called by a subscription's root resolver for each event (graphql runs it before any
 * nested field): fresh loaders for this viewer, with people's records loaded once per
 * event for all its subscribers.
 */
export function loadersForEvent(ctx: Context, event: WatchedEvent): void {
  let shared = sharedByEvent.get(event);
  if (!shared) sharedByEvent.set(event, (shared = createSharedLoaders(ctx.app.database.forRequest())));
  createContextLoaders(ctx, shared);
}

/**
 * A read of what a person's event shows, made once per event on this instance however many
 * sockets of theirs watch: the hub hands every watcher of a person's stream the same event
 * object, and they are all that person, so one read under their rules serves each. Each
 * call site keeps its own (a notification event is read differently by different streams).
 * The read runs on a handle of its own, not on any one subscriber's.
 */
export function readOncePerEvent<E extends WatchedEvent, R>(read: (db: Db, event: E) => Promise<R>): (ctx: Context, event: E) => Promise<R> {
  const reads = new WeakMap<E, Promise<R>>();
  return (ctx, event) => {
    let pending = reads.get(event);
    if (!pending) reads.set(event, (pending = read(ctx.app.database.forRequest(), event)));
    return pending;
  };
}

/** What a resuming subscriber missed, and how to tell those rows again among live ones. */
export interface Replay<R> {
  rows: () => Promise<R[]>;
  keyOf: (row: R) => string;
}

/**
 * The replay a resumable stream owes for `after` (none without it). The cursor is checked
 * at once, so a bad one is refused before anything is watched; `since` reads the store later,
 * in loadEach, at most `limit` + 1 rows, and more than the limit are refused.
 */
export function replayAfter<R>(
  ctx: Context,
  stream: ResumableStream,
  after: string | null | undefined,
  since: (point: ResumePoint, limit: number) => Promise<R[]>,
  keyOf: (row: R) => string,
): Replay<R> | undefined {
  if (!after) return undefined;
  const { windowMinutes, maxEvents } = ctx.app.config.liveReplay;
  const point = readResumeCursor(after, stream, Date.now(), windowMinutes * 60_000);
  return {
    rows: async () => {
      const missed = await since(point, maxEvents);
      if (missed.length > maxEvents) throw tooManyToReplay(stream, maxEvents);
      return missed;
    },
    keyOf,
  };
}

/**
 * A stream of what `load` reads for each event, one event at a time (each with its own
 * loaders, set before it is read and kept while it resolves), skipping events whose
 * subject is gone by then (null): for subscriptions whose payload is read as stored.
 *
 * With a `replay`, the events are watched first (the first pull starts the hub's watch,
 * and what arrives from then on waits in the hub's queue), then the missed rows are read
 * from the store (a refusal, such as too many, is the subscription's error, before any
 * event), sent, and the queue drained, skipping rows the replay already sent: no gap and
 * no duplicate across the switch.
 */
export async function loadEach<E extends WatchedEvent, R>(
  ctx: Context,
  events: AsyncIterable<E>,
  load: (event: E) => Promise<R | null> | R | null,
  replay?: Replay<R>,
): Promise<AsyncIterable<R>> {
  const iterator = events[Symbol.asyncIterator]();
  let next = iterator.next();
  let missed: R[] = [];
  try {
    missed = replay ? await replay.rows() : [];
  } catch (error) {
    await iterator.return?.();
    throw error;
  }
  const replayed = new Set(missed.map((row) => replay!.keyOf(row)));
  return new Repeater<R>(async (push, stop) => {
    // The client went away: end the hub's stream too, so it stops watching.
    const stopped = stop.then(() => ({ done: true, value: undefined }) as const);
    void stopped.then(() => iterator.return?.());
    for (const row of missed) await push(row);
    for (;;) {
      const result = await Promise.race([next, stopped]);
      if (result.done) break;
      loadersForEvent(ctx, result.value);
      const row = await load(result.value);
      if (row && !(replay && replayed.has(replay.keyOf(row)))) await push(row);
      next = iterator.next();
    }
    stop();
  });
}
