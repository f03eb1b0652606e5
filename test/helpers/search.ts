import type { Database } from '../../src/db/database.js';

/**
 * Waits until the full-text indexes hold every committed write: they take writes just after
 * each commit (migration 16), so a test that searches for what it just wrote waits here first.
 */
export async function searchable(database: Database): Promise<void> {
  await database.autoCommit('CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()');
}
