/**
 * How a page is served from a stored candidate list. Pure.
 *
 * The list holds a person's best candidates in the live ranking's order (band, relevance,
 * id), so a page is its next entries after the cursor. When the entries still valid run
 * out before the page is full and the list is not the whole ranking (it keeps only the
 * best CANDIDATE_LIST_SIZE), the rest of the page is ranked live from the last entry
 * shown: the order is one, so the two parts neither overlap nor leave a gap.
 */
import type { CursorKey, PageRequest } from '../graph/cursors.js';

export interface RankedRow {
  user: { id: string };
  band: number;
  relevance: number;
}

/** The key a row is paged by: the live ranking's order. */
export const rankKey = (row: RankedRow): CursorKey => [row.band, row.relevance, row.user.id];

/**
 * What is left to rank live after the stored rows, or null when the page needs nothing more:
 * it is full (`first + 1` rows, one to tell there is a next page), or the list is complete.
 */
export function liveRemainder(stored: readonly RankedRow[], complete: boolean, page: PageRequest): PageRequest | null {
  const wanted = page.first + 1;
  if (stored.length >= wanted || complete) return null;
  const last = stored.at(-1);
  return { first: wanted - stored.length - 1, after: last ? rankKey(last) : page.after };
}
