import type { Database } from './database.js';

/**
 * Deletes every person, circle, post and record, in batches so that large graphs do not
 * need one huge transaction. Keeps the schema, the migration log and the interest
 * catalogue, which belong to the deployment rather than to its data.
 */
export async function deleteAllData(database: Database): Promise<void> {
  await database.autoCommit(
    `MATCH (n) WHERE NOT n:SchemaMigration AND NOT n:Interest
     CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS`,
  );
}
