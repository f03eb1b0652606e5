/**
 * One subscriber's live view of a circle: its events (minus people hidden by blocks) until
 * the subscriber leaves or is banned. Delivery goes through the instance's LiveHub. With
 * `after` (the cursor of an event it received), first what the circle's log holds since that
 * event, passed through the same filters, then live events, none twice.
 */
import { Role } from '../auth/roles.js';
import { forbidden, unauthenticated } from '../errors.js';
import { circleLogSince } from '../graph/circle-log.js';
import type { Context } from '../graphql/context.js';
import { loadEach, replayAfter } from '../graphql/live.js';
import { visibleDespiteBlocks, type CircleEvent, type CircleEventBody, type CircleEventKind } from '../live/events.js';
import { foreignCursor, resumeCursor, tooManyToReplay, tooOldToReplay, type ResumePoint } from '../live/resume.js';
import { slug } from '../shared/validate.js';
import { CircleRole } from './circle.type.js';
import { watchStanding } from './circles.repository.js';
import { noSuchCircle, readRefusal } from './circles.rules.js';

export async function circleActivityStream(
  ctx: Context,
  circleSlug: string,
  kinds: ReadonlySet<CircleEventKind>,
  after?: string | null,
): Promise<AsyncIterable<CircleEvent>> {
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
  const accept = (event: CircleEvent) => kinds.has(event.kind);
  const hidden = new Set(standing.hiddenIds);
  const replay = replayAfter(
    ctx,
    'circleActivity',
    after,
    async (point, limit) => {
      const missed = await circleLogSince(ctx.db, circle.id, entryIn(point, circle.id), limit);
      if (!missed) throw tooOldToReplay('circleActivity', ctx.app.config.liveReplay.windowMinutes * 60_000);
      // Counted before filtering: dropping hidden entries must not hide that some were beyond the limit.
      if (missed.length > limit) throw tooManyToReplay('circleActivity', limit);
      return missed
        .map(({ seq, entryId, event }) => ({ ...(JSON.parse(event) as CircleEventBody), seq, entryId }) as CircleEvent)
        .filter((event) => accept(event) && visibleDespiteBlocks(event, hidden));
    },
    (event) => event.entryId,
  );
  const events = ctx.app.liveHub.circleEvents(circle.id, viewer.id, hidden, accept);
  return replay ? loadEach(ctx, events, (event) => event, replay) : events;
}

/**
 * Where `circleActivity(after:)` resumes after `event`: its circle and its entry in the
 * circle's log, by id (its number would show how many events the watcher was not shown).
 */
export function circleActivityCursor(event: { at: Date; circleId: string; entryId: string }): string {
  return resumeCursor('circleActivity', event.at, `${event.circleId}/${event.entryId}`);
}

/** The entry of `circleId`'s log a cursor names; a cursor for another circle is not this stream's. */
function entryIn(point: ResumePoint, circleId: string): string {
  const [cursorCircle, entryId, ...rest] = point.id.split('/');
  if (cursorCircle !== circleId || !entryId || rest.length > 0) throw foreignCursor('circleActivity');
  return entryId;
}
