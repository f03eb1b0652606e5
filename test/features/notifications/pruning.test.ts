/**
 * Old read notifications are pruned: the sweep (src/notifications/notifications.sweep.ts,
 * run hourly by every instance) deletes those read more than NOTIFICATION_RETENTION_DAYS
 * ago. Unread ones stay however old, and no unread count changes. The sweep is called
 * directly here; times are moved back in the graph, as a test cannot wait 90 days.
 */
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { NotificationSweep } from '../../../src/notifications/notifications.sweep.js';
import { NotificationsMarkReadDocument } from '../../generated/graphql.js';
import { ok } from '../../helpers/client.js';
import { badgeOf, established, expectTotalsMatchLists, notificationsOf, totalsOf } from '../../helpers/notifications.js';
import { requestConnection, signUp, type Person } from '../../helpers/people.js';
import { serverForTests } from '../../helpers/server.js';

const test = serverForTests();

/** Moves a notification's times `days` into the past: its reading, or (unread) its making. */
async function age(id: string, days: number) {
  await test.database.forRequest().write((q) =>
    q.rows(
      `MATCH (n:Notification {id: $id})
       SET n.readAt = n.readAt - duration({days: $days}), n.at = n.at - duration({days: $days}), n.createdAt = n.createdAt - duration({days: $days}),
           n.unreadAt = n.unreadAt - duration({days: $days})`,
      { id, days },
    ),
  );
}

async function requests(me: Person, messages: string[]) {
  for (const message of messages) await ok(requestConnection(test.client, await established(test, 'npr'), me, message));
}

describe('the retention sweep', () => {
  it('deletes notifications read longer ago than the retention, and keeps the rest', async () => {
    const me = await signUp(test.client, 'npme');
    await requests(me, ['read long ago', 'read recently']);
    await ok(test.client.request(NotificationsMarkReadDocument, {}, { token: me.token }));
    await requests(me, ['never read']);
    const byMessage = new Map((await notificationsOf(test, me)).map((n) => [n.message, n.id]));
    await age(byMessage.get('read long ago')!, 91);
    await age(byMessage.get('read recently')!, 89);
    await age(byMessage.get('never read')!, 400);
    const before = await badgeOf(test, me);

    const sweep = new NotificationSweep(test.database, createLogger(test.config), 90);
    expect(await sweep.run()).toBeGreaterThanOrEqual(1);
    expect((await notificationsOf(test, me)).map((n) => n.message)).toEqual(['read recently', 'never read']);
    expect(await badgeOf(test, me)).toEqual(before);
    expect(before).toMatchObject({ unread: 1 });
    // The list's kept totalCount loses what was pruned.
    expect(await totalsOf(test, me)).toMatchObject({ 'main all': 2, 'main unread': 1 });
    await expectTotalsMatchLists(test, me);

    // Nothing left to prune for this person: a second sweep leaves the list as it is.
    await sweep.run();
    expect((await notificationsOf(test, me)).map((n) => n.message)).toEqual(['read recently', 'never read']);
  });

  it('follows the configured retention', async () => {
    const me = await signUp(test.client, 'npme');
    await requests(me, ['read ten days ago']);
    await ok(test.client.request(NotificationsMarkReadDocument, {}, { token: me.token }));
    await age((await notificationsOf(test, me))[0]!.id, 10);
    await new NotificationSweep(test.database, createLogger(test.config), 30).run();
    expect(await notificationsOf(test, me)).toHaveLength(1);
    await new NotificationSweep(test.database, createLogger(test.config), 7).run();
    expect(await notificationsOf(test, me)).toEqual([]);
  });
});
