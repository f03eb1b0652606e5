/**
 * Cursors: the sort key of a page's last item, as an opaque string (base64url of JSON), so
 * a page boundary stays put while items are added before it. Each list declares its
 * kind: the shape its keys have, checked when a cursor comes back.
 */
import { badInput } from '../errors.js';

/** One letter per position of a key: s string, n number, i whole number (0 or more), d ISO date-time. */
export const CursorKind = {
  /** Name, then slug: circles and interests in name order. */
  BY_NAME: 'ss',
  /** Time, then id: newest- or earliest-first lists (posts, members, requests, vouches). */
  BY_TIME: 'ds',
  /** Handle alone: connections in handle order. */
  BY_HANDLE: 's',
  /** Band rank, relevance, id: recommendations. */
  BY_RANK: 'nns',
  /** A position in a sequence: the messages of a conversation. */
  BY_SEQUENCE: 'i',
  /** A place in a post's threads: the thread's number, then the reply's (0 for the thread's top comment). */
  BY_THREAD: 'ii',
  /** How closely a search result matches (0 best), then a unique name: search results. */
  BY_MATCH: 'is',
} as const;

export type CursorKind = (typeof CursorKind)[keyof typeof CursorKind];

export type CursorKey = Array<string | number | null>;

/**
 * Later than any stored time, before any id: where marking every notification read starts
 * (Cypher compares it with `<`).
 */
export const NEWEST_FIRST_START: readonly [string, string] = ['9999-12-31T23:59:59Z', ''];

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?Z$/;

/**
 * A real instant in ISO-8601 UTC. `Date.parse` rolls 30 February over into March and
 * hour 24 into the next day, so every part is checked against the date it produced.
 */
export function isIsoInstant(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const parts = ISO_DATE_TIME.exec(value);
  if (!parts) return false;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return false;
  const [year, month, day, hour, minute, second] = parts.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() + 1 === month &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second
  );
}

const CURSOR_PARTS: Record<string, (part: unknown) => boolean> = {
  s: (part) => typeof part === 'string',
  n: (part) => typeof part === 'number' && Number.isFinite(part),
  i: (part) => Number.isSafeInteger(part) && (part as number) >= 0,
  d: isIsoInstant,
};

/**
 * Reads a cursor back into its sort key, checking it has the shape this list uses;
 * anything else is BAD_USER_INPUT naming `field` (the argument it came in: `after` or `before`).
 */
export function decodeCursor(cursor: string, kind: CursorKind, field: 'after' | 'before' = 'after'): CursorKey {
  const invalid = () => badInput(field, `The \`${field}\` cursor is not one this list gave out; start again without it.`);
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const fits = Array.isArray(key) && key.length === kind.length && key.every((part, i) => CURSOR_PARTS[kind[i]!]?.(part) ?? false);
  if (!fits) throw invalid();
  return key as CursorKey;
}

/** A page to read: how many items, and the sort key to continue after (null for the first page). */
export interface PageRequest {
  first: number;
  after: CursorKey | null;
}

/**
 * A page of a list that pages both ways (Relay's first/after and last/before): `size`
 * items from the start of the range between the cursors, or from its end when `backward`.
 * A null cursor leaves that side of the range open.
 */
export interface TwoWayPageRequest {
  size: number;
  backward: boolean;
  after: CursorKey | null;
  before: CursorKey | null;
}
