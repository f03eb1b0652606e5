/**
 * All Cypher for meeting strangers: the signals two people share, and stranger
 * recommendations ranked by credit as far as each person's visibility allows.
 */
import { HIDDEN_FROM_V } from '../blocks/blocks.repository.js';
import { CIRCLE_FIELDS } from '../circles/circles.repository.js';
import type { Circle } from '../circles/circle.type.js';
import { int, type Db } from '../db/database.js';
import type { Interest } from '../interests/interest.type.js';
import type { PageRequest } from '../shared/pagination.js';
import type { User } from '../users/user.type.js';
import { USER_FIELDS } from '../users/users.repository.js';

/** What viewer `v` and person `c` share, as Cypher return items. A constant, never built from input. */
const SIGNALS_OF_V_AND_C = `
  COLLECT { MATCH (v)-[:INTERESTED_IN]->(i:Interest)<-[:INTERESTED_IN]-(c) RETURN i {.slug, .name} AS i ORDER BY i.name } AS sharedInterests,
  COLLECT { MATCH (v)-[:MEMBER_OF]->(sc:Circle)<-[:MEMBER_OF]-(c) RETURN sc ${CIRCLE_FIELDS} AS sc ORDER BY sc.name } AS sharedCircles,
  COUNT { MATCH (v)-[:TRUSTS]->(:User)-[:TRUSTS]->(c) } AS mutualTrustCount`;

export interface Signals {
  sharedInterests: Interest[];
  sharedCircles: Circle[];
  mutualTrustCount: number;
}

/** What the viewer shares with each person; people hidden by blocks (and the viewer) are left out. */
export async function icebreakers(db: Db, viewerId: string, ids: readonly string[]): Promise<Array<Signals & { id: string }>> {
  return db.read((q) =>
    q.rows<Signals & { id: string }>(
      `MATCH (v:User {id: $viewerId})
       WITH v, ${HIDDEN_FROM_V} AS hiddenIds
       UNWIND $ids AS id
       MATCH (c:User {id: id})
       WHERE c <> v AND NOT id IN hiddenIds
       RETURN id, ${SIGNALS_OF_V_AND_C}`,
      { viewerId, ids },
    ),
  );
}

/**
 * The band a stranger `c` shows (4 EXCELLENT … 0 POOR), or -1 when their score is hidden
 * from strangers (CONNECTIONS_ONLY, PRIVATE) or missing. Candidates are never connected to
 * the viewer, so this is exactly what `visibleCredit` shows them: ranking and filtering
 * by it reveal nothing beyond the band the person already shows.
 */
const VISIBLE_BAND_OF_C = `CASE
  WHEN c.creditScore IS NULL OR NOT coalesce(c.scoreVisibility, 'BAND_ONLY') IN ['PUBLIC', 'BAND_ONLY'] THEN -1
  WHEN c.creditScore >= 700 THEN 4 WHEN c.creditScore >= 650 THEN 3 WHEN c.creditScore >= 600 THEN 2
  WHEN c.creditScore >= 550 THEN 1 ELSE 0 END`;

/** Relevance within a band: shared interests count once, shared circles twice, mutual trust three times. */
export const RELEVANCE_WEIGHTS = { interest: 1, circle: 2, mutualTrust: 3 } as const;

export interface RecommendationFilter {
  interest: string | null;
  /** Lowest visible band rank (0–4) to include; -1 includes people whose score is hidden. */
  minBandRank: number;
}

export interface RecommendationRow extends Signals {
  user: User;
  band: number;
  relevance: number;
}

/**
 * One page of stranger recommendations in one query. Candidates share an interest or a
 * circle with the viewer and are not connected, requested or blocked either way. Order:
 * visible band (best first, hidden last), then relevance, then id (stable cursors).
 */
export async function recommendStrangers(db: Db, viewerId: string, filter: RecommendationFilter, page: PageRequest): Promise<RecommendationRow[]> {
  const [afterBand, afterRelevance, afterId] = page.after ?? [99, 0, ''];
  return db.read((q) =>
    q.rows<RecommendationRow>(
      `MATCH (v:User {id: $viewerId})
       WITH v, COLLECT { MATCH (v)-[:CONNECTED|REQUESTED|BLOCKED]-(x:User) RETURN x } AS excluded
       CALL (v) {
         MATCH (v)-[:INTERESTED_IN]->(:Interest)<-[:INTERESTED_IN]-(c:User)
         RETURN c, count(*) AS interests, 0 AS circles, 0 AS trust
         UNION ALL
         MATCH (v)-[:MEMBER_OF]->(:Circle)<-[:MEMBER_OF]-(c:User)
         RETURN c, 0 AS interests, count(*) AS circles, 0 AS trust
         UNION ALL
         MATCH (v)-[:TRUSTS]->(m:User)-[:TRUSTS]->(c:User)
         RETURN c, 0 AS interests, 0 AS circles, count(DISTINCT m) AS trust
       }
       WITH v, excluded, c, sum(interests) AS interests, sum(circles) AS circles, sum(trust) AS trust
       WHERE (interests > 0 OR circles > 0) AND c <> v AND NOT c IN excluded
         AND ($interest IS NULL OR EXISTS { (c)-[:INTERESTED_IN]->(:Interest {slug: $interest}) })
       WITH v, c, ${VISIBLE_BAND_OF_C} AS band,
            interests * $weights.interest + circles * $weights.circle + trust * $weights.mutualTrust AS relevance
       WHERE band >= $minBand
         AND (band < $afterBand OR (band = $afterBand AND (relevance < $afterRelevance OR (relevance = $afterRelevance AND c.id > $afterId))))
       WITH v, c, band, relevance
       ORDER BY band DESC, relevance DESC, c.id
       LIMIT $limit
       RETURN c ${USER_FIELDS} AS user, band, relevance, ${SIGNALS_OF_V_AND_C}`,
      {
        viewerId,
        interest: filter.interest,
        minBand: int(filter.minBandRank),
        weights: { interest: int(RELEVANCE_WEIGHTS.interest), circle: int(RELEVANCE_WEIGHTS.circle), mutualTrust: int(RELEVANCE_WEIGHTS.mutualTrust) },
        afterBand: int(afterBand as number),
        afterRelevance: int(afterRelevance as number),
        afterId,
        limit: int(page.first + 1),
      },
    ),
  );
}
