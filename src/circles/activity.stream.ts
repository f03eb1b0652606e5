/**
 * One subscriber's live view of a circle: its events (minus people hidden by blocks) until
 * the subscriber leaves or is banned. Delivery goes through the instance's LiveHub.
 */
import { Role } from '../auth/roles.js';
import { forbidden, notFound, unauthenticated } from '../errors.js';
import type { Context } from '../graphql/context.js';
import type { CircleEvent, CircleEventKind } from '../live/events.js';
import { slug } from '../shared/validate.js';
import { watchStanding } from './circles.repository.js';

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
  return ctx.app.liveHub.circleEvents(circle.id, viewer.id, standing.hiddenIds, (event) => kinds.has(event.kind));
}
