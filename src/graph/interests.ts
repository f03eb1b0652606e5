/** Interests in Cypher: what a person follows, as every read of it returns it. */

/**
 * The interests `person` (a bound User) follows, in name order, as a list of `{slug, name}`.
 * Expects bound: `person`.
 */
export const interestsOf = (person: string) =>
  `COLLECT { MATCH (${person})-[:INTERESTED_IN]->(followed:Interest) WITH followed ORDER BY followed.name RETURN followed {.slug, .name} }`;
