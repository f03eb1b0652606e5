/**
 * Who may send whom a message, what a retried send gets, and what a page of messages can
 * say about the rest. Same shape as every rule (src/circles/circles.rules.ts): pure, null
 * when allowed, otherwise the AppError to throw; conversations.repository.ts reads the
 * facts under the conversation's lock and throws the refusal.
 */
import { badInput, conflict, forbidden, notFound, type AppError } from '../errors.js';
import type { TwoWayPageRequest } from '../graph/cursors.js';
import type { Message } from './conversation.type.js';

/** How sender and recipient stand, read under the conversation's lock. */
export interface SendState {
  /** The handle is the sender's own. */
  self: boolean;
  /**
   * They are connected. False for a handle nobody has, for strangers, and for anyone with a
   * block between them (a block ends the connection): all get the same refusal, so a block
   * is not told apart from a stranger or from a handle nobody has.
   */
  connected: boolean;
}

/** Messages flow only between connected people; the refusal says how to become connected. */
export function sendRefusal(toHandle: string, state: SendState): AppError | null {
  if (state.self) return badInput('toHandle', 'You cannot send a message to yourself.');
  if (state.connected) return null;
  return forbidden(`You can message only people you are connected with: send @${toHandle} a connection request first (sendConnectionRequest).`);
}

/**
 * A clientMessageId names one message: a retry must be to the same person with the same
 * body, or it is a new message under an old id. `earlier` is the message first sent under
 * it; `toId` the person the handle names now (null if nobody).
 */
export function replayRefusal(earlier: Pick<Message, 'toId' | 'body'>, toId: string | null, body: string): AppError | null {
  if (earlier.toId === toId && earlier.body === body) return null;
  return conflict('That clientMessageId was already used for a different message; make a new one for each message.', { field: 'clientMessageId' });
}

/** Marking read needs a conversation you can see with that person (none with yourself, none across a block). */
export function markRefusal(withHandle: string, found: boolean): AppError | null {
  return found ? null : notFound(`You have no conversation with @${withHandle}.`);
}

/**
 * Whether messages lie past the cursor a page started from, on the side away from its
 * reading direction: before `after` when paging forward, from `before` on when paging
 * backward. Messages leave only with their whole conversation, so a conversation ending at
 * `lastSeq` holds every number from 1 to it.
 */
export function messagesBeyondCursor(page: Pick<TwoWayPageRequest, 'backward' | 'after' | 'before'>, lastSeq: number): boolean {
  if (lastSeq < 1) return false;
  if (page.backward) return page.before !== null && (page.before[0] as number) <= lastSeq;
  return page.after !== null && (page.after[0] as number) >= 1;
}
