/**
 * `connectionRequestReceived`: a received request is a notification (CONNECTION_REQUEST_RECEIVED,
 * made inside the request's write), so this stream is `notificationAdded`'s events of that
 * kind: the recipient's notification policy and blocks apply alike, and a subscriber that
 * resumes with a cursor first gets the requests it missed. Each is shown as the request it
 * announced, while still pending (one answered or withdrawn by then is skipped).
 */
import { unauthenticated } from '../errors.js';
import { hiddenIdsOf } from '../graph/blocks.js';
import { NotificationKind } from '../graph/notification-kinds.js';
import type { Context } from '../graphql/context.js';
import { loadEach, readOncePerEvent, replayAfter } from '../graphql/live.js';
import type { PersonEvent } from '../live/events.js';
import { receivedRequests, receivedRequestsSince, type ReceivedRequestRow } from './connections.repository.js';

type NotificationEvent = Extract<PersonEvent, { kind: 'NOTIFICATION' }>;

const isRequest = (event: NotificationEvent) => event.notificationKind === NotificationKind.CONNECTION_REQUEST_RECEIVED;

/** The request an event announced, read once per event for all its recipient's sockets here. */
const readRequest = readOncePerEvent(async (db, event: NotificationEvent) => (await receivedRequests(db, event.recipientId, [event.notificationId]))[0] ?? null);

export async function openRequestStream(ctx: Context, { after }: { after?: string | null }): Promise<AsyncIterable<ReceivedRequestRow>> {
  if (!ctx.viewer || ctx.viewer.kind !== 'user') throw unauthenticated();
  const viewer = ctx.viewer.id;
  const since = (point: { at: number; id: string }, limit: number) => receivedRequestsSince(ctx.db, viewer, point, limit);
  const replay = replayAfter(ctx, 'connectionRequestReceived', after, since, (row) => row.notificationId);
  const events = ctx.app.liveHub.personEvents(viewer, await hiddenIdsOf(ctx.db, viewer), 'NOTIFICATION', isRequest);
  return loadEach(ctx, events, (event) => readRequest(ctx, event), replay);
}
