/**
 * A circle's activity log: every event announced in a circle (posts, comments, reactions,
 * memberships) is stored as a (:CircleLogEntry {circleId, seq, at, event}) before it is
 * published, numbered 1, 2, 3… per circle under the circle's write lock, so every reader
 * sees one order. `circleActivity(after:)` replays it; entries older than the replay window
 * are pruned (nothing could resume that far back), and they go with their circle.
 */
import type { Db } from '../db/database.js';
import { int } from '../db/database.js';

/** Where an entry stands: its number in the circle's log (internal), and its id (what cursors name). */
export interface CircleLogPlace {
  seq: number;
  entryId: string;
}

/**
 * Appends `event` (JSON) to its circle's log; returns its place, or null when the circle is
 * gone. One statement: setting the circle's counter takes its write lock until commit.
 */
export async function appendCircleLog(db: Db, circleId: string, at: string, event: string): Promise<CircleLogPlace | null> {
  const row = await db.write((q) =>
    q.one<CircleLogPlace>(
      `MATCH (c:Circle {id: $circleId})
       SET c.logSeq = coalesce(c.logSeq, 0) + 1
       CREATE (e:CircleLogEntry {id: randomUUID(), circleId: c.id, seq: c.logSeq, at: datetime($at), event: $event})
       RETURN e.seq AS seq, e.id AS entryId`,
      { circleId, at, event },
    ),
  );
  return row ?? null;
}

/** A stored entry: its place, and the event as announced (JSON, without its place). */
export interface CircleLogEntry extends CircleLogPlace {
  event: string;
}

/**
 * The circle's entries after entry `entryId`, oldest first, at most `limit` + 1 (so the
 * caller tells when there were more): an ordered read of the (circleId, seq) index, costing
 * the same however many entries the circle holds, or came after. Null when the circle has no
 * such entry (pruned: older than the replay window).
 */
export async function circleLogSince(db: Db, circleId: string, entryId: string, limit: number): Promise<CircleLogEntry[] | null> {
  const row = await db.read((q) =>
    q.one<{ entries: CircleLogEntry[] }>(
      // Ordered by both index columns, so the planner reads the index in order and stops at
      // the limit (ordered by seq alone, it read every later entry and sorted them).
      `MATCH (from:CircleLogEntry {id: $entryId}) WHERE from.circleId = $circleId
       CALL (from) {
         MATCH (e:CircleLogEntry)
         USING INDEX e:CircleLogEntry(circleId, seq)
         WHERE e.circleId = from.circleId AND e.seq > from.seq
         WITH e ORDER BY e.circleId, e.seq LIMIT $limit
         RETURN collect({seq: e.seq, entryId: e.id, event: e.event}) AS entries
       }
       RETURN entries`,
      { circleId, entryId, limit: int(limit + 1) },
    ),
  );
  return row?.entries ?? null;
}

const PRUNE_BATCH = 10_000;

/** Deletes entries older than `minutes`, in batches (each its own transaction); returns how many. */
export async function pruneCircleLog(db: Db, minutes: number): Promise<number> {
  let total = 0;
  for (;;) {
    const row = await db.write((q) =>
      q.one<{ deleted: number }>(
        `MATCH (e:CircleLogEntry) WHERE e.at < datetime() - duration({minutes: $minutes})
         WITH e LIMIT $batch
         DELETE e
         RETURN count(*) AS deleted`,
        { minutes: int(minutes), batch: int(PRUNE_BATCH) },
      ),
    );
    total += row?.deleted ?? 0;
    if ((row?.deleted ?? 0) < PRUNE_BATCH) return total;
  }
}

/** Deletes circle `c`'s log (expects `c` bound; leaves it bound). */
export const DELETE_CIRCLE_LOG_OF_C = 'CALL (c) { MATCH (e:CircleLogEntry {circleId: c.id}) DELETE e }';
