import neo4j from 'neo4j-driver';

/**
 * Converts what the driver returns into plain JavaScript at the repository boundary:
 * Neo4j integers → number, temporal values → Date, nested lists and maps recursively.
 * Cypher should return map projections (`u {.id, .handle}`), never whole nodes.
 */
export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (neo4j.isInt(value)) return (value as { toNumber(): number }).toNumber();
  if (neo4j.isDateTime(value) || neo4j.isDate(value) || neo4j.isLocalDateTime(value)) {
    return (value as { toStandardDate(): Date }).toStandardDate();
  }
  if (Array.isArray(value)) return value.map(toPlain);
  if (typeof value === 'object' && value.constructor === Object) {
    const plain: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) plain[key] = toPlain(inner);
    return plain;
  }
  return value;
}
