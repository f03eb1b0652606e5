/**
 * All Cypher for stored candidate lists: each person's stranger recommendations, ranked ahead
 * of time by the very ranking the live page uses (RANK_STRANGERS), kept on one
 * (:CandidateList {userId}) node as three parallel arrays (ids, bands, relevances).
 *
 * Why one node with arrays rather than a CANDIDATE relationship per entry: a recompute is one
 * property write on one node, where relationships would delete and create hundreds of edges
 * and lock every candidate's node (popular people would serialise everyone's recomputes); and
 * a page is one index seek and a slice, not an expand and a sort. What it gives up is the
 * reverse look-up (whose lists hold me?): changes by a candidate reach other lists through
 * the read-time checks below (for privacy) and the sweep or a bounded fan-out (for freshness).
 *
 * Freshness marks: `changes` counts changes marked on the list (markChanged, in the
 * mutation's request, before it answers); `computedChanges` is the count the stored ranking
 * has seen. A list whose counts differ is not read: the page is ranked live until the worker
 * has recomputed it, so a person always sees the effect of their own changes at once.
 */
import { int, type Db } from '../db/database.js';
import type { PageRequest } from '../graph/cursors.js';
import { userFields } from '../graph/people.js';
import { MAX_SHARED_CIRCLES, type RecommendationFilter } from './recommendations.rules.js';
import { RANK_STRANGERS, rankingParams, SIGNALS_OF_V_AND_C, VIEWER_SETS, type RecommendationRow } from './recommendations.repository.js';

/** Who a change concerns: people by id or handle, and the people around them whose lists it moves. */
export interface CandidateChange {
  ids?: readonly string[];
  handles?: readonly string[];
  /** People who trust these people (their mutual-trust counts follow these people's vouches). */
  trustersOf?: readonly string[];
  /** Members of these circles (by slug): a member who comes or goes is their candidate. */
  membersOf?: readonly string[];
  /** Followers of these interests (by slug): someone who takes one up or drops it is their candidate. */
  followersOf?: readonly string[];
}

/**
 * Marks the lists of everyone the change concerns as changed (so their next page is ranked
 * live) and returns the ids of those who have a list, for the worker to recompute. `fanOutMax` bounds each of the
 * trustersOf, membersOf and followersOf groups; beyond it, lists are brought up to date by
 * their own changes or the sweep (CANDIDATE_MAX_AGE_MINUTES).
 */
export async function markChanged(db: Db, change: CandidateChange, fanOutMax: number): Promise<string[]> {
  const row = await db.write((q) =>
    q.one<{ ids: string[] }>(
      `CALL () {
         MATCH (u:User) WHERE u.id IN $ids RETURN u
         UNION
         MATCH (u:User) WHERE u.handle IN $handles RETURN u
         UNION
         MATCH (u:User)-[:TRUSTS]->(x:User) WHERE x.id IN $trustersOf RETURN u LIMIT $fanOut
         UNION
         MATCH (u:User)-[:MEMBER_OF]->(c:Circle) WHERE c.slug IN $membersOf RETURN u LIMIT $fanOut
         UNION
         MATCH (u:User)-[:INTERESTED_IN]->(i:Interest) WHERE i.slug IN $followersOf RETURN u LIMIT $fanOut
       }
       OPTIONAL MATCH (l:CandidateList {userId: u.id})
       CALL (l) {
         WITH l WHERE l IS NOT NULL
         SET l.changes = l.changes + 1, l.markedAt = coalesce(l.markedAt, datetime())
       }
       // Only lists that exist need a recompute; a person without one gets it on their first page.
       RETURN collect(CASE WHEN l IS NOT NULL THEN u.id END) AS ids`,
      {
        ids: change.ids ?? [],
        handles: change.handles ?? [],
        trustersOf: change.trustersOf ?? [],
        membersOf: change.membersOf ?? [],
        followersOf: change.followersOf ?? [],
        fanOut: int(fanOutMax),
      },
    ),
  );
  return row?.ids ?? [];
}

/** Up to `limit` people who trust the person: read before someone leaves, whose vouches go with them. */
export async function trustersOf(db: Db, userId: string, limit: number): Promise<string[]> {
  const row = await db.read((q) =>
    q.one<{ ids: string[] }>('RETURN COLLECT { MATCH (t:User)-[:TRUSTS]->(:User {id: $userId}) RETURN t.id LIMIT $limit } AS ids', { userId, limit: int(limit) }),
  );
  return row?.ids ?? [];
}

/**
 * Ranks the person's best `listSize` strangers and stores them; deletes the list of someone
 * who no longer exists. One transaction: the change count is read before ranking, so a change
 * marked meanwhile leaves the list marked for the next recompute.
 */
export async function recomputeCandidateList(db: Db, userId: string, listSize: number): Promise<{ size: number } | null> {
  return db.write(async (q) => {
    const before = await q.one<{ seen: number; exists: boolean }>(
      `OPTIONAL MATCH (l:CandidateList {userId: $userId})
       RETURN coalesce(l.changes, 0) AS seen, EXISTS { (:User {id: $userId}) } AS exists`,
      { userId },
    );
    if (!before?.exists) {
      await q.rows('MATCH (l:CandidateList {userId: $userId}) DELETE l', { userId });
      return null;
    }
    const ranked = await q.one<{ ids: string[]; bands: number[]; relevances: number[] }>(
      `${RANK_STRANGERS}
       RETURN [row IN found | row.c.id] AS ids, [row IN found | row.band] AS bands, [row IN found | row.relevance] AS relevances`,
      rankingParams(userId, { interest: null, minBandRank: -1 }, null, listSize + 1),
    );
    const { ids = [], bands = [], relevances = [] } = ranked ?? {};
    await q.rows(
      `MERGE (l:CandidateList {userId: $userId})
       ON CREATE SET l.changes = $seen
       SET l.ids = $ids, l.bands = $bands, l.relevances = $relevances, l.complete = $complete,
           l.computedAt = datetime(), l.computedChanges = $seen,
           l.markedAt = CASE WHEN l.changes = $seen THEN null ELSE l.markedAt END`,
      {
        userId,
        ids: ids.slice(0, listSize),
        bands: bands.slice(0, listSize).map(int),
        relevances: relevances.slice(0, listSize).map(int),
        complete: ids.length <= listSize,
        seen: int(before.seen),
      },
    );
    return { size: Math.min(ids.length, listSize) };
  });
}

/**
 * A page from the viewer's stored list, or null when there is none up to date (never
 * computed, changed since, or someone on it now shows strangers another band than stored):
 * then the caller ranks live and queues a recompute, so a stored band never outlives its
 * owner's choice. Each entry is checked again as the live query would: the
 * person still exists, has no connection, request or block with the viewer either way, and
 * passes the filters. `complete` says the list holds every candidate (else pages past it are live).
 */
export async function storedCandidatePage(
  db: Db,
  viewerId: string,
  filter: RecommendationFilter,
  page: PageRequest,
): Promise<{ rows: RecommendationRow[]; complete: boolean } | null> {
  const rows = await db.read((q) =>
    q.rows<RecommendationRow & { complete: boolean }>(
      `MATCH (v:User {id: $viewerId})
       MATCH (l:CandidateList {userId: $viewerId}) WHERE l.changes = l.computedChanges
       // Anyone on the list who now shows strangers another band: the list is out of date.
       // (The whole list, not just this page: someone moved up would belong on it.)
       AND NOT EXISTS {
         UNWIND range(0, size(l.ids) - 1) AS i
         MATCH (moved:User {id: l.ids[i]}) WHERE moved.visibleBand <> l.bands[i]
       }
       CALL (v, l) {
         UNWIND range(0, size(l.ids) - 1) AS i
         WITH v, l.ids[i] AS id, l.bands[i] AS band, l.relevances[i] AS relevance
         WHERE band >= $minBand AND band <= $afterBand
           AND (band < $afterBand OR relevance < $afterRelevance OR (relevance = $afterRelevance AND id > $afterId))
         MATCH (c:User {id: id})
         WHERE NOT EXISTS { (v)-[:CONNECTED|REQUESTED|BLOCKED]-(c) }
           AND ($interest IS NULL OR EXISTS { (c)-[:INTERESTED_IN]->(:Interest {slug: $interest}) })
         RETURN c, band, relevance
         LIMIT $limit
       }
       WITH v, l, collect({c: c, band: band, relevance: relevance}) AS found
       WITH v, l, found, COLLECT { MATCH (v)-[:BLOCKED]-(h:User) RETURN h } AS hiddenPeople, ${VIEWER_SETS}
       UNWIND CASE WHEN size(found) = 0 THEN [null] ELSE found END AS row
       WITH v, l, hiddenPeople, myInterests, myCircles, myTrusted, connectedIds, row.c AS c, row.band AS band, row.relevance AS relevance
       RETURN l.complete AS complete, c ${userFields('c')} AS user, band, relevance, ${SIGNALS_OF_V_AND_C}`,
      { ...rankingParams(viewerId, filter, page.after, page.first + 1), maxSharedCircles: int(MAX_SHARED_CIRCLES) },
    ),
  );
  if (rows.length === 0) return null;
  return { complete: rows[0]!.complete, rows: rows.filter((row) => row.user !== null).map(({ complete: _, ...row }) => row) };
}

/**
 * Lists the sweep recomputes: computed longer ago than `maxAgeMinutes`, or marked changed
 * more than a minute ago and never recomputed (a change whose queued event was lost).
 */
export async function listsToSweep(db: Db, maxAgeMinutes: number, limit: number): Promise<string[]> {
  const row = await db.read((q) =>
    q.one<{ ids: string[] }>(
      `CALL () {
         MATCH (l:CandidateList) WHERE l.computedAt < datetime() - duration({minutes: $maxAge}) RETURN l.userId AS id LIMIT $limit
         UNION
         MATCH (l:CandidateList) WHERE l.markedAt < datetime() - duration({minutes: 1}) RETURN l.userId AS id LIMIT $limit
       }
       RETURN collect(id) AS ids`,
      { maxAge: int(maxAgeMinutes), limit: int(limit) },
    ),
  );
  return row?.ids ?? [];
}
