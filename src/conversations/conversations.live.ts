/**
 * Where a sent message goes once it is committed: to every socket of the recipient on
 * every instance, through the live hub (which applies blocks). Not to the sender's own
 * sockets: `messageReceived` is what others send you; a sender's other devices read the
 * conversation.
 */
import { unauthenticated } from '../errors.js';
import { hiddenIdsOf } from '../graph/blocks.js';
import type { AppServices, Context } from '../graphql/context.js';
import type { MessageSnapshot } from '../live/events.js';
import { announceToPerson } from '../live/publish.js';
import type { Message } from './conversation.type.js';

export function messageSent(app: AppServices, message: Message): void {
  announceToPerson(app.pubSub, message.toId, { kind: 'MESSAGE', message: snapshotOf(message) });
}

/** A message as plain JSON, to cross Redis. */
function snapshotOf({ id, body, seq, fromId, toId, conversationId, createdAt, readAt }: Message): MessageSnapshot {
  return { id, body, seq, fromId, toId, conversationId, createdAt: createdAt.toISOString(), readAt: readAt?.toISOString() ?? null };
}

/** The messages to the person asking, live, through the hub (which keeps blocked people out). */
export async function openMessageStream(ctx: Context) {
  if (!ctx.viewer || ctx.viewer.kind !== 'user') throw unauthenticated();
  return ctx.app.liveHub.personEvents(ctx.viewer.id, await hiddenIdsOf(ctx.db, ctx.viewer.id), 'MESSAGE');
}

export function messageOf(snapshot: MessageSnapshot): Message {
  return { ...snapshot, createdAt: new Date(snapshot.createdAt), readAt: snapshot.readAt ? new Date(snapshot.readAt) : null };
}
