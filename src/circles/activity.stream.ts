/**
 * One subscriber's live view of a circle: its events (minus people hidden by blocks) until
 * the subscriber leaves or is banned. Delivery goes through the instance's LiveHub.
 */
import { Repeater } from '@graphql-yoga/subscription';
import { Role } from '../auth/roles.js';
import { createContextLoaders, type Context } from '../graphql/context.js';
import { forbidden, notFound, unauthenticated } from '../errors.js';
import { createSharedLoaders, type SharedLoaders } from '../graphql/loaders.js';
import type { CircleEvent } from '../live/transport.js';
import { slug } from '../shared/validate.js';
import { watchStanding } from './circles.repository.js';

export type CircleEventKind = CircleEvent['kind'];

/** Loaders shared by every subscriber of one event object; gone with the event. */
const sharedByEvent = new WeakMap<CircleEvent, SharedLoaders>();

/**
 * Called by a subscription's root resolver for each event (graphql runs it before any
 * nested field): fresh loaders for this viewer, with people's records loaded once per
 * event for all its subscribers.
 */
export function loadersForEvent(ctx: Context, event: CircleEvent): void {
  let shared = sharedByEvent.get(event);
  if (!shared) sharedByEvent.set(event, (shared = createSharedLoaders(ctx.app.database.forRequest())));
  createContextLoaders(ctx, shared);
}

export async function circleActivityStream(ctx: Context, circleSlug: string, kinds: ReadonlySet<CircleEventKind>): Promise<AsyncIterable<CircleEvent>> {
  const viewer = ctx.viewer;
  if (!viewer) throw unauthenticated();
  if (!viewer.roles.includes(Role.USER)) throw forbidden('Only people can watch circles.');
  const slugKey = slug('circleSlug', circleSlug);
  const standing = await watchStanding(ctx.db, viewer.id, slugKey);
  const circle = standing?.circle;
  if (!standing || !circle) throw notFound(`There is no circle "${slugKey}"; the \`circles\` query lists them.`);
  if (standing.banned) throw forbidden(`The moderators of ${circle.name} removed you from it.`);
  if (circle.membersOnly && !standing.member) throw forbidden(`Only members of ${circle.name} can watch it live; join it first.`);

  // One Repeater per subscriber; when the client goes away, `stop` settles and it unwatches.
  return new Repeater<CircleEvent>(async (push, stop) => {
    const unwatch = ctx.app.liveHub.watch(
      circle.id,
      {
        viewerId: viewer.id,
        onEvent: (event) => {
          if (kinds.has(event.kind)) void push(event).catch(() => stop());
        },
        onEnd: () => stop(),
      },
      standing.hiddenIds,
    );
    await stop;
    unwatch();
  });
}
