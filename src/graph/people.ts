/** People in Cypher: the projection every read of a person returns, and finding one by handle. */
import type { Queries } from '../db/database.js';
import { notFound } from '../errors.js';
import { hiddenAsNonexistent } from '../privacy/blocks.js';

/**
 * The map projection of the User bound to `person` (a literal in our code, never input).
 * Times travel as epoch milliseconds: see src/db/convert.ts.
 */
export const userFields = (person: string) =>
  `{.id, .handle, .realName, .verified, .bio, .scoreVisibility, .creditScore, .creditRecordedBy, .vouchVisibility, createdAt: ${person}.createdAt.epochMillis, suspended: ${person}.suspendedAt IS NOT NULL}`;

/** lockPerson as a clause, for statements that lock many people as they go. Expects bound: `person`. */
export const LOCK_PERSON_CLAUSE = (person: string) => `SET ${person}._lock = true REMOVE ${person}._lock`;

/**
 * Takes the person's write lock for the rest of the transaction (by writing a property
 * and removing it again, Neo4j's idiom for an explicit lock). Writes that copy a person's
 * denormalised fields (the band they show strangers, onto their INTERESTED_IN edges) take
 * it before reading them, so they serialise with the writes that change those fields and
 * never copy a value that is being replaced.
 */
export async function lockPerson(q: Queries, userId: string): Promise<void> {
  await q.rows(`MATCH (person:User {id: $userId}) ${LOCK_PERSON_CLAUSE('person')}`, { userId });
}

const noOneHas = (handle: string, field: string) => notFound(`No one has the handle "${handle}" (${field}); check the spelling.`);

/** The id of the person with this handle inside a transaction, or NOT_FOUND naming the handle. */
export async function requireUserId(q: Queries, handle: string, field = 'handle'): Promise<string> {
  const row = await q.one<{ id: string }>('MATCH (person:User {handle: $handle}) RETURN person.id AS id', { handle });
  if (!row) throw noOneHas(handle, field);
  return row.id;
}

/**
 * The id of the person with this handle as the viewer may name them: someone who blocked
 * the viewer (and whom the viewer did not block) gets the very answer a handle nobody has
 * gets (hiddenAsNonexistent, src/privacy/blocks.ts). For every request a person makes
 * about another by handle. A moderator acting on their circle passes `moderatedCircleId`:
 * its members and banned people stay findable to them. Services use requireUserId.
 */
export async function requireVisibleUserId(q: Queries, viewerId: string, handle: string, field = 'handle', moderatedCircleId: string | null = null): Promise<string> {
  const row = await q.one<{ id: string; blocking: boolean; blockedBy: boolean; underViewersModeration: boolean }>(
    `MATCH (person:User {handle: $handle})
     OPTIONAL MATCH (viewer:User {id: $viewerId})
     RETURN person.id AS id, EXISTS { (viewer)-[:BLOCKED]->(person) } AS blocking, EXISTS { (person)-[:BLOCKED]->(viewer) } AS blockedBy,
            EXISTS { (person)-[:MEMBER_OF|BANNED_FROM]->(c:Circle {id: $moderatedCircleId})
                     WHERE EXISTS { (viewer)-[m:MEMBER_OF]->(c) WHERE m.role IN ['OWNER', 'MODERATOR'] } } AS underViewersModeration`,
    { handle, viewerId, moderatedCircleId },
  );
  if (!row || hiddenAsNonexistent(row)) throw noOneHas(handle, field);
  return row.id;
}
