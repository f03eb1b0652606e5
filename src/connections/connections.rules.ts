/**
 * Who may ask whom to connect, and when; and answering a request. Pure functions: the
 * repository reads the facts inside its write transaction (the sender locked), a rule
 * decides, the repository acts on the same transaction.
 *
 * Shape: each rule returns null when the action may go ahead, otherwise the AppError the
 * caller throws. Checks run in the order written here; the first that fails answers.
 */
import { badInput, conflict, forbidden, notFound, rateLimited, type AppError } from '../errors.js';

export interface RequestLimits {
  perDay: number;
  maxPendingIncoming: number;
}

/** How sender and recipient stand, as read just before a request is written. */
export interface RequestState {
  connected: boolean;
  /** The sender already asked the recipient. */
  requested: boolean;
  /** The recipient already asked the sender. */
  incoming: boolean;
  /**
   * The sender blocked the recipient. (A recipient who blocked the sender never gets here:
   * to the sender they are a handle nobody has, refused when the handle resolves.)
   */
  blocking: boolean;
  /** Requests waiting for the recipient's answer, from anyone. */
  pendingIncoming: number;
  /** When the sender sent requests within the last 24 hours. */
  recent: Date[];
}

const DAY_MS = 86_400_000;

/** A wait in words: whole minutes, rounded up, with hours once there are any. */
export function retryIn(seconds: number): string {
  const totalMinutes = Math.ceil(seconds / 60);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  return hours > 0 ? `${hours} h ${minutes} min` : `${minutes} min`;
}

/** Checked as soon as the handle resolves, before anything else is read. */
export function selfRequestRefusal(fromId: string, toId: string): AppError | null {
  return toId === fromId ? badInput('handle', 'You cannot send a connection request to yourself.') : null;
}

/**
 * Whether the sender may ask `toHandle` now. `state` is undefined when the sender's own
 * account is gone; `now` is epoch milliseconds.
 */
export function requestRefusal(toHandle: string, state: RequestState | undefined, limits: RequestLimits, now: number): AppError | null {
  if (!state) return notFound('Your account no longer exists.');
  if (state.connected) return conflict(`You are already connected with @${toHandle}.`);
  if (state.requested) return conflict(`You already asked @${toHandle} to connect; wait for their answer.`);
  if (state.incoming) {
    return conflict(`@${toHandle} already asked to connect with you; accept their request instead (respondToConnectionRequest).`);
  }
  if (state.blocking) return conflict(`You blocked @${toHandle}; unblock them first.`);
  if (state.pendingIncoming >= limits.maxPendingIncoming) {
    return forbidden(`@${toHandle} is not accepting connection requests from you right now.`);
  }
  if (state.recent.length >= limits.perDay) {
    // The window slides: a slot frees when the oldest request in it turns a day old.
    const oldest = Math.min(...state.recent.map((d) => d.getTime()));
    const retryAfterSeconds = Math.max(1, Math.ceil((oldest + DAY_MS - now) / 1000));
    return rateLimited(
      `You can send ${limits.perDay} connection requests in any 24 hours; try again in ${retryIn(retryAfterSeconds)}.`,
      retryAfterSeconds,
    );
  }
  return null;
}

/** Answering needs a pending request from `fromHandle`; `pending` says whether one was found. */
export function responseRefusal(fromHandle: string, pending: boolean): AppError | null {
  return pending ? null : notFound(`@${fromHandle} has no pending request to you (it may have been withdrawn).`);
}
