/** All Cypher about trust: vouches between people and the chains they form. */
import type { Db } from '../db/database.js';
import { BIND_VIEWER_AND_HIDDEN_PEOPLE, idsHiddenFrom } from '../graph/blocks.js';
import { visibleVouchesGivenBy, vouchVisibleTo } from '../graph/trust.js';
import type { TwoWayPageRequest } from '../graph/cursors.js';
import { pageWindow, windowRead, type PageRow, type SortColumn } from '../graph/paging.js';
import { requireVisibleUserId, userFields } from '../graph/people.js';
import type { User } from '../users/user.type.js';
import { MAX_TRUST_HOPS, maxHopsRefusal, selfTrustRefusal } from './trust.rules.js';
import type { TrustEdge } from './trust.type.js';

const EDGE = '{fromId: a.id, toId: b.id, weight: t.weight, since: t.since}';

/**
 * A vouch from `giver` to `receiver` the viewer may see: neither end hidden from them by a
 * block, and the giver's choice lets them. Expects bound: `v` and `hiddenPeople`
 * (BIND_VIEWER_AND_HIDDEN_PEOPLE) and the two variables named.
 */
const visibleVouch = (giver: string, receiver: string) =>
  `NOT ${giver} IN hiddenPeople AND NOT ${receiver} IN hiddenPeople AND ${vouchVisibleTo(giver, receiver, 'v')}`;

/** Trusts a person (again: the weight is updated, `since` kept). */
export async function trust(db: Db, userId: string, handle: string, weight: number): Promise<TrustEdge> {
  return db.write(async (q) => {
    const targetId = await requireVisibleUserId(q, userId, handle);
    const self = selfTrustRefusal(userId, targetId);
    if (self) throw self;
    const row = await q.one<{ edge: TrustEdge }>(
      `MATCH (a:User {id: $userId}), (b:User {id: $targetId})
       MERGE (a)-[t:TRUSTS]->(b) ON CREATE SET t.since = datetime()
       SET t.weight = $weight
       RETURN ${EDGE} AS edge`,
      { userId, targetId, weight },
    );
    return row!.edge;
  });
}

/** Withdraws your trust in a person (`targetId`); `revoked` is false when you did not trust them. */
export async function revokeTrust(db: Db, userId: string, handle: string): Promise<{ targetId: string; revoked: boolean }> {
  return db.write(async (q) => {
    const targetId = await requireVisibleUserId(q, userId, handle);
    const row = await q.one<{ n: number }>(
      'MATCH (:User {id: $userId})-[t:TRUSTS]->(:User {id: $targetId}) DELETE t RETURN count(*) AS n',
      { userId, targetId },
    );
    return { targetId, revoked: (row?.n ?? 0) > 0 };
  });
}

/**
 * Trust given and received, as the viewer may know it: only vouches the viewer may see
 * (vouchVisibleTo), none touching people with a block between them and the viewer — the
 * same vouches the lists show, so a count never tells of a vouch the list hides. Given is
 * counted from the graph's degree (visibleVouchesGivenBy); received still reads each vouch,
 * as each giver's choice decides whether it shows.
 */
export async function trustCounts(db: Db, viewerId: string, userIds: readonly string[]): Promise<Array<{ id: string; given: number; received: number }>> {
  return db.read((q) =>
    q.rows<{ id: string; given: number; received: number }>(
      `${BIND_VIEWER_AND_HIDDEN_PEOPLE}
       UNWIND $userIds AS userId
       MATCH (u:User {id: userId})
       RETURN userId AS id,
              ${visibleVouchesGivenBy('u')} AS given,
              COUNT { MATCH (a:User)-[:TRUSTS]->(u) WHERE ${visibleVouch('a', 'u')} } AS received`,
      { viewerId, userIds },
    ),
  );
}

/** The two directions of a person's trust lists, as constant Cypher (never from input). */
const TRUST_LIST = {
  given: 'MATCH (a:User {id: $userId})-[t:TRUSTS]->(b:User) WITH v, hiddenPeople, a, b, t, b AS other',
  received: 'MATCH (a:User)-[t:TRUSTS]->(b:User {id: $userId}) WITH v, hiddenPeople, a, b, t, a AS other',
};

/** Trust lists: newest first, ties by the other person's id. */
const TRUST_ORDER: SortColumn[] = [
  { expr: 't.since', desc: true, time: true },
  { expr: 'other.id', desc: true },
];

/** The vouches a person gives or receives that the viewer may see, newest first, in a page's window either way (src/graph/paging.ts). */
export async function trustList(
  db: Db,
  viewerId: string,
  userId: string,
  direction: keyof typeof TRUST_LIST,
  page: TwoWayPageRequest,
): Promise<Array<PageRow<TrustEdge>>> {
  const window = pageWindow(TRUST_ORDER, page);
  const cypher = windowRead(
    window,
    (part) => `
      ${BIND_VIEWER_AND_HIDDEN_PEOPLE}
      ${TRUST_LIST[direction]}
      WHERE ${visibleVouch('a', 'b')} AND ${part.where}
      RETURN ${EDGE} AS node, ${part.beyond} AS beyond
      ORDER BY ${part.order} LIMIT ${part.limit}`,
  );
  return db.read((q) => q.rows<PageRow<TrustEdge>>(cypher, { viewerId, userId, ...window.params }));
}

/**
 * The shortest chain walks only vouches the viewer may see (vouchVisibleTo), so a path
 * never tells of a vouch the trust lists hide. The search's length bound must be a
 * literal; these are the only ones we paste (an allow-list indexed by a validated whole
 * number, never input text).
 */
const PATH_QUERIES: Record<number, string> = Object.fromEntries(
  Array.from({ length: MAX_TRUST_HOPS }, (_, i) => i + 1).map((hops) => [
    hops,
    `
  MATCH (v:User {id: $viewerId}), (t:User {id: $targetId})
  WITH v, t, ${idsHiddenFrom('v')} AS hiddenIds, COLLECT { MATCH (v)-[:CONNECTED]-(c:User) RETURN c.id } AS connectedIds
  WHERE NOT t.id IN hiddenIds
  MATCH p = SHORTEST 1 (v)((a:User)-[:TRUSTS]->(b:User) WHERE NOT b.id IN hiddenIds AND ${vouchVisibleTo('a', 'b', 'v', 'connectedIds')}){1,${hops}}(t)
  RETURN [n IN nodes(p) | n ${userFields('n')}] AS people`,
  ]),
);

/** The shortest chain of visible trust from the viewer to the person, avoiding blocks; null if none within `maxHops`. */
export async function trustPath(db: Db, viewerId: string, handle: string, maxHops: number): Promise<User[] | null> {
  const outOfBounds = maxHopsRefusal(maxHops);
  if (outOfBounds) throw outOfBounds;
  return db.read(async (q) => {
    const targetId = await requireVisibleUserId(q, viewerId, handle, 'toHandle');
    if (targetId === viewerId) {
      const me = await q.one<{ u: User }>(`MATCH (u:User {id: $viewerId}) RETURN u ${userFields('u')} AS u`, { viewerId });
      return me ? [me.u] : null;
    }
    const row = await q.one<{ people: User[] }>(PATH_QUERIES[maxHops]!, { viewerId, targetId });
    return row?.people ?? null;
  });
}
