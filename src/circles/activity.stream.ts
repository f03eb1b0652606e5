/**
 * One subscriber's live view of a circle: the circle's events, minus people hidden by
 * blocks, until the subscriber leaves or is banned. Each event resolves with fresh
 * viewer loaders, while people's records are loaded once per event for all subscribers.
 */
import { map, Repeater } from '@graphql-yoga/subscription';
import { Role } from '../auth/roles.js';
import { hiddenIdsOf } from '../blocks/blocks.repository.js';
import { createContextLoaders, type Context } from '../context.js';
import { forbidden, unauthenticated } from '../errors.js';
import { createSharedLoaders, type SharedLoaders } from '../loaders.js';
import { Topic, type CircleEvent, type UserEvent } from '../pubsub.js';
import { circleBySlug } from './circles.resolver.js';
import { standingIn } from './circles.repository.js';

export type CircleEventKind = CircleEvent['kind'];

/** Loaders shared by every subscriber of one event object; gone with the event. */
const sharedByEvent = new WeakMap<CircleEvent, SharedLoaders>();

/** People an event is about: if any is hidden from the subscriber, the event is not shown. */
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

type Tagged = { circle: CircleEvent } | { user: UserEvent };

export async function circleActivityStream(ctx: Context, circleSlug: string, kinds: ReadonlySet<CircleEventKind>): Promise<AsyncIterable<CircleEvent>> {
  const viewer = ctx.viewer;
  if (!viewer) throw unauthenticated();
  if (!viewer.roles.includes(Role.USER)) throw forbidden('Only people can watch circles.');
  const circle = await circleBySlug(ctx, circleSlug);
  const standing = await standingIn(ctx.db, viewer.id, circle.id);
  if (standing.banned) throw forbidden(`The moderators of ${circle.name} removed you from it.`);
  if (circle.membersOnly && !standing.member) throw forbidden(`Only members of ${circle.name} can watch it live; join it first.`);

  let hidden = await hiddenIdsOf(ctx.db, viewer.id);
  const { pubSub } = ctx.app;
  const sources = Repeater.merge([
    map((event: CircleEvent): Tagged => ({ circle: event }))(pubSub.subscribe(Topic.CircleActivity, circle.id)),
    map((event: UserEvent): Tagged => ({ user: event }))(pubSub.subscribe(Topic.UserEvents, viewer.id)),
  ]);
  const database = ctx.app.database;

  // A Repeater, not an async generator: when the client goes away, `stop` settles at once
  // and releases the pub/sub listeners, even if the circle stays quiet.
  return new Repeater<CircleEvent>(async (push, stop) => {
    void stop.then(() => sources.return());
    for await (const item of sources) {
      if ('user' in item) {
        if (item.user.kind === 'MEMBERSHIP_ENDED' && item.user.circleId === circle.id) break;
        if (item.user.kind === 'BLOCKS_CHANGED') hidden = await hiddenIdsOf(ctx.db, viewer.id);
        continue;
      }
      const event = item.circle;
      if (!kinds.has(event.kind) || peopleIn(event).some((id) => hidden.has(id))) continue;
      let shared = sharedByEvent.get(event);
      if (!shared) sharedByEvent.set(event, (shared = createSharedLoaders(database.forRequest())));
      // The same context serves every event of a subscription: give each event fresh loaders.
      createContextLoaders(ctx, shared);
      await push(event);
    }
    stop();
    await sources.return();
  });
}
