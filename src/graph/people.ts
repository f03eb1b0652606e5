/** People in Cypher: the projection every read of a person returns, and finding one by handle. */
import type { Queries } from '../db/database.js';
import { notFound } from '../errors.js';

/**
 * The map projection of the User bound to `person` (a literal in our code, never input).
 * Times travel as epoch milliseconds: see src/db/convert.ts.
 */
export const userFields = (person: string) =>
  `{.id, .handle, .realName, .verified, .bio, .scoreVisibility, .creditScore, .vouchVisibility, createdAt: ${person}.createdAt.epochMillis, suspended: ${person}.suspendedAt IS NOT NULL}`;

/**
 * Takes the person's write lock for the rest of the transaction (by writing a property
 * and removing it again, Neo4j's idiom for an explicit lock). Writes that copy a person's
 * denormalised fields (the band they show strangers, onto their INTERESTED_IN edges) take
 * it before reading them, so they serialise with the writes that change those fields and
 * never copy a value that is being replaced.
 */
export async function lockPerson(q: Queries, userId: string): Promise<void> {
  await q.rows('MATCH (person:User {id: $userId}) SET person._lock = true REMOVE person._lock', { userId });
}

/** The id of the person with this handle inside a transaction, or NOT_FOUND naming the handle. */
export async function requireUserId(q: Queries, handle: string, field = 'handle'): Promise<string> {
  const row = await q.one<{ id: string }>('MATCH (person:User {handle: $handle}) RETURN person.id AS id', { handle });
  if (!row) throw notFound(`No one has the handle "${handle}" (${field}); check the spelling.`);
  return row.id;
}
