/**
 * One subscriber's live view of a circle: its events (minus people hidden by blocks) until
 * the subscriber leaves or is banned. Delivery goes through the instance's LiveHub.
 */
import { Role } from '../auth/roles.js';
import { forbidden, unauthenticated } from '../errors.js';
import type { Context } from '../graphql/context.js';
import type { CircleEvent, CircleEventKind } from '../live/events.js';
import { slug } from '../shared/validate.js';
import { CircleRole } from './circle.type.js';
import { watchStanding } from './circles.repository.js';
import { noSuchCircle, readRefusal } from './circles.rules.js';

export async function circleActivityStream(ctx: Context, circleSlug: string, kinds: ReadonlySet<CircleEventKind>): Promise<AsyncIterable<CircleEvent>> {
  const viewer = ctx.viewer;
  if (!viewer) throw unauthenticated();
  if (!viewer.roles.includes(Role.USER)) throw forbidden('Only people can watch circles.');
  const slugKey = slug('circleSlug', circleSlug);
  const standing = await watchStanding(ctx.db, viewer.id, slugKey);
  const circle = standing?.circle;
  if (!standing || !circle) throw noSuchCircle(slugKey);
  if (standing.banned) throw forbidden(`The moderators of ${circle.name} removed you from it.`);
  const refusal = readRefusal(circle, standing.member ? CircleRole.MEMBER : null, 'watch it live');
  if (refusal) throw refusal;
  return ctx.app.liveHub.circleEvents(circle.id, viewer.id, standing.hiddenIds, (event) => kinds.has(event.kind));
}
