/**
 * Messages and notifications across instances: two servers sharing Redis, the recipient's
 * sockets on both, the writes through one. Needs redis-server, like scale-out.test.ts;
 * skipped loudly without it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveMessagesDocument, LiveNotificationsDocument } from '../generated/graphql.js';
import { ok } from '../helpers/client.js';
import { connectThroughApi, sendOk } from '../helpers/conversations.js';
import { choosePolicy, established } from '../helpers/notifications.js';
import { requestConnection, signUp, type Person } from '../helpers/people.js';
import { redisOrWarn, startInstalledRedis, type TestRedis } from '../helpers/redis.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { nextReal, socketsPerTest, subscribe, untilMessagesLive, untilNotificationsLive } from '../helpers/subscriptions.js';

const REDIS_AVAILABLE = redisOrWarn([
  'SKIPPING the multi-instance (Redis) tests in test/resilience/scale-out-social.test.ts:',
  'redis-server is not installed, so nothing here proves that a message or a',
  'notification written through one API instance reaches sockets on another.',
]);

describe.skipIf(!REDIS_AVAILABLE)('messages and notifications across instances sharing Redis', () => {
  let redis: TestRedis;
  let a: TestServer;
  let b: TestServer;
  const sockets = socketsPerTest();
  let sender: Person;
  let recipient: Person;

  beforeAll(async () => {
    redis = await startInstalledRedis();
    [a, b] = await Promise.all([startTestServer({ REDIS_URL: redis.url }), startTestServer({ REDIS_URL: redis.url })]);
    sender = await signUp(a.client, 'xsend');
    recipient = await established(a, 'xrecv');
    await choosePolicy(a, recipient, { newAccounts: 'SHOW' });
    await connectThroughApi(a.client, sender, recipient);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await redis?.stop();
  });

  it('delivers a message sent through A to the recipient’s sockets on A and on B', async () => {
    const onA = subscribe(sockets.connect(a, recipient.token), LiveMessagesDocument, {});
    const onB = subscribe(sockets.connect(b, recipient.token), LiveMessagesDocument, {});
    await untilMessagesLive(a, onA, sender, recipient);
    await untilMessagesLive(a, onB, sender, recipient);

    const sent = await sendOk(a.client, sender, recipient, 'across instances');
    for (const socket of [onA, onB]) {
      expect((await nextReal(socket)).messageReceived).toMatchObject({ id: sent.id, body: 'across instances', from: { handle: sender.handle } });
    }
  });

  it('delivers a notification made through B to the recipient’s socket on A', async () => {
    const onA = subscribe(sockets.connect(a, recipient.token), LiveNotificationsDocument, {});
    await untilNotificationsLive(b, onA, recipient);
    const asker = await signUp(b.client, 'xask');
    await ok(requestConnection(b.client, asker, recipient, 'asked through B'));
    expect((await nextReal(onA)).notificationAdded).toMatchObject({ kind: 'CONNECTION_REQUEST_RECEIVED', message: 'asked through B', actor: { handle: asker.handle } });
  });
});
