/**
 * Resumable live streams: a subscriber drops its socket for 5 s while messages and
 * notifications keep arriving, then subscribes again with the cursor of the last event it
 * received; it has every one exactly once, in order. Cursors from another stream,
 * unreadable ones, and ones with more missed events behind them than a replay sends are
 * refused with BAD_USER_INPUT saying to refetch with the query.
 */
import { describe, expect, it } from 'vitest';
import { LiveMessagesDocument, LiveNotificationsDocument } from '../../generated/graphql.js';
import { ok } from '../../helpers/client.js';
import { connectThroughApi, sendOk } from '../../helpers/conversations.js';
import { choosePolicy, established } from '../../helpers/notifications.js';
import { requestConnection, signUp } from '../../helpers/people.js';
import { serverForTests, startTestServer } from '../../helpers/server.js';
import { nextReal, socketsPerTest, subscribe, untilMessagesLive, untilNotificationsLive, type LiveSubscription } from '../../helpers/subscriptions.js';
import { sleep } from '../../helpers/util.js';

const test = serverForTests();
const sockets = socketsPerTest();

/** Waits until `sub` has received an event whose text is `last`; returns every event it holds. */
async function until<T>(sub: LiveSubscription<T>, text: (event: T) => string | null | undefined, last: string, held: T[] = []): Promise<T[]> {
  const deadline = Date.now() + 15_000;
  while (!held.some((event) => text(event) === last)) {
    if (Date.now() > deadline) throw new Error(`never received "${last}"`);
    held.push(await sub.next(Math.max(1, deadline - Date.now())));
  }
  return held;
}

describe('resuming messageReceived and notificationAdded', () => {
  it('a subscriber that drops for 5 s and resumes with its cursors receives every message and notification once, in order', async () => {
    const me = await established(test, 'rsme');
    await choosePolicy(test, me, { newAccounts: 'SHOW' });
    const friend = await signUp(test.client, 'rsfriend');
    await connectThroughApi(test.client, friend, me);

    const socket = sockets.connect(test, me.token);
    const messages = subscribe(socket, LiveMessagesDocument, {});
    const notifications = subscribe(socket, LiveNotificationsDocument, {});
    await untilMessagesLive(test, messages, friend, me);
    await untilNotificationsLive(test, notifications, me);

    // Messages and notifications keep coming, before, during and after the drop.
    const sent: string[] = [];
    const asked: string[] = [];
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        sent.push(`message ${i}`);
        await sendOk(test.client, friend, me, `message ${i}`);
        asked.push(`request ${i}`);
        await ok(requestConnection(test.client, await signUp(test.client, 'rsask'), me, `request ${i}`));
        await sleep(100);
      }
    })();

    await sleep(1_500);
    const before = { messages: messages.drain(), notifications: notifications.drain() };
    await socket.dispose();
    await sleep(5_000);

    const again = sockets.connect(test, me.token);
    const resumedMessages = subscribe(again, LiveMessagesDocument, { after: before.messages.at(-1)!.messageReceived.cursor });
    const resumedNotifications = subscribe(again, LiveNotificationsDocument, { after: before.notifications.at(-1)!.notificationAdded.cursor });
    await sleep(1_500);
    writing = false;
    await writer;

    const afterMessages = await until(resumedMessages, (e) => e.messageReceived.body, sent.at(-1)!);
    const afterNotifications = await until(resumedNotifications, (e) => e.notificationAdded.message, asked.at(-1)!);
    await sleep(300);
    afterMessages.push(...resumedMessages.drain());
    afterNotifications.push(...resumedNotifications.drain());

    const real = (text: string | null | undefined) => !!text && !text.startsWith('warm-up');
    const bodies = [...before.messages, ...afterMessages].map((e) => e.messageReceived.body).filter(real);
    const icebreakers = [...before.notifications, ...afterNotifications].map((e) => e.notificationAdded.message).filter(real);
    expect(sent.length).toBeGreaterThan(5);
    expect(bodies).toEqual(sent);
    expect(icebreakers).toEqual(asked);
    // Something was missed while away, and came back through the replay.
    expect(before.messages.map((e) => e.messageReceived.body)).not.toContain(sent.at(-1));
    expect([resumedMessages.errors, resumedNotifications.errors]).toEqual([[], []]);
  });

  it('refuses a cursor from another stream, or one it never gave out, saying to refetch', async () => {
    const me = await established(test, 'rsbad');
    const friend = await signUp(test.client, 'rsbadf');
    await connectThroughApi(test.client, friend, me);
    const probe = subscribe(sockets.connect(test, me.token), LiveMessagesDocument, {});
    await untilMessagesLive(test, probe, friend, me);
    await sendOk(test.client, friend, me, 'probe');
    const messageCursor = (await nextReal(probe)).messageReceived.cursor;

    for (const [document, after, query] of [
      [LiveNotificationsDocument, messageCursor, 'notifications'],
      [LiveMessagesDocument, 'not-a-cursor', 'conversations'],
    ] as const) {
      const refused = subscribe(sockets.connect(test, me.token), document as typeof LiveMessagesDocument, { after });
      await refused.completed(5_000);
      const [error] = refused.errors.flat();
      expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error?.message).toContain(`Refetch with the \`${query}\` query`);
    }
  });

  it('refuses a resume with more missed events than LIVE_REPLAY_MAX_EVENTS, and takes one within it', async () => {
    const small = await startTestServer({ LIVE_REPLAY_MAX_EVENTS: '2' });
    try {
      const me = await established(small, 'rsmany');
      const friend = await signUp(small.client, 'rsmanyf');
      await connectThroughApi(small.client, friend, me);
      const first = subscribe(sockets.connect(small, me.token), LiveMessagesDocument, {});
      await untilMessagesLive(small, first, friend, me);
      await sendOk(small.client, friend, me, 'probe');
      const after = (await nextReal(first)).messageReceived.cursor;
      for (const body of ['one', 'two']) await sendOk(small.client, friend, me, body);

      const within = subscribe(sockets.connect(small, me.token), LiveMessagesDocument, { after });
      expect([(await within.next()).messageReceived.body, (await within.next()).messageReceived.body]).toEqual(['one', 'two']);

      await sendOk(small.client, friend, me, 'three');
      const beyond = subscribe(sockets.connect(small, me.token), LiveMessagesDocument, { after });
      await beyond.completed(5_000);
      const [error] = beyond.errors.flat();
      expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
      expect(error?.message).toContain('More than 2 events came since');
    } finally {
      await small.close();
    }
  });
});
