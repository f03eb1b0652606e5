/**
 * The unread counts, and each list's `totalCount`, are counters kept by every write that
 * changes them (never counted on read), under the recipient's lock. Under concurrent writes —
 * requests arriving, withdrawn, blocked, reactions gathering, the recipient marking read all
 * the while — each count must still equal what its list shows, and what the graph holds.
 */
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../src/db/migrations.js';
import { NotificationKind } from '../../../src/graph/notification-kinds.js';
import { notify } from '../../../src/graph/notifications.js';
import { BlocksBlockDocument, ConnWithdrawDocument, NotificationsMarkReadDocument } from '../../generated/graphql.js';
import { foundCircle, writePost } from '../../helpers/circles.js';
import { ok } from '../../helpers/client.js';
import { badgeOf, established, expectCountsMatchLists, expectTotalsMatchLists, notificationsOf, totalsOf } from '../../helpers/notifications.js';
import { requestConnection, signUp, type Person } from '../../helpers/people.js';
import { serverForTests } from '../../helpers/server.js';

const test = serverForTests();

/** The unread notifications of each list as the graph holds them, counted. */
async function countedInGraph(person: Person) {
  return test.database.forRequest().read((q) =>
    q.one<{ unread: number; unreadFiltered: number }>(
      `MATCH (n:Notification) WHERE n.recipientId = $id AND n.readAt IS NULL
       RETURN count(CASE WHEN NOT n.filtered THEN 1 END) AS unread, count(CASE WHEN n.filtered THEN 1 END) AS unreadFiltered`,
      { id: person.id },
    ),
  );
}

async function expectCountsTrue(person: Person) {
  await expectCountsMatchLists(test, person);
  const badge = await badgeOf(test, person);
  expect(await countedInGraph(person)).toEqual({ unread: badge.unread, unreadFiltered: badge.unreadFiltered });
  await expectTotalsMatchLists(test, person);
}

const markAllRead = (person: Person) => ok(test.client.request(NotificationsMarkReadDocument, {}, { token: person.token }));

describe('unread counts under concurrent writes', () => {
  it('requests arriving, withdrawn and blocked while the recipient marks read', async () => {
    const me = await signUp(test.client, 'ncme');
    // Established senders land in the main list, new ones in the filtered list: both counts move.
    const senders = [
      ...(await Promise.all(Array.from({ length: 16 }, (_, i) => established(test, `ncs${i}`)))),
      ...(await Promise.all(Array.from({ length: 8 }, (_, i) => signUp(test.client, `ncn${i}`)))),
    ];
    await Promise.all(
      senders.map(async (sender, i) => {
        await ok(requestConnection(test.client, sender, me, `Request ${i}`));
        if (i % 5 === 0) await ok(test.client.request(ConnWithdrawDocument, { handle: me.handle }, { token: sender.token }));
        if (i % 7 === 1) await ok(test.client.request(BlocksBlockDocument, { handle: sender.handle }, { token: me.token }));
        if (i % 6 === 2) await markAllRead(me);
      }),
    );
    // A mark-read may have come last and read everything: one more request after the race
    // makes sure the counts checked below are not trivially zero.
    await ok(requestConnection(test.client, await established(test, 'nclast'), me, 'After the race'));
    const badge = await badgeOf(test, me);
    expect(badge.unread! + badge.unreadFiltered!).toBeGreaterThan(0);
    // Withdrawn and blocked senders took theirs away: what stays is fewer than were sent, in both lists.
    const totals = await totalsOf(test, me);
    expect(totals['main all']).toBeGreaterThan(0);
    expect(totals['filtered all']).toBeGreaterThan(0);
    expect(totals['main all']! + totals['filtered all']!).toBeLessThan(senders.length + 1);
    await expectCountsTrue(me);
    await markAllRead(me);
    expect(await badgeOf(test, me)).toMatchObject({ unread: 0, unreadFiltered: 0 });
    await expectCountsTrue(me);
  }, 60_000);

  it('reactions gathering in one notification at once count it once, with every actor', async () => {
    const owner = await signUp(test.client, 'ncown');
    const post = await writePost(test, owner, await foundCircle(test, owner, 'count'));
    const people = await Promise.all(Array.from({ length: 20 }, (_, i) => established(test, `ncr${i}`)));
    await Promise.all(
      people.map((person) =>
        test.database.forRequest().write((q) => notify(q, [{ kind: NotificationKind.REACTIONS_TO_POST, recipientId: owner.id, actorId: person.id, postId: post.id }])),
      ),
    );
    const notes = await notificationsOf(test, owner);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.otherActorCount).toBe(19);
    expect(await badgeOf(test, owner)).toMatchObject({ unread: 1 });
    await expectCountsTrue(owner);
  }, 60_000);
});

describe('kept list counts on graphs from before them (migration 23)', () => {
  it('counts each list of every person once, as its totalCount then says', async () => {
    const me = await signUp(test.client, 'ncmig');
    await Promise.all([established(test, 'ncmo'), signUp(test.client, 'ncmn')].map(async (sender) => ok(requestConnection(test.client, await sender, me, 'Before the counts'))));
    await markAllRead(me);
    await ok(requestConnection(test.client, await established(test, 'ncmu'), me, 'Unread'));
    // As a graph from before the counts holds it: none kept.
    await test.database.forRequest().write((q) => q.rows('MATCH (u:User {id: $id}) REMOVE u.notificationCount, u.filteredNotificationCount', { id: me.id }));
    expect(await totalsOf(test, me)).toMatchObject({ 'main all': 0, 'filtered all': 0 });

    for (const statement of MIGRATIONS.find((migration) => migration.version === 23)!.statements) await test.database.autoCommit(statement.cypher, statement.params);
    expect(await totalsOf(test, me)).toEqual({ 'main all': 2, 'main unread': 1, 'filtered all': 1, 'filtered unread': 0 });
    await expectTotalsMatchLists(test, me);
  });
});
