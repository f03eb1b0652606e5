/**
 * A page of notifications with their actors and circles in at most 2 Cypher round-trips
 * (`extensions.cypher.roundTrips`, on with DIAGNOSTICS=true as in the test config), whatever
 * its size and however many distinct people and circles are on it; and, under PROFILE, a page
 * that reads about a page of index entries, not every notification the person has.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { int, type Db } from '../../../src/db/database.js';
import { notificationPage } from '../../../src/notifications/notifications.repository.js';
import { PlanCost, profilingDb } from '../../../scripts/lib/profiling-db.js';
import { NotificationsDocument, NotificationsScreenDocument } from '../../generated/graphql.js';
import { ok, type Result } from '../../helpers/client.js';
import { CAUSES, established } from '../../helpers/notifications.js';
import { requestConnection, signUp, type Person } from '../../helpers/people.js';
import { serverForTests, testConfig } from '../../helpers/server.js';

const test = serverForTests();

const SENDERS = 16;
const MODERATORS = 4;
let me: Person;

function roundTrips(result: Result<unknown>): number {
  expect(result.errors).toBeUndefined();
  const count = result.extensions.cypher?.roundTrips;
  expect(typeof count).toBe('number');
  return count!;
}

beforeAll(async () => {
  me = await signUp(test.client, 'nrtme');
  const senders = await Promise.all(Array.from({ length: SENDERS }, (_, i) => established(test, `nrts${i}`)));
  for (const sender of senders) await ok(requestConnection(test.client, sender, me, `From ${sender.handle}`));
  // Bans from circles of their own: a circle per notification on the page as well.
  const ban = CAUSES.find((cause) => cause.kind === 'BANNED_FROM_CIRCLE')!;
  for (let i = 0; i < MODERATORS; i++) await ban.run(test, await signUp(test.client, `nrtm${i}`), me);
}, 120_000);

describe('Cypher round-trips', () => {
  it('notifications(first: 20) with each actor and circle takes at most 2', async () => {
    const result = await test.client.request(NotificationsScreenDocument, {}, { token: me.token });
    const trips = roundTrips(result);
    const nodes = result.data!.notifications.edges.map((edge) => edge.node);
    expect(nodes).toHaveLength(SENDERS + MODERATORS);
    expect(new Set(nodes.flatMap((n) => (n.actor ? [n.actor.handle] : []))).size).toBe(SENDERS);
    expect(new Set(nodes.flatMap((n) => (n.circle ? [n.circle.name] : []))).size).toBe(MODERATORS);
    console.log(`[roundtrips] notifications(first: 20) { actor circle }: ${trips} round-trips`);
    expect(trips).toBeLessThanOrEqual(2);
  });

  it('costs the same for a page of 3 as for 20, the next page, and the unread list', async () => {
    const small = await test.client.request(NotificationsDocument, { first: 3 }, { token: me.token });
    const large = await test.client.request(NotificationsDocument, { first: 20 }, { token: me.token });
    const next = await test.client.request(NotificationsDocument, { first: 5, after: small.data!.notifications.pageInfo.endCursor }, { token: me.token });
    const unread = await test.client.request(NotificationsDocument, { first: 20, unreadOnly: true }, { token: me.token });
    expect(new Set([small, large, next, unread].map(roundTrips)).size).toBe(1);
    expect(roundTrips(large)).toBeLessThanOrEqual(2);
  });
});

describe('index reads', () => {
  const OLDER = 60;
  const page = { size: 3, backward: false, after: null, before: null };

  async function costOf(read: (db: Db) => Promise<unknown>) {
    const cost = new PlanCost();
    const rows = await read(profilingDb(test.database.driver, testConfig().neo4j.database, cost));
    return { dbHits: cost.dbHits, rows: JSON.stringify(rows) };
  }

  /** Notifications older than any on the first page, read and unread, straight in the graph. */
  const addOlder = () =>
    test.database.forRequest().write((q) =>
      q.rows(
        `UNWIND range(1, $count) AS i
         WITH i, datetime('2001-01-01T00:00:00Z') + duration({seconds: i}) AS at
         CREATE (:Notification {id: 'older-' + $me + '-' + i, kind: 'CREDIT_SCORE_RECORDED', recipientId: $me, filtered: false,
                                createdAt: at, at: at, unreadAt: CASE WHEN i % 2 = 0 THEN at END, readAt: CASE WHEN i % 2 = 1 THEN at END, actorCount: 0})`,
        { me: me.id, count: int(OLDER) },
      ),
    );
  const removeOlder = () =>
    test.database.forRequest().write((q) => q.rows('MATCH (n:Notification) WHERE n.id STARTS WITH $prefix DETACH DELETE n', { prefix: `older-${me.id}-` }));

  it.each([
    ['a page', false],
    ['an unread page', true],
  ])('%s costs the same however many older notifications the person has', async (what, unreadOnly) => {
    const read = (db: Db) => notificationPage(db, me.id, { filtered: false, unreadOnly }, page);
    const before = await costOf(read);
    await addOlder();
    try {
      const after = await costOf(read);
      console.log(`[index] ${what} of notifications (size: ${page.size}): ${before.dbHits} db hits, and ${after.dbHits} with ${OLDER} older ones`);
      expect(after.rows).toBe(before.rows);
      expect(before.dbHits).toBeGreaterThan(0);
      expect(after.dbHits).toBe(before.dbHits);
    } finally {
      await removeOlder();
    }
  });
});
