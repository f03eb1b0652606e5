/** People in Cypher: the projection every read of a person returns, and finding one by handle. */
import type { Queries } from '../db/database.js';
import { notFound } from '../errors.js';

/**
 * The map projection of the User bound to `person` (a literal in our code, never input).
 * Times travel as epoch milliseconds: see src/db/convert.ts.
 */
export const userFields = (person: string) =>
  `{.id, .handle, .realName, .verified, .bio, .scoreVisibility, .creditScore, createdAt: ${person}.createdAt.epochMillis, suspended: ${person}.suspendedAt IS NOT NULL}`;

/** The id of the person with this handle inside a transaction, or NOT_FOUND naming the handle. */
export async function requireUserId(q: Queries, handle: string, field = 'handle'): Promise<string> {
  const row = await q.one<{ id: string }>('MATCH (person:User {handle: $handle}) RETURN person.id AS id', { handle });
  if (!row) throw notFound(`No one has the handle "${handle}" (${field}); check the spelling.`);
  return row.id;
}
