/**
 * messageReceived over a real WebSocket: a message reaches every socket of its recipient,
 * fully resolved, and nobody else's (not the sender's own); after a block nothing passes
 * between the two. Two instances sharing Redis: test/resilience/scale-out-social.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { announceToPerson } from '../../../src/live/publish.js';
import { BlocksBlockDocument, ConvSendDocument, LiveMessagesDocument } from '../../generated/graphql.js';
import { errorCodes, ok } from '../../helpers/client.js';
import { connectThroughApi, sendOk } from '../../helpers/conversations.js';
import { signUpMany } from '../../helpers/people.js';
import { serverForTests } from '../../helpers/server.js';
import { nextReal, socketsPerTest, subscribe, untilMessagesLive } from '../../helpers/subscriptions.js';
import { sleep } from '../../helpers/util.js';

const test = serverForTests();
const sockets = socketsPerTest();

describe('messageReceived (graphql-ws)', () => {
  it('delivers a message to every socket of its recipient, resolved, and not to the sender', async () => {
    const [alice, bob] = await signUpMany(test.client, 2, 'lmsg');
    await connectThroughApi(test.client, alice, bob);
    const phone = subscribe(sockets.connect(test, bob.token), LiveMessagesDocument, {});
    const laptop = subscribe(sockets.connect(test, bob.token), LiveMessagesDocument, {});
    const sender = subscribe(sockets.connect(test, alice.token), LiveMessagesDocument, {});
    await untilMessagesLive(test, phone, alice, bob);
    await untilMessagesLive(test, laptop, alice, bob);
    await untilMessagesLive(test, sender, bob, alice);

    const sent = await sendOk(test.client, alice, bob, 'live hello');
    for (const socket of [phone, laptop]) {
      expect((await nextReal(socket)).messageReceived).toEqual({
        id: sent.id,
        cursor: expect.any(String),
        body: 'live hello',
        seq: sent.seq,
        createdAt: sent.createdAt,
        readAt: null,
        from: { id: alice.id, handle: alice.handle },
        to: { id: bob.id, handle: bob.handle },
      });
    }
    await sleep(300);
    expect(sender.drain().map((event) => event.messageReceived.body)).not.toContain('live hello');
    expect([phone.errors, laptop.errors, sender.errors]).toEqual([[], [], []]);
  });

  it('passes nothing between blocked people, either way round, while others still arrive', async () => {
    const [alice, bob, carol] = await signUpMany(test.client, 3, 'lmsgb');
    await connectThroughApi(test.client, alice, bob);
    await connectThroughApi(test.client, carol, bob);
    await connectThroughApi(test.client, carol, alice);
    const bobLive = subscribe(sockets.connect(test, bob.token), LiveMessagesDocument, {});
    const aliceLive = subscribe(sockets.connect(test, alice.token), LiveMessagesDocument, {});
    await untilMessagesLive(test, bobLive, carol, bob);
    await untilMessagesLive(test, aliceLive, carol, alice);

    await ok(test.client.request(BlocksBlockDocument, { handle: alice.handle }, { token: bob.token }));
    const refused = [
      await test.client.request(ConvSendDocument, { input: { toHandle: bob.handle, body: 'after the block' } }, { token: alice.token }),
      await test.client.request(ConvSendDocument, { input: { toHandle: alice.handle, body: 'after the block' } }, { token: bob.token }),
    ];
    expect(refused.map(errorCodes)).toEqual([['FORBIDDEN'], ['FORBIDDEN']]);
    // A send that committed just before the block, announced just after it: the hub holds it back.
    const inFlight = { id: 'in-flight', body: 'sent as the block landed', seq: 99, conversationId: 'c', createdAt: new Date().toISOString(), readAt: null };
    announceToPerson(test.server.app.pubSub, bob.id, { kind: 'MESSAGE', message: { ...inFlight, fromId: alice.id, toId: bob.id } });
    announceToPerson(test.server.app.pubSub, alice.id, { kind: 'MESSAGE', message: { ...inFlight, fromId: bob.id, toId: alice.id } });
    await sendOk(test.client, carol, bob, 'from carol to bob');
    await sendOk(test.client, carol, alice, 'from carol to alice');

    expect((await nextReal(bobLive)).messageReceived.body).toBe('from carol to bob');
    expect((await nextReal(aliceLive)).messageReceived.body).toBe('from carol to alice');
  });
});
