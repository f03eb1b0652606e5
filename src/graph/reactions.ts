/**
 * Reactions in Cypher. A reaction is an edge, (:User)-[:REACTED {kind, at}]->(:Post); the post
 * keeps `reactionCounts`, one count per kind in REACTION_KINDS order, so a read never counts
 * edges. Plain data and constant text: the GraphQL enum reads REACTION_KINDS.
 */

/** The fixed set of reactions, in the order the post's counts keep them. Append only. */
export const REACTION_KINDS = ['LIKE', 'LOVE', 'LAUGH', 'WOW', 'SAD', 'ANGRY'] as const;
export type ReactionKindName = (typeof REACTION_KINDS)[number];

const KINDS_LITERAL = `[${REACTION_KINDS.map((kind) => `'${kind}'`).join(', ')}]`;

/** The post's counts, zeros where none were kept yet. Expects bound: `post`. */
export const reactionCountsOf = (post: string) => `coalesce(${post}.reactionCounts, [k IN ${KINDS_LITERAL} | 0])`;

/**
 * Adds `delta` to the count of `kind` (an expression naming a kind) on `post`. Expects bound:
 * `post`, the post's lock already held (the caller wrote to it first, or does so here).
 */
export const addToReactionCount = (post: string, kind: string, delta: string) =>
  `SET ${post}.reactionCounts = [i IN range(0, ${REACTION_KINDS.length - 1}) |
     ${reactionCountsOf(post)}[i] + CASE WHEN ${KINDS_LITERAL}[i] = ${kind} THEN ${delta} ELSE 0 END]`;

/** Deleting an account takes its reactions back, and the posts' counts with them. Expects bound: `u`. */
export const FORGET_REACTIONS_OF_U = `
  CALL (u) {
    MATCH (u)-[r:REACTED]->(p:Post)
    ${addToReactionCount('p', 'r.kind', '-1')}
    DELETE r
  }`;
