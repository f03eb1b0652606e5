/** How pairs of people stand to each other: connected, requested, blocked. */
import type { Db } from '../db/database.js';

export interface Relation {
  /** The other person's id. */
  id: string;
  connected: boolean;
  /** The viewer blocked them. */
  blocking: boolean;
  /** They blocked the viewer. */
  blockedBy: boolean;
  /** The viewer asked them to connect and they have not answered. */
  requested: boolean;
  /** They asked the viewer to connect and the viewer has not answered. */
  incoming: boolean;
}

export async function relationsWith(db: Db, viewerId: string, otherIds: readonly string[]): Promise<Relation[]> {
  return db.read((q) =>
    q.rows<Relation>(
      `MATCH (v:User {id: $viewerId})
       UNWIND $otherIds AS otherId
       MATCH (o:User {id: otherId})
       RETURN otherId AS id,
              EXISTS { (v)-[:CONNECTED]-(o) } AS connected,
              EXISTS { (v)-[:BLOCKED]->(o) } AS blocking,
              EXISTS { (o)-[:BLOCKED]->(v) } AS blockedBy,
              EXISTS { (v)-[:REQUESTED]->(o) } AS requested,
              EXISTS { (o)-[:REQUESTED]->(v) } AS incoming`,
      { viewerId, otherIds },
    ),
  );
}

