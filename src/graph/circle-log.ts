/**
 * A circle's activity log: every event announced in a circle (posts, comments, reactions,
 * memberships) is stored as a (:CircleLogEntry {circleId, seq, at, event}) before it is
 * published, numbered 1, 2, 3… per circle under the circle's write lock, so every reader
 * sees one order. `circleActivity(after:)` replays it; entries older than the replay window
 * are pruned (nothing could resume that far back), and they go with their circle.
 */
import type { Db } from '../db/database.js';
import { int } from '../db/database.js';

/**
 * Appends `event` (JSON) to its circle's log; returns its number, or null when the circle is
 * gone. One statement: setting the circle's counter takes its write lock until commit.
 */
export async function appendCircleLog(db: Db, circleId: string, at: string, event: string): Promise<number | null> {
  const row = await db.write((q) =>
    q.one<{ seq: number }>(
      `MATCH (c:Circle {id: $circleId})
       SET c.logSeq = coalesce(c.logSeq, 0) + 1
       CREATE (e:CircleLogEntry {circleId: c.id, seq: c.logSeq, at: datetime($at), event: $event})
       RETURN e.seq AS seq`,
      { circleId, at, event },
    ),
  );
  return row?.seq ?? null;
}

/** A stored entry: its number, and the event as announced (JSON, without the number). */
export interface CircleLogEntry {
  seq: number;
  event: string;
}

/**
 * The circle's entries after `seq`, oldest first, at most `limit` + 1 (so the caller tells
 * when there were more): an ordered read of the (circleId, seq) index, costing the same
 * however many entries the circle holds, or came after `seq`.
 */
export function circleLogSince(db: Db, circleId: string, seq: number, limit: number): Promise<CircleLogEntry[]> {
  return db.read((q) =>
    q.rows<CircleLogEntry>(
      // Ordered by both index columns, so the planner reads the index in order and stops at
      // the limit (ordered by seq alone, it read every later entry and sorted them).
      `MATCH (e:CircleLogEntry)
       USING INDEX e:CircleLogEntry(circleId, seq)
       WHERE e.circleId = $circleId AND e.seq > $seq
       WITH e ORDER BY e.circleId, e.seq LIMIT $limit
       RETURN e.seq AS seq, e.event AS event`,
      { circleId, seq: int(seq), limit: int(limit + 1) },
    ),
  );
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
