/** Leaving a benchmark's graph as it was loaded. */
import type { Database } from '../../src/db/database.js';

/**
 * Deletes the posts a run wrote since `since`, with what they brought (circle activity log
 * entries): the next run's pages and counts would differ otherwise (the generated posts all
 * predate the load). Failures are told, not thrown: the measurement is done by then.
 */
const REMOVALS = [
  'MATCH (p:Post) WHERE p.createdAt >= datetime($since) CALL (p) { DETACH DELETE p } IN TRANSACTIONS OF 10000 ROWS',
  'MATCH (e:CircleLogEntry) WHERE e.at >= datetime($since) CALL (e) { DELETE e } IN TRANSACTIONS OF 10000 ROWS',
];

export async function removeRunPosts(database: Database, since: number, say: (message: string) => void): Promise<void> {
  try {
    for (const cypher of REMOVALS) await database.autoCommit(cypher, { since: new Date(since).toISOString() });
  } catch (error) {
    say(`could not remove this run's posts: ${(error as Error).message}`);
  }
}
