import neo4j from 'neo4j-driver';

/**
 * Properties that hold a moment in time. Cypher returns them as epoch milliseconds
 * (`x.createdAt.epochMillis`): decoding Neo4j DateTime structs in the driver costs more than
 * all the rest of a page of posts. They become Dates here.
 */
const MOMENT_KEYS = new Set(['createdAt', 'editedAt', 'joinedAt', 'observedAt', 'recordedAt', 'since', 'at', 'readAt', 'updatedAt', 'lastMessageAt']);

/**
 * Converts what the driver returns into plain JavaScript at the repository boundary:
 * Neo4j integers → number, temporal values (and epoch milliseconds under MOMENT_KEYS) → Date,
 * nested lists and maps recursively. Cypher should return map projections, never nodes.
 */
export function toPlain(value: unknown, key?: string): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return key !== undefined && MOMENT_KEYS.has(key) ? new Date(value) : value;
  if (typeof value !== 'object') return value;
  if (neo4j.isInt(value)) return (value as { toNumber(): number }).toNumber();
  if (neo4j.isDateTime(value) || neo4j.isDate(value) || neo4j.isLocalDateTime(value)) {
    return (value as { toStandardDate(): Date }).toStandardDate();
  }
  if (Array.isArray(value)) return value.map((item) => toPlain(item));
  if (value.constructor === Object) {
    const plain: Record<string, unknown> = {};
    for (const [inner, item] of Object.entries(value)) plain[inner] = toPlain(item, inner);
    return plain;
  }
  return value;
}
