/**
 * The count behind the report queues' `totalCount` (`Query.reports`, `Circle.reports`), read
 * without reading the queue. Open reports carry the OpenReport label (set when filed, taken
 * off when resolved, src/moderation/reports.repository.ts), so the whole queue is a count
 * Neo4j keeps per label; a circle's queue is a seek of the report_circle_queue index. Less
 * what the list leaves out for this viewer: reports on their own content, and reports whose
 * reporter or owner has a block between them and the viewer, found from those people alone
 * (report_owner and report_once indexes). Services (`$viewerId` not a person) see everything.
 */
import type { Db } from '../db/database.js';

const QUEUE_TOTAL = {
  all: 'MATCH (r:OpenReport) RETURN count(r) AS total',
  circle: "MATCH (r:Report) WHERE r.circleId = $circleId AND r.status = 'OPEN' AND r.createdAt IS NOT NULL RETURN count(r) AS total",
};

/** How many open reports the queue (a circle's, or every one when `circleId` is null) shows the viewer. */
export async function openReportCount(db: Db, viewerId: string, circleId: string | null): Promise<number> {
  const row = await db.read((q) =>
    q.one<{ count: number }>(
      `CALL () { ${circleId === null ? QUEUE_TOTAL.all : QUEUE_TOTAL.circle} }
       OPTIONAL MATCH (v:User {id: $viewerId})
       WITH total, COLLECT { MATCH (v)-[:BLOCKED]-(h:User) RETURN h.id } AS hiddenIds
       CALL (hiddenIds) {
         CALL (hiddenIds) {
           MATCH (r:Report) WHERE r.ownerId = $viewerId RETURN r
           UNION
           UNWIND hiddenIds AS hiddenId MATCH (r:Report) WHERE r.ownerId = hiddenId RETURN r
           UNION
           UNWIND hiddenIds AS hiddenId MATCH (r:Report) WHERE r.reporterId = hiddenId AND r.subjectId IS NOT NULL RETURN r
         }
         RETURN count(CASE WHEN r:OpenReport AND ($circleId IS NULL OR r.circleId = $circleId) THEN r END) AS hidden
       }
       RETURN total - hidden AS count`,
      { viewerId, circleId },
    ),
  );
  return row?.count ?? 0;
}
