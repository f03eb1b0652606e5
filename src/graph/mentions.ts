/** Mentions in Cypher: which `@handle`s in a text name someone the mention may reach. */

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
