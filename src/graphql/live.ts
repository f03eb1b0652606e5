/**
 * GraphQL's side of live events: typed subscribe functions, and loaders per event so the
 * subscribers of one event resolve the same people once.
 */
import { Repeater } from '@graphql-yoga/subscription';
import type { SubscribeResolverData } from 'type-graphql';
import type { WatchedEvent } from '../live/events.js';
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
 * A stream of what `load` reads for each event, one event at a time (each with its own
 * loaders, set before it is read and kept while it resolves), skipping events whose
 * subject is gone by then (null): for subscriptions whose payload is read as stored.
 */
export function loadEach<E extends WatchedEvent, R>(ctx: Context, events: AsyncIterable<E>, load: (event: E) => Promise<R | null>): AsyncIterable<R> {
  return new Repeater<R>(async (push, stop) => {
    const iterator = events[Symbol.asyncIterator]();
    // The client went away: end the hub's stream too, so it stops watching.
    const stopped = stop.then(() => ({ done: true, value: undefined }) as const);
    void stopped.then(() => iterator.return?.());
    for (;;) {
      const next = await Promise.race([iterator.next(), stopped]);
      if (next.done) break;
      loadersForEvent(ctx, next.value);
      const row = await load(next.value);
      if (row) await push(row);
    }
    stop();
  });
}
