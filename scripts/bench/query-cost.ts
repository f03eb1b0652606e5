/**
 * What the heaviest reads cost inside Neo4j, under PROFILE: the database hits of a first page
 * for each of some viewers, and the time one client waits for it without PROFILE. Shared by
 * profile-queries.ts (which prints it) and `npm run bench` (which records it per graph size).
 */
import type { Config } from '../../src/config.js';
import type { Connection } from '../../src/db/connect.js';
import type { Db } from '../../src/db/database.js';
import { feed } from '../../src/posts/posts.repository.js';
import { recomputeCandidateList, storedCandidatePage } from '../../src/recommendations/candidates.repository.js';
import { recommendStrangers } from '../../src/recommendations/recommendations.repository.js';
import { PlanCost, profilingDb } from '../lib/profiling-db.js';
import { median } from './stats.js';

const PAGE = { first: 20, after: null };
const TWO_WAY_PAGE = { size: 20, backward: false, after: null, before: null };
const EVERYONE = { interest: null, minBandRank: -1 };
const REPEATS = 3;

type Read = (db: Db, viewerId: string, listSize: number) => Promise<unknown>;

/** Recommendations both ways (ranked live, and from the stored list), a list's recompute, and the feed for scale. */
export const COSTED_READS: Record<string, Read> = {
  recommendations_live: (db, id) => recommendStrangers(db, id, EVERYONE, PAGE),
  recommendations_stored: async (db, id) => {
    if (!(await storedCandidatePage(db, id, EVERYONE, PAGE))) throw new Error(`no stored candidate list for ${id}`);
  },
  candidate_list_recompute: (db, id, listSize) => recomputeCandidateList(db, id, listSize),
  feed: (db, id) => feed(db, id, TWO_WAY_PAGE),
};

export interface QueryCost {
  viewers: number;
  db_hits_median: number;
  db_hits_max: number;
  one_client_ms_median: number;
  one_client_ms_max: number;
  /** Database hits per page by operator, the heaviest first. */
  by_operator: Array<{ operator: string; hits_per_page: number }>;
}

/**
 * Computes the viewers' candidate lists where they have none up to date, so the stored-list
 * read has one to read (a list stays in the graph: a second run on the same graph pays nothing).
 */
export async function computeCandidateLists(db: Db, viewerIds: string[], listSize: number): Promise<number> {
  const current = await db.read((q) =>
    q.rows<{ id: string }>(
      'UNWIND $ids AS id MATCH (l:CandidateList {userId: id}) WHERE l.changes = l.computedChanges RETURN id',
      { ids: viewerIds },
    ),
  );
  const upToDate = new Set(current.map((row) => row.id));
  const missing = viewerIds.filter((id) => !upToDate.has(id));
  for (const id of missing) await recomputeCandidateList(db, id, listSize);
  return missing.length;
}

/** Each read of COSTED_READS for every viewer: once under PROFILE, then timed (warm) without it. */
export async function queryCosts(connection: Connection, config: Config, viewerIds: string[]): Promise<Record<string, QueryCost>> {
  const db = connection.database.forRequest();
  const listSize = config.candidates.listSize;
  const costs: Record<string, QueryCost> = {};
  for (const [name, read] of Object.entries(COSTED_READS)) {
    const hits: number[] = [];
    const ms: number[] = [];
    const all = new PlanCost();
    for (const id of viewerIds) {
      const cost = new PlanCost();
      await read(profilingDb(connection.database.driver, config.neo4j.database, cost), id, listSize);
      hits.push(cost.dbHits);
      for (const [operator, n] of cost.byOperator) all.byOperator.set(operator, (all.byOperator.get(operator) ?? 0) + n);
      await read(db, id, listSize); // warm, then time
      const started = performance.now();
      for (let i = 0; i < REPEATS; i++) await read(db, id, listSize);
      ms.push((performance.now() - started) / REPEATS);
    }
    costs[name] = {
      viewers: viewerIds.length,
      db_hits_median: median(hits),
      db_hits_max: Math.max(...hits),
      one_client_ms_median: Math.round(median(ms) * 10) / 10,
      one_client_ms_max: Math.round(Math.max(...ms) * 10) / 10,
      by_operator: [...all.byOperator]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 8)
        .map(([operator, n]) => ({ operator, hits_per_page: Math.round(n / viewerIds.length) })),
    };
  }
  return costs;
}
