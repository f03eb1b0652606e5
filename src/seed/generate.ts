/**
 * A realistic social graph, generated from a seed and written through batched UNWIND
 * writes: the demo graph (`npm start` on an empty database, `npm run seed`) and the
 * benchmark graph (`npm run dataset`) are the same generator at different sizes.
 * model.ts builds it in memory, rows.ts turns it into rows, this file writes them (and
 * scripts/dataset/bulk-import.ts writes the same rows with Neo4j's offline importer).
 */
import { int, type Database, type Queries } from '../db/database.js';
import { graphRows, PAIR_TYPES, SEED_RECORDER, type PairType } from './rows.js';
import type { DatasetOptions } from './model.js';

/** Raised whenever the same users and seed generate a different graph, so a benchmark reloads an older one. */
export const DATASET_VERSION = 3;

export interface DatasetSummary {
  users: number;
  circles: number;
  posts: number;
  creditRecords: number;
  relationships: Record<string, number>;
  totalRelationships: number;
  ms: number;
  /** Milliseconds each phase's writes took (the generator's own work between them excluded): where a load's time goes. */
  phaseMs: Record<string, number>;
}

/** What was generated, and how long loading it took: a benchmark tells whether the loaded graph is the one it wants. */
export async function recordDataset(q: Queries, dataset: { users: number; seed: number; loadMs: number }): Promise<void> {
  await q.rows('MERGE (d:Dataset) SET d.users = $users, d.seed = $seed, d.version = $version, d.generatedAt = datetime(), d.loadMs = $loadMs', {
    users: int(dataset.users),
    loadMs: int(dataset.loadMs),
    seed: int(dataset.seed),
    version: int(DATASET_VERSION),
  });
}

/** The CREATE for each relationship type between two people (`r` a PairRow). */
const PAIR_CREATE: Record<PairType, string> = {
  TRUSTS: 'CREATE (a)-[:TRUSTS {weight: r.weight, since: datetime(r.at)}]->(b)',
  CONNECTED: 'CREATE (a)-[:CONNECTED {since: datetime(r.at)}]->(b)',
  REQUESTED: 'CREATE (a)-[:REQUESTED {message: r.message, createdAt: datetime(r.at)}]->(b)',
  BLOCKED: 'CREATE (a)-[:BLOCKED {since: datetime(r.at)}]->(b)',
};
const PAIR_PHASE: Record<PairType, string> = { TRUSTS: 'trust', CONNECTED: 'connections', REQUESTED: 'requests', BLOCKED: 'blocks' };

export async function generateGraph(database: Database, options: DatasetOptions): Promise<DatasetSummary> {
  const started = Date.now();
  const batchSize = options.batchSize ?? 5_000;
  const graph = graphRows(options);
  const db = database.forRequest();
  const relationships: Record<string, number> = {};
  const phaseMs: Record<string, number> = {};

  /** Writes `rows` in batches through one UNWIND statement, reporting progress. */
  async function write(phase: string, rows: Iterable<object>, total: number, cypher: string, relTypes: string[] = [], params: Record<string, unknown> = {}) {
    let batch: object[] = [];
    let done = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      const rowsToWrite = batch;
      batch = [];
      const started = Date.now();
      await db.write((q) => q.rows(cypher, { ...params, rows: rowsToWrite }));
      phaseMs[phase] = (phaseMs[phase] ?? 0) + Date.now() - started;
      done += rowsToWrite.length;
      options.onProgress?.(phase, done, total);
    };
    for (const row of rows) {
      batch.push(row);
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    for (const type of relTypes) relationships[type] = (relationships[type] ?? 0) + done;
  }

  const users = graph.userRows();
  await write(
    'users',
    users,
    users.length,
    `UNWIND $rows AS r
     CREATE (:User {id: r.id, handle: r.handle, realName: r.realName, passwordHash: $passwordHash, verified: r.verified,
                    bio: r.bio, scoreVisibility: r.scoreVisibility, vouchVisibility: r.vouchVisibility, visibleBand: toInteger(r.visibleBand),
                    createdAt: datetime(r.createdAt), creditScore: toInteger(r.creditScore), creditObservedAt: datetime(r.creditObservedAt),
                    creditRecordedBy: r.creditRecordedBy, notificationCount: toInteger(r.notificationCount),
                    filteredNotificationCount: toInteger(r.filteredNotificationCount)})`,
    [],
    { passwordHash: options.passwordHash },
  );

  const creditRows = graph.creditRows();
  await write(
    'credit records',
    creditRows,
    creditRows.length,
    `UNWIND $rows AS r
     MATCH (u:User {id: r.userId})
     CREATE (u)-[:HAS_CREDIT_RECORD]->(:CreditScoreRecord {id: r.id, userId: r.userId, score: toInteger(r.score),
             source: r.source, observedAt: datetime(r.observedAt), recordedAt: datetime(r.observedAt), recordedBy: $recordedBy})`,
    ['HAS_CREDIT_RECORD'],
    { recordedBy: SEED_RECORDER },
  );

  const interestRows = graph.interestRows();
  await write(
    'interests',
    interestRows,
    interestRows.length,
    `UNWIND $rows AS r
     MATCH (u:User {id: r.u}), (i:Interest {slug: r.slug})
     CREATE (u)-[:INTERESTED_IN {since: datetime(r.since), slug: r.slug, band: toInteger(r.band)}]->(i)`,
    ['INTERESTED_IN'],
  );

  await write(
    'circles',
    graph.circles,
    graph.circles.length,
    `UNWIND $rows AS r
     CREATE (c:Circle {id: r.id, slug: r.slug, name: r.name, description: r.description,
                       minCreditScore: toInteger(r.minCreditScore), requiresVerified: r.requiresVerified, membersOnly: r.membersOnly, joinPolicy: r.joinPolicy,
                       createdAt: datetime(r.createdAt)})
     WITH c, r
     UNWIND r.interests AS slug
     MATCH (i:Interest {slug: slug})
     CREATE (c)-[:ABOUT]->(i)`,
  );
  relationships.ABOUT = graph.circles.reduce((sum, c) => sum + c.interests.length, 0);

  const memberRows = graph.memberRows();
  await write(
    'memberships',
    memberRows,
    memberRows.length,
    `UNWIND $rows AS r
     MATCH (u:User {id: r.u}), (c:Circle {id: r.c})
     CREATE (u)-[:MEMBER_OF {role: r.role, joinedAt: datetime(r.joinedAt), circleId: r.c, disclosureAcknowledgedAt: datetime(r.disclosureAcknowledgedAt)}]->(c)`,
    ['MEMBER_OF'],
  );

  for (const type of PAIR_TYPES) {
    const rows = graph.pairRows(type);
    await write(PAIR_PHASE[type], rows, rows.length, `UNWIND $rows AS r MATCH (a:User {id: r.a}), (b:User {id: r.b}) ${PAIR_CREATE[type]}`, [type]);
  }

  await write(
    'posts',
    graph.postRows(),
    graph.postCount,
    `UNWIND $rows AS r
     MATCH (a:User {id: r.author}), (c:Circle {id: r.circle})
     CREATE (a)-[:POSTED]->(p:Post {id: r.id, body: r.body, authorId: r.author, circleId: r.circle,
                                    createdAt: datetime(r.createdAt), editedAt: datetime(r.editedAt),
                                    commentSeq: toInteger(r.commentCount), commentCount: toInteger(r.commentCount),
                                    reactionCounts: [n IN r.reactionCounts | toInteger(n)]})-[:IN]->(c)
     WITH p, r
     CALL (p, r) {
       UNWIND r.comments AS k
       MATCH (u:User {id: k.author})
       CREATE (u)-[:COMMENTED]->(:Comment {id: k.id, postId: p.id, circleId: p.circleId, authorId: k.author, threadAuthorId: k.threadAuthor,
                                           parentId: k.parentId, thread: toInteger(k.thread), reply: toInteger(k.reply), place: toInteger(k.place), body: k.body,
                                           createdAt: datetime(k.createdAt), removed: k.removed,
                                           liveReplies: toInteger(k.liveReplies), idempotencyKey: k.idempotencyKey})-[:ON]->(p)
     }
     CALL (p, r) {
       UNWIND r.reactions AS x
       MATCH (u:User {id: x.user})
       CREATE (u)-[:REACTED {kind: x.kind, at: datetime(x.at)}]->(p)
     }`,
    ['POSTED', 'IN'],
  );

  await db.write((q) => recordDataset(q, { users: options.users, seed: options.seed, loadMs: Date.now() - started }));
  return {
    users: graph.users,
    circles: graph.circles.length,
    posts: graph.postCount,
    creditRecords: creditRows.length,
    relationships,
    totalRelationships: Object.values(relationships).reduce((a, b) => a + b, 0),
    ms: Date.now() - started,
    phaseMs,
  };
}
