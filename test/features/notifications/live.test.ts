/**
 * notificationAdded over a real WebSocket: a stored notification reaches every socket of its
 * recipient, read as stored; one the policy filters or drops is not pushed; and nothing a
 * blocked person caused passes live. Two instances sharing Redis: test/resilience/scale-out-social.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { NotificationKind } from '../../../src/graph/notification-kinds.js';
import { announceNotifications } from '../../../src/live/publish.js';
import { BlocksBlockDocument, ConnRespondDocument, LiveNotificationsDocument } from '../../generated/graphql.js';
import { ok } from '../../helpers/client.js';
import { choosePolicy, established, ofKind } from '../../helpers/notifications.js';
import { requestConnection, signUp } from '../../helpers/people.js';
import { serverForTests } from '../../helpers/server.js';
import { nextReal, socketsPerTest, subscribe, untilNotificationsLive } from '../../helpers/subscriptions.js';
import { sleep } from '../../helpers/util.js';

const test = serverForTests();
const sockets = socketsPerTest();

const watch = (token: string) => subscribe(sockets.connect(test, token), LiveNotificationsDocument, {});

describe('notificationAdded (graphql-ws)', () => {
  it('delivers a notification to every socket of its recipient, as stored, and to nobody else', async () => {
    const [me, other, asker] = [await established(test, 'lnme'), await established(test, 'lnother'), await established(test, 'lnask')];
    await choosePolicy(test, me, { newAccounts: 'SHOW' });
    await choosePolicy(test, other, { newAccounts: 'SHOW' });
    const [phone, laptop, otherLive] = [watch(me.token), watch(me.token), watch(other.token)];
    for (const socket of [phone, laptop]) await untilNotificationsLive(test, socket, me);
    await untilNotificationsLive(test, otherLive, other);

    await ok(requestConnection(test.client, asker, me, 'live icebreaker'));
    const [stored] = await ofKind(test, me, 'CONNECTION_REQUEST_RECEIVED');
    for (const socket of [phone, laptop]) {
      expect((await nextReal(socket)).notificationAdded).toEqual({
        id: stored!.id,
        cursor: expect.any(String),
        kind: 'CONNECTION_REQUEST_RECEIVED',
        filtered: false,
        message: 'live icebreaker',
        readAt: null,
        actor: { handle: asker.handle },
      });
    }
    await sleep(300);
    expect(otherLive.drain().map((event) => event.notificationAdded.message)).not.toContain('live icebreaker');
  });

  it('does not push what the policy filters or drops', async () => {
    const me = await established(test, 'lnpol');
    await choosePolicy(test, me, { newAccounts: 'SHOW' });
    const live = watch(me.token);
    await untilNotificationsLive(test, live, me);
    await choosePolicy(test, me, { newAccounts: 'FILTER', strangers: 'SHOW' });
    await ok(requestConnection(test.client, await signUp(test.client, 'lnnew'), me, 'filtered one'));
    await choosePolicy(test, me, { newAccounts: 'DROP' });
    await ok(requestConnection(test.client, await signUp(test.client, 'lnnew'), me, 'dropped one'));
    await choosePolicy(test, me, { newAccounts: 'SHOW' });
    await ok(requestConnection(test.client, await signUp(test.client, 'lnnew'), me, 'shown one'));

    expect((await nextReal(live)).notificationAdded).toMatchObject({ message: 'shown one', filtered: false });
    expect(await ofKind(test, me, 'CONNECTION_REQUEST_RECEIVED', true)).toHaveLength(1);
  });

  it('passes nothing a blocked person caused, even announced after the block', async () => {
    const me = await established(test, 'lnblk');
    const them = await established(test, 'lnblkd');
    await choosePolicy(test, me, { newAccounts: 'SHOW' });
    await ok(requestConnection(test.client, me, them, 'hello'));
    await ok(test.client.request(ConnRespondDocument, { fromHandle: me.handle, accept: true }, { token: them.token }));
    const [accepted] = await ofKind(test, me, 'CONNECTION_REQUEST_ACCEPTED');
    const live = watch(me.token);
    await untilNotificationsLive(test, live, me);

    await ok(test.client.request(BlocksBlockDocument, { handle: me.handle }, { token: them.token }));
    // A notification committed just before the block, announced just after it: the hub holds it back (and it is gone from the store).
    announceNotifications(test.server.app.pubSub, [{ id: accepted!.id, recipientId: me.id, kind: NotificationKind.CONNECTION_REQUEST_ACCEPTED, filtered: false, actorId: them.id }]);
    await ok(requestConnection(test.client, await signUp(test.client, 'lnafter'), me, 'after the block'));
    expect((await nextReal(live)).notificationAdded.message).toBe('after the block');
  });
});
