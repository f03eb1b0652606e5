/**
 * Blocks in Cypher: people with a block between them never see each other, so every
 * list that shows people uses these fragments. Constant text, never built from input.
 */
import type { Db } from '../db/database.js';

/** The ids of everyone who blocked, or was blocked by, `person` (a bound User). */
export const idsHiddenFrom = (person: string) => `COLLECT { MATCH (${person})-[:BLOCKED]-(hidden:User) RETURN hidden.id }`;

/**
 * Binds `v`, the viewer `$viewerId` (null for services), and `hiddenPeople`, the people
 * with a block between them and the viewer: for counts that must not show a block.
 * Expects the parameter `$viewerId`; leaves `v` and `hiddenPeople` bound.
 */
export const BIND_VIEWER_AND_HIDDEN_PEOPLE = `OPTIONAL MATCH (v:User {id: $viewerId})
  WITH v, COLLECT { MATCH (v)-[:BLOCKED]-(hidden:User) RETURN hidden } AS hiddenPeople`;

/**
 * Whether `person` must look to the viewer `$viewerId` like a handle nobody has: they
 * blocked the viewer, who did not block them (hiddenAsNonexistent, src/privacy/blocks.ts).
 * Expects bound: `person`; the parameter `$viewerId` (null for services: nobody hidden).
 */
export const hiddenAsNonexistentFromViewer = (person: string) =>
  `($viewerId IS NOT NULL AND EXISTS { (${person})-[:BLOCKED]->(:User {id: $viewerId}) }
    AND NOT EXISTS { (:User {id: $viewerId})-[:BLOCKED]->(${person}) })`;

/** Everyone who blocked, or was blocked by, the person. */
export async function hiddenIdsOf(db: Db, userId: string): Promise<Set<string>> {
  const row = await db.read((q) => q.one<{ ids: string[] }>(`MATCH (person:User {id: $userId}) RETURN ${idsHiddenFrom('person')} AS ids`, { userId }));
  return new Set(row?.ids ?? []);
}
