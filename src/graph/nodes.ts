/** Finding which kind of node holds an id, for Relay's `node(id:)`: one indexed seek per label. */
import type { Db } from '../db/database.js';

const LABEL = /^[A-Z][A-Za-z]*$/;

/**
 * The label of the node each id belongs to, among `labels` (every one has a uniqueness
 * constraint on `id`, so each branch is an index seek). One round-trip for all the ids; ids
 * nobody has are left out. The labels are literals of our code, checked, never input.
 */
export async function labelsOfIds(db: Db, labels: readonly string[], ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0 || labels.length === 0) return new Map();
  for (const label of labels) if (!LABEL.test(label)) throw new Error(`Not a label: ${label}`);
  const branches = labels.map((label) => `MATCH (n:${label} {id: id}) RETURN '${label}' AS label`).join(' UNION ALL ');
  const rows = await db.read((q) => q.rows<{ id: string; label: string }>(`UNWIND $ids AS id CALL (id) { ${branches} } RETURN id, label`, { ids }));
  return new Map(rows.map((row) => [row.id, row.label]));
}
