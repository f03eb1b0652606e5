/**
 * connectionRequestReceived as one kind of notification: a request reaches the stream when,
 * and only when, it reaches the recipient's notifications (their policy; blocks cause
 * nothing), on every socket of theirs, with a cursor; a subscriber that drops and resumes
 * with it receives every request it missed once, in order, minus those answered or taken
 * back meanwhile. Existing clients (no `after`, no `cursor`) see the same payload as before.
 */
import { describe, expect, it } from 'vitest';
import { NotificationKind } from '../../../src/graph/notification-kinds.js';
import { announceNotifications } from '../../../src/live/publish.js';
import {
  BlocksBlockDocument,
  ConnIncomingDocument,
  ConnRespondDocument,
  ConnWatchRequestsDocument,
  ConnWithdrawDocument,
  LiveNotificationsDocument,
  LiveRequestsDocument,
  type LiveRequestsSubscription,
} from '../../generated/graphql.js';
import { ok } from '../../helpers/client.js';
import { choosePolicy, established, ofKind } from '../../helpers/notifications.js';
import { requestConnection, signUp, type Person } from '../../helpers/people.js';
import { serverForTests } from '../../helpers/server.js';
import { nextReal, socketsPerTest, subscribe, untilNotificationsLive, untilRequestsLive, type LiveSubscription } from '../../helpers/subscriptions.js';
import { sleep } from '../../helpers/util.js';

const test = serverForTests();
const sockets = socketsPerTest();

const watch = (person: Person, after?: string) => subscribe(sockets.connect(test, person.token), LiveRequestsDocument, after ? { after } : {});

/** A live request watcher of `person`, warmed up; its last event's cursor. */
async function watching(person: Person): Promise<{ live: LiveSubscription<LiveRequestsSubscription>; cursor: () => Promise<string> }> {
  const live = watch(person);
  await untilRequestsLive(test, live, person);
  // The warm-up that made it live was read; one more marks where it stands.
  return {
    live,
    cursor: async () => {
      await ok(requestConnection(test.client, await signUp(test.client, 'lrmark'), person, 'mark'));
      return (await nextReal(live)).connectionRequestReceived.cursor!;
    },
  };
}

const incomingMessages = async (person: Person) =>
  (await ok(test.client.request(ConnIncomingDocument, { first: 50 }, { token: person.token }))).incomingConnectionRequests.edges.map((edge) => edge.node.message);

/** Every request event `sub` receives within `ms`, by message, warm-ups and marks skipped. */
async function messagesWithin(sub: LiveSubscription<LiveRequestsSubscription>, ms: number): Promise<string[]> {
  await sleep(ms);
  return sub
    .drain()
    .map((event) => event.connectionRequestReceived.message)
    .filter((message) => !message.startsWith('warm-up') && message !== 'mark');
}

describe('connectionRequestReceived, fed by notifications', () => {
  it('delivers a shown request to every socket of its recipient, as the lists show it, with a cursor; existing operations see the old payload', async () => {
    const me = await established(test, 'lrme');
    const other = await established(test, 'lrother');
    const [phone, laptop, otherLive] = [watch(me), watch(me), watch(other)];
    for (const socket of [phone, laptop]) await untilRequestsLive(test, socket, me);
    await untilRequestsLive(test, otherLive, other);
    const old = subscribe(sockets.connect(test, me.token), ConnWatchRequestsDocument, {});
    await untilRequestsLive(test, old, me);
    for (const socket of [phone, laptop]) socket.drain();

    const asker = await signUp(test.client, 'lrask');
    await ok(requestConnection(test.client, asker, me, 'hello there'));
    const [listed] = (await ok(test.client.request(ConnIncomingDocument, { first: 1 }, { token: me.token }))).incomingConnectionRequests.edges;
    for (const socket of [phone, laptop]) {
      const received = (await nextReal(socket)).connectionRequestReceived;
      expect(received).toEqual({ ...listed!.node, cursor: expect.any(String) });
      expect(received).toMatchObject({ message: 'hello there', status: 'PENDING', from: { handle: asker.handle }, to: { handle: me.handle } });
    }
    expect((await nextReal(old)).connectionRequestReceived).toEqual(listed!.node);
    expect(await messagesWithin(otherLive, 300)).toEqual([]);
  });

  it('pushes only what the policy shows: filtered and dropped requests wait in incomingConnectionRequests', async () => {
    const me = await established(test, 'lrpol');
    const { live } = await watching(me);
    await choosePolicy(test, me, { newAccounts: 'FILTER' });
    await ok(requestConnection(test.client, await signUp(test.client, 'lrnew'), me, 'filtered one'));
    await choosePolicy(test, me, { newAccounts: 'DROP' });
    await ok(requestConnection(test.client, await signUp(test.client, 'lrnew'), me, 'dropped one'));
    await choosePolicy(test, me, { newAccounts: 'SHOW', unverified: 'DROP' });
    await ok(requestConnection(test.client, await signUp(test.client, 'lrnew'), me, 'unverified one'));
    await choosePolicy(test, me, { unverified: 'SHOW' });
    await ok(requestConnection(test.client, await signUp(test.client, 'lrnew'), me, 'shown one'));

    expect((await nextReal(live)).connectionRequestReceived.message).toBe('shown one');
    expect(await messagesWithin(live, 300)).toEqual([]);
    expect(await incomingMessages(me)).toEqual(expect.arrayContaining(['filtered one', 'dropped one', 'unverified one', 'shown one']));
  });

  it('passes nothing a blocked person caused, even announced after the block', async () => {
    const me = await established(test, 'lrblk');
    const them = await established(test, 'lrblkd');
    const { live } = await watching(me);
    await ok(requestConnection(test.client, them, me, 'before the block'));
    expect((await nextReal(live)).connectionRequestReceived.message).toBe('before the block');
    const [stored] = await ofKind(test, me, 'CONNECTION_REQUEST_RECEIVED');

    await ok(test.client.request(BlocksBlockDocument, { handle: me.handle }, { token: them.token }));
    // A request's notification committed just before the block, announced just after it: the hub holds it back.
    announceNotifications(test.server.app.pubSub, [
      { id: stored!.id, recipientId: me.id, kind: NotificationKind.CONNECTION_REQUEST_RECEIVED, filtered: false, actorId: them.id },
    ]);
    await ok(requestConnection(test.client, await signUp(test.client, 'lrafter'), me, 'after the block'));
    expect((await nextReal(live)).connectionRequestReceived.message).toBe('after the block');
  });
});

describe('resuming connectionRequestReceived', () => {
  it('a subscriber that drops for 5 s and resumes with its cursor receives every request once, in order', async () => {
    const me = await established(test, 'lrres');
    const { live, cursor } = await watching(me);
    const start = await cursor();
    const asked: string[] = [];
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        asked.push(`request ${i}`);
        await ok(requestConnection(test.client, await signUp(test.client, 'lrresask'), me, `request ${i}`));
        await sleep(100);
      }
    })();

    await sleep(1_000);
    const before = live.drain();
    live.close();
    await sleep(5_000);
    const resumed = watch(me, before.at(-1)?.connectionRequestReceived.cursor ?? start);
    await sleep(1_000);
    writing = false;
    await writer;

    const last = asked.at(-1)!;
    const after: typeof before = [];
    const deadline = Date.now() + 15_000;
    while (!after.some((event) => event.connectionRequestReceived.message === last)) {
      after.push(await resumed.next(Math.max(1, deadline - Date.now())));
    }
    await sleep(300);
    after.push(...resumed.drain());
    const real = (message: string) => message.startsWith('request ');
    const received = [...before, ...after].map((event) => event.connectionRequestReceived.message).filter(real);
    expect(asked.length).toBeGreaterThan(5);
    expect(received).toEqual(asked);
    expect(before.map((event) => event.connectionRequestReceived.message)).not.toContain(last);
    expect(resumed.errors).toEqual([]);
  });

  it('replays only requests still pending, and a request sent again after a decline once', async () => {
    const me = await established(test, 'lrpend');
    const [withdrawer, declined, accepted, again, blocked, waiting] = await Promise.all(
      ['lrw', 'lrd', 'lra', 'lrag', 'lrb', 'lrk'].map((prefix) => established(test, prefix)),
    );
    await ok(requestConnection(test.client, again, me, 'first time'));
    await ok(test.client.request(ConnRespondDocument, { fromHandle: again.handle, accept: false }, { token: me.token }));
    const { live, cursor } = await watching(me);
    const after = await cursor();
    live.close();

    for (const [from, message] of [[withdrawer, 'withdrawn'], [declined, 'declined'], [accepted, 'accepted'], [again, 'second time'], [blocked, 'blocked'], [waiting, 'waiting']] as const) {
      await ok(requestConnection(test.client, from, me, message));
    }
    await ok(test.client.request(ConnWithdrawDocument, { handle: me.handle }, { token: withdrawer.token }));
    await ok(test.client.request(ConnRespondDocument, { fromHandle: declined.handle, accept: false }, { token: me.token }));
    await ok(test.client.request(ConnRespondDocument, { fromHandle: accepted.handle, accept: true }, { token: me.token }));
    await ok(test.client.request(BlocksBlockDocument, { handle: blocked.handle }, { token: me.token }));

    expect(await messagesWithin(watch(me, after), 1_000)).toEqual(['second time', 'waiting']);
  });

  it('refuses a cursor from another stream, or one it never gave out, saying to refetch', async () => {
    const me = await established(test, 'lrbad');
    const { cursor } = await watching(me);
    const requestCursor = await cursor();
    const notifications = subscribe(sockets.connect(test, me.token), LiveNotificationsDocument, {});
    await untilNotificationsLive(test, notifications, me);
    await ok(requestConnection(test.client, await signUp(test.client, 'lrprobe'), me, 'probe'));
    const notificationCursor = (await nextReal(notifications)).notificationAdded.cursor;

    for (const [document, after, query] of [
      [LiveRequestsDocument, notificationCursor, 'incomingConnectionRequests'],
      [LiveRequestsDocument, 'not-a-cursor', 'incomingConnectionRequests'],
      [LiveNotificationsDocument, requestCursor, 'notifications'],
    ] as const) {
      const refused = subscribe(sockets.connect(test, me.token), document as typeof LiveRequestsDocument, { after });
      await refused.completed(5_000);
      const [error] = refused.errors.flat();
      expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
      expect(error?.message).toContain(`Refetch with the \`${query}\` query`);
    }
  });
});
