/** All Cypher about credit scores: recording observations and reading history. */
import { int, type Db } from '../db/database.js';
import { storeStrangerBandOf } from '../graph/credit.js';
import { NotificationKind } from '../graph/notification-kinds.js';
import { notify, type AddedNotification } from '../graph/notifications.js';
import { LOCK_PERSON_CLAUSE } from '../graph/people.js';
import type { PageRequest } from '../graph/cursors.js';
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

/** The person's records, newest observation first; `first + 1` rows to tell if more follow. */
export async function creditHistory(db: Db, userId: string, page: PageRequest): Promise<CreditScoreRecord[]> {
  const [afterTime, afterId] = page.after ?? [null, null];
  const rows = await db.read((q) =>
    q.rows<{ r: Omit<CreditScoreRecord, 'band'> }>(
      `MATCH (:User {id: $userId})-[:HAS_CREDIT_RECORD]->(r:CreditScoreRecord)
       WHERE $afterTime IS NULL
          OR r.observedAt < datetime($afterTime)
          OR (r.observedAt = datetime($afterTime) AND r.id > $afterId)
       RETURN r {.id, .score, .source, .observedAt, .recordedAt} AS r
       ORDER BY r.observedAt DESC, r.id ASC
       LIMIT $limit`,
      { userId, afterTime, afterId, limit: int(page.first + 1) },
    ),
  );
  return rows.map(({ r }) => ({ ...r, band: bandOf(r.score) }));
}
