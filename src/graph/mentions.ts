/**
 * Mentions, for posts and comments alike: which `@handle`s a text holds (pure), and, in
 * Cypher, which of them name someone the mention may reach.
 */
import { badInput, type AppError } from '../errors.js';

/** How many people one text may mention: each is a notification. */
export const MAX_MENTIONS = 10;

/** `@handle` at the start or after anything but a handle character (so e-mail addresses are not mentions). */
const MENTION = /(?:^|[^\p{L}\p{N}_@])@([A-Za-z][A-Za-z0-9_]{2,29})(?![A-Za-z0-9_])/gu;

/** The distinct handles a text mentions, lower case, in order of first mention. */
export function mentionedHandles(text: string): string[] {
  const handles = new Set<string>();
  for (const match of text.matchAll(MENTION)) handles.add(match[1]!.toLowerCase());
  return [...handles];
}

/** More than MAX_MENTIONS people in one text: refused, naming the field. */
export function mentionsRefusal(handles: readonly string[], field = 'body'): AppError | null {
  if (handles.length <= MAX_MENTIONS) return null;
  return badInput(field, `${field} mentions ${handles.length} people; mention at most ${MAX_MENTIONS}.`);
}


/**
 * The ids, among the people with the handles `$mentioned`, of those a mention by `author` in
 * `circle` reaches: people who can read the circle (members of a members-only circle, anyone
 * for an open one), not banned from it, with no block either way with the author, and not
 * the author. Other handles stay plain text: refusing them would tell the writer who is in
 * a members-only circle or who blocked them. Expects bound: both variables named.
 */
export const mentionableIds = (author: string, circle: string) => `COLLECT {
  MATCH (m:User) WHERE m.handle IN $mentioned AND m.id <> ${author}.id
    AND (NOT ${circle}.membersOnly OR EXISTS { (m)-[:MEMBER_OF]->(${circle}) })
    AND NOT EXISTS { (m)-[:BANNED_FROM]->(${circle}) }
    AND NOT EXISTS { (m)-[:BLOCKED]-(${author}) }
  RETURN m.id }`;
