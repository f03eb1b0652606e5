/**
 * Where a sent message goes once it is committed: to every socket of the recipient on
 * every instance, through the live hub (which applies blocks). Not to the sender's own
 * sockets: `messageReceived` is what others send you; a sender's other devices read the
 * conversation. A subscriber that resumes with a cursor first gets what it missed.
 */
import { unauthenticated } from '../errors.js';
import { hiddenIdsOf } from '../graph/blocks.js';
import type { AppServices, Context } from '../graphql/context.js';
import { loadEach, replayAfter } from '../graphql/live.js';
import type { MessageSnapshot } from '../live/events.js';
import { announceToPerson } from '../live/publish.js';
import type { Message } from './conversation.type.js';
import { messagesToSince } from './conversations.repository.js';

export function messageSent(app: AppServices, message: Message): void {
  announceToPerson(app.pubSub, message.toId, { kind: 'MESSAGE', message: snapshotOf(message) });
}

/** A message as plain JSON, to cross Redis. */
function snapshotOf({ id, body, seq, fromId, toId, conversationId, createdAt, readAt }: Message): MessageSnapshot {
  return { id, body, seq, fromId, toId, conversationId, createdAt: createdAt.toISOString(), readAt: readAt?.toISOString() ?? null };
}

/**
 * The messages to the person asking, live, through the hub (which keeps blocked people
 * out); after `after`, first those they missed since it.
 */
export async function openMessageStream(ctx: Context, { after }: { after?: string | null }): Promise<AsyncIterable<Message>> {
  if (!ctx.viewer || ctx.viewer.kind !== 'user') throw unauthenticated();
  const viewer = ctx.viewer.id;
  const replay = replayAfter(ctx, 'messageReceived', after, (point, limit) => messagesToSince(ctx.db, viewer, point, limit), (message) => message.id);
  const events = ctx.app.liveHub.personEvents(viewer, await hiddenIdsOf(ctx.db, viewer), 'MESSAGE');
  return loadEach(ctx, events, (event) => messageOf(event.message), replay);
}

function messageOf(snapshot: MessageSnapshot): Message {
  return { ...snapshot, createdAt: new Date(snapshot.createdAt), readAt: snapshot.readAt ? new Date(snapshot.readAt) : null };
}
