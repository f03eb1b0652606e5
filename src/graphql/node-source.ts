/** What a feature gives `node(id:)` for one of its types (listed in node-sources.ts). */
import type { Context } from './context.js';

/**
 * One type's part in `node`: its GraphQL type name, where its ids come from, and how to load
 * objects by id for the viewer, with exactly the visibility and block rules of the type's own
 * queries (an object the viewer may not see is null, like an id nobody has).
 */
export interface NodeSource {
  type: string;
  /**
   * `label`: the id is a UUID stored as `id` on nodes with this Neo4j label (found by an indexed
   * look-up); `typed`: the id is `<type>:<parts>` (typedId), read without the database.
   */
  ids: { label: string } | 'typed';
  /** The objects with these ids the viewer may see, in any order; each must carry `id`. */
  load(ctx: Context, ids: string[]): Promise<Array<{ id: string }>>;
}

/** What a DataLoader's `loadMany` found: nulls (not found or not visible) left out, a failed load thrown. */
export function foundValues<T>(values: Array<T | null | Error>): T[] {
  const failed = values.find((value): value is Error => value instanceof Error);
  if (failed) throw failed;
  return values.filter((value): value is T => value !== null);
}
