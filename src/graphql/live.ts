/**
 * GraphQL's side of live events: typed subscribe functions, and loaders per event so the
 * subscribers of one event resolve the same people once.
 */
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
