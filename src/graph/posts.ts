/** Posts in Cypher: the projection every read of a post returns. */

/** The map projection of the Post bound to `post` (a literal in our code, never input). */
export const postFields = (post: string) =>
  `{.id, .body, .authorId, .circleId, mentionIds: coalesce(${post}.mentionIds, []), createdAt: ${post}.createdAt.epochMillis, editedAt: ${post}.editedAt.epochMillis}`;
