/** All Cypher about credit scores: recording observations and reading history. */
import { int, type Db } from '../db/database.js';
import { storeStrangerBandOf } from '../graph/credit.js';
import { NotificationKind } from '../graph/notification-kinds.js';
import { notify, type AddedNotification } from '../graph/notifications.js';
import { LOCK_PERSON_CLAUSE } from '../graph/people.js';
import type { TwoWayPageRequest } from '../graph/cursors.js';
import { pageWindow, windowRead, type PageRow, type SortColumn } from '../graph/paging.js';
import { bandOf } from '../privacy/credit-bands.js';
import { batchOutcomes, firstReports, type CreditObservation, type RecordOutcome } from './credit.rules.js';
import type { CreditScoreRecord } from './credit.type.js';

/**
 * Records a batch of observations in one transaction and makes each touched person's
 * current score the one with the latest `observedAt` (ties: the first recorded). Each new
 * record notifies its person. Idempotent: re-sending an observation changes nothing.
 */
export async function recordObservations(
  db: Db,
  observations: CreditObservation[],
  recordedBy: string,
): Promise<{ outcomes: RecordOutcome[]; notifications: AddedNotification[] }> {
  // The same observation twice in one batch is sent once; the repeat is judged against it.
  const firsts = firstReports(observations);
  const records = observations.flatMap((o, index) =>
    firsts[index] === index ? [{ index: int(index), handle: o.handle, score: int(o.score), source: o.source, observedAt: o.observedAt.toISOString() }] : [],
  );
  return db.write(async (q) => {
    const rows = await q.rows<{ index: number; outcome: RecordOutcome; userId: string }>(
      `UNWIND $records AS rec
       MATCH (u:User {handle: rec.handle})
       // Locks the person (see lockPerson), so concurrent writers recompute in turn; it leaves
       // no trace, so a refused or repeated observation leaves the person unchanged.
       ${LOCK_PERSON_CLAUSE('u')}
       WITH rec, u
       OPTIONAL MATCH (existing:CreditScoreRecord {userId: u.id, source: rec.source, observedAt: datetime(rec.observedAt)})
       MERGE (r:CreditScoreRecord {userId: u.id, source: rec.source, observedAt: datetime(rec.observedAt)})
         ON CREATE SET r.id = randomUUID(), r.score = rec.score, r.recordedAt = datetime(), r.recordedBy = $recordedBy
       MERGE (u)-[:HAS_CREDIT_RECORD]->(r)
       RETURN rec.index AS index, u.id AS userId,
              CASE WHEN existing IS NULL THEN 'created' WHEN existing.score = rec.score THEN 'unchanged' ELSE 'conflict' END AS outcome`,
      { records, recordedBy },
    );
    const created = rows.filter((row) => row.outcome === 'created');
    const touched = [...new Set(created.map((row) => row.userId))];
    if (touched.length > 0) {
      await q.rows(
        `UNWIND $userIds AS userId
         MATCH (u:User {id: userId})
         CALL (u) {
           MATCH (u)-[:HAS_CREDIT_RECORD]->(r:CreditScoreRecord)
           RETURN r ORDER BY r.observedAt DESC, r.recordedAt ASC LIMIT 1
         }
         SET u.creditScore = r.score, u.creditObservedAt = r.observedAt, u.creditRecordedBy = r.recordedBy
         ${storeStrangerBandOf('u')}`,
        { userIds: touched },
      );
    }
    const notifications = await notify(
      q,
      created.map((row) => ({ kind: NotificationKind.CREDIT_SCORE_RECORDED, recipientId: row.userId, actorId: null, score: observations[row.index]!.score })),
    );
    return { outcomes: batchOutcomes(observations, firsts, rows), notifications };
  });
}

/** Credit history: newest observation first, ties by id. */
const RECORD_ORDER: SortColumn[] = [
  { expr: 'r.observedAt', desc: true, time: true },
  { expr: 'r.id' },
];

/** The person's records, newest observation first, in a page's window either way (src/graph/paging.ts). */
export async function creditHistory(db: Db, userId: string, page: TwoWayPageRequest): Promise<Array<PageRow<CreditScoreRecord>>> {
  const window = pageWindow(RECORD_ORDER, page);
  const cypher = windowRead(
    window,
    (part) => `
      MATCH (:User {id: $userId})-[:HAS_CREDIT_RECORD]->(r:CreditScoreRecord)
      WHERE ${part.where}
      RETURN r {.id, .score, .source, .observedAt, .recordedAt} AS node, ${part.beyond} AS beyond
      ORDER BY ${part.order} LIMIT ${part.limit}`,
  );
  const rows = await db.read((q) => q.rows<PageRow<Omit<CreditScoreRecord, 'band'>>>(cypher, { userId, ...window.params }));
  return rows.map((row) => ({ ...row, node: { ...row.node, band: bandOf(row.node.score) } }));
}
