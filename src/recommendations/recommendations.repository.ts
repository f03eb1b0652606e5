/**
 * All Cypher for meeting strangers: the signals two people share, and stranger
 * recommendations ranked by credit as far as each person's visibility allows.
 */
import type { Circle } from '../circles/circle.type.js';
import { int, type Db } from '../db/database.js';
import { BIND_VIEWER_AND_HIDDEN_PEOPLE } from '../graph/blocks.js';
import { circleFields } from '../graph/circles.js';
import type { PageRequest } from '../graph/cursors.js';
import { userFields } from '../graph/people.js';
import { vouchVisibleTo } from '../graph/trust.js';
import type { Interest } from '../interests/interest.type.js';
import type { User } from '../users/user.type.js';
import { MAX_SHARED_CIRCLES, RELEVANCE_WEIGHTS, type RecommendationFilter } from './recommendations.rules.js';

/**
 * People the viewer vouches for who vouch for `c`, counting only vouches the viewer may
 * see (a go-between's vouch for `c` follows the go-between's vouch visibility; one with a
 * block between them and the viewer does not count). Expects bound: `v`, `c`, `hiddenPeople`.
 */
const MUTUAL_TRUST = `(v)-[:TRUSTS]->(m:User)-[:TRUSTS]->(c) WHERE NOT m IN hiddenPeople AND ${vouchVisibleTo('m', 'c', 'v')}`;

/**
 * What the viewer's signals are compared against, read once per statement rather than once
 * per person shown (from each person's side, a check against the viewer would scan all of
 * the viewer's relationships): their interests, circles, the people they trust and their
 * connections' ids. WITH items;
 * expects bound: `v` (possibly null).
 */
export const VIEWER_SETS = `COLLECT { MATCH (v)-[:INTERESTED_IN]->(i:Interest) RETURN i } AS myInterests,
  COLLECT { MATCH (v)-[:MEMBER_OF]->(sc:Circle) RETURN sc } AS myCircles,
  COLLECT { MATCH (v)-[:TRUSTS]->(m:User) RETURN m } AS myTrusted,
  COLLECT { MATCH (v)-[:CONNECTED]-(x:User) RETURN x.id } AS connectedIds`;

/**
 * What viewer `v` and person `c` share, as Cypher return items (needs `hiddenPeople`,
 * VIEWER_SETS and the parameter `$maxSharedCircles` bound). A constant.
 */
export const SIGNALS_OF_V_AND_C = `
  COLLECT { MATCH (c)-[:INTERESTED_IN]->(i:Interest) WHERE i IN myInterests RETURN i {.slug, .name} AS i ORDER BY i.name } AS sharedInterests,
  COLLECT { MATCH (c)-[:MEMBER_OF]->(sc:Circle) WHERE sc IN myCircles RETURN sc ${circleFields('sc')} AS sc ORDER BY sc.name, sc.slug LIMIT $maxSharedCircles } AS sharedCircles,
  COUNT { MATCH (m:User)-[:TRUSTS]->(c) WHERE m IN myTrusted AND NOT m IN hiddenPeople AND ${vouchVisibleTo('m', 'c', 'v', 'connectedIds')} } AS mutualTrustCount`;

export interface Signals {
  sharedInterests: Interest[];
  sharedCircles: Circle[];
  mutualTrustCount: number;
}

/** What the viewer shares with each person; people hidden by blocks (and the viewer) are left out. */
export async function icebreakers(db: Db, viewerId: string, ids: readonly string[]): Promise<Array<Signals & { id: string }>> {
  return db.read((q) =>
    q.rows<Signals & { id: string }>(
      `${BIND_VIEWER_AND_HIDDEN_PEOPLE}
       WITH v, hiddenPeople, ${VIEWER_SETS}
       UNWIND $ids AS id
       MATCH (c:User {id: id})
       WHERE c <> v AND NOT c IN hiddenPeople
       RETURN id, ${SIGNALS_OF_V_AND_C}`,
      { viewerId, ids, maxSharedCircles: int(MAX_SHARED_CIRCLES) },
    ),
  );
}

/** Also exported from here, where the recommendations tests have always read it. */
export { RELEVANCE_WEIGHTS };

export interface RecommendationRow extends Signals {
  user: User;
  band: number;
  relevance: number;
}

/** Bands in ranking order: EXCELLENT (4) first, hidden or missing scores (-1) last. */
const BANDS_BEST_FIRST = [4, 3, 2, 1, 0, -1] as const;

/**
 * Cypher for one band's share of a page: the band's candidates (people who share an
 * interest or circle with `v`, found through the INTERESTED_IN (slug, band) index, so a
 * popular interest costs only its followers in this band), ranked by relevance. It runs
 * only while the page is not full and the band is inside the requested range.
 * `band` comes from BANDS_BEST_FIRST, never from input.
 */
const bandStage = (band: number) => `
  CALL (v, excluded, hiddenPeople, slugs, found) {
    WITH v, excluded, hiddenPeople, slugs, found
    WHERE size(found) < $limit AND ${band} <= $afterBand AND ${band} >= $minBand
    CALL (v, slugs, hiddenPeople) {
      MATCH (c)-[r:INTERESTED_IN]->() WHERE r.slug IN slugs AND r.band = ${band}
      RETURN c, count(*) AS interests, 0 AS circles, 0 AS trust
      UNION ALL
      MATCH (v)-[:MEMBER_OF]->(:Circle)<-[:MEMBER_OF]-(c:User) WHERE c.visibleBand = ${band}
      RETURN c, 0 AS interests, count(*) AS circles, 0 AS trust
      UNION ALL
      MATCH ${MUTUAL_TRUST} AND c:User AND c.visibleBand = ${band}
      RETURN c, 0 AS interests, 0 AS circles, count(DISTINCT m) AS trust
    }
    WITH v, excluded, c, sum(interests) AS interests, sum(circles) AS circles, sum(trust) AS trust
    WHERE (interests > 0 OR circles > 0) AND c <> v AND NOT c IN excluded
      AND ($interest IS NULL OR EXISTS { (c)-[:INTERESTED_IN]->(:Interest {slug: $interest}) })
    // relevanceOf (recommendations.rules.ts), in Cypher.
    WITH c, interests * $weights.interest + circles * $weights.circle + trust * $weights.mutualTrust AS relevance
    WHERE ${band} < $afterBand OR relevance < $afterRelevance OR (relevance = $afterRelevance AND c.id > $afterId)
    WITH c, relevance ORDER BY relevance DESC, c.id LIMIT $limit
    RETURN collect({c: c, band: ${band}, relevance: relevance}) AS more
  }
  WITH v, excluded, hiddenPeople, slugs, found + more AS found`;

/**
 * The ranking itself: binds `v`, `hiddenPeople` and `found`, the best `$limit` candidates after
 * the cursor as {c, band, relevance} in order. The live page and the stored candidate list
 * (candidates.repository.ts) both rank with it, so the two cannot disagree.
 */
export const RANK_STRANGERS = `
  MATCH (v:User {id: $viewerId})
  WITH v,
       COLLECT { MATCH (v)-[:CONNECTED|REQUESTED|BLOCKED]-(x:User) RETURN x } AS excluded,
       COLLECT { MATCH (v)-[:BLOCKED]-(h:User) RETURN h } AS hiddenPeople,
       COLLECT { MATCH (v)-[:INTERESTED_IN]->(i:Interest) RETURN i.slug } AS slugs,
       [] AS found
  ${BANDS_BEST_FIRST.map(bandStage).join('')}`;

/** The ranking's parameters: weights, filter and cursor (`limit` rows after `after`). */
export function rankingParams(viewerId: string, filter: RecommendationFilter, after: PageRequest['after'], limit: number) {
  const [afterBand, afterRelevance, afterId] = after ?? [99, 0, ''];
  return {
    viewerId,
    interest: filter.interest,
    minBand: int(filter.minBandRank),
    weights: { interest: int(RELEVANCE_WEIGHTS.interest), circle: int(RELEVANCE_WEIGHTS.circle), mutualTrust: int(RELEVANCE_WEIGHTS.mutualTrust) },
    afterBand: int(afterBand as number),
    afterRelevance: int(afterRelevance as number),
    afterId,
    limit: int(limit),
  };
}

const RECOMMEND_STRANGERS = `${RANK_STRANGERS}
  WITH v, hiddenPeople, found, ${VIEWER_SETS}
  UNWIND found[0..$limit] AS row
  WITH v, hiddenPeople, myInterests, myCircles, myTrusted, connectedIds, row.c AS c, row.band AS band, row.relevance AS relevance
  RETURN c ${userFields('c')} AS user, band, relevance, ${SIGNALS_OF_V_AND_C}`;

/**
 * One page of stranger recommendations in one query. Candidates share an interest or a
 * circle with the viewer and are not connected, requested or blocked either way. Order:
 * the band they show strangers (best first, hidden or missing last: strangerBandOf in src/graph/credit.ts),
 * then relevance, then id (stable cursors). The band is exactly what a stranger may see,
 * so neither the order nor the filter reveals more of a score than its owner allows.
 */
export async function recommendStrangers(db: Db, viewerId: string, filter: RecommendationFilter, page: PageRequest): Promise<RecommendationRow[]> {
  return db.read((q) =>
    q.rows<RecommendationRow>(RECOMMEND_STRANGERS, {
      ...rankingParams(viewerId, filter, page.after, page.first + 1),
      maxSharedCircles: int(MAX_SHARED_CIRCLES),
    }),
  );
}
