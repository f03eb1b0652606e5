/**
 * Resume cursors for a person's own live streams: each event carries one, and a client that
 * comes back subscribes with the last it received to get what it missed first. A cursor
 * names its stream, so one from another stream is refused rather than misread; one older
 * than the replay window is refused too, and the client reads the record (the query) instead.
 */
import { badInput } from '../errors.js';

/** The streams that resume, each with the query that holds their record. */
export const RESUMABLE = { messageReceived: 'conversations', notificationAdded: 'notifications', connectionRequestReceived: 'incomingConnectionRequests', circleActivity: 'circle' } as const;
export type ResumableStream = keyof typeof RESUMABLE;

/** Where a stream resumes: after the event at `at` (epoch milliseconds) with this id. */
export interface ResumePoint {
  at: number;
  id: string;
}

export function resumeCursor(stream: ResumableStream, at: Date, id: string): string {
  return Buffer.from(JSON.stringify([stream, at.toISOString(), id])).toString('base64url');
}

/**
 * The point `cursor` names, if it is one of `stream`'s and no older than `windowMs` before
 * `now`; otherwise BAD_USER_INPUT on `after`, saying to refetch with the stream's query.
 */
export function readResumeCursor(cursor: string, stream: ResumableStream, now: number, windowMs: number): ResumePoint {
  const foreign = () => foreignCursor(stream);
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw foreign();
  }
  if (!Array.isArray(key) || key.length !== 3 || key[0] !== stream || typeof key[1] !== 'string' || typeof key[2] !== 'string') throw foreign();
  const at = Date.parse(key[1]);
  if (Number.isNaN(at)) throw foreign();
  if (now - at > windowMs) throw tooOldToReplay(stream, windowMs);
  return { at, id: key[2] };
}

function refetchError(stream: ResumableStream, why: string) {
  return badInput('after', `${why} Refetch with the \`${RESUMABLE[stream]}\` query, then subscribe to \`${stream}\` without \`after\` (or with the cursor of an event it sends).`);
}

/** A cursor `stream` did not give out (or gave out for another of its streams, such as another circle's). */
export function foreignCursor(stream: ResumableStream) {
  return refetchError(stream, `This \`after\` cursor is not one \`${stream}\` gave out.`);
}

/** A cursor older than the replay window (or whose event the record no longer holds). */
export function tooOldToReplay(stream: ResumableStream, windowMs: number) {
  return refetchError(stream, `This \`after\` cursor is too old to replay what came since it (the limit is ${Math.round(windowMs / 60_000)} minutes).`);
}

/** More missed events than one replay sends: the client reads the record instead. */
export function tooManyToReplay(stream: ResumableStream, limit: number) {
  return badInput('after', `More than ${limit} events came since this \`after\` cursor. Refetch with the \`${RESUMABLE[stream]}\` query, then subscribe to \`${stream}\` without \`after\`.`);
}
