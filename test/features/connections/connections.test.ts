/**
 * Connection requests, consent before contact: sendConnectionRequest with a 1–280 character
 * message, respondToConnectionRequest, withdraw, disconnect, the incoming/outgoing/connections
 * lists, User.connectionStatus, the connectionRequestReceived subscription (graphql-ws), and
 * the per-sender rate limit. Every refused mutation is checked against the graph.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../../src/auth/roles.js';
import {
  BlocksBlockDocument,
  BlocksUnblockDocument,
  ConnDisconnectDocument,
  ConnIncomingDocument,
  ConnListDocument,
  ConnOutgoingDocument,
  ConnRespondDocument,
  ConnSendDocument,
  ConnStatusOfDocument,
  ConnWatchRequestsDocument,
  ConnWithdrawDocument,
  type ConnectionStatus,
} from '../../generated/graphql.js';
import { errorCodes } from '../../helpers/client.js';
import { requestConnection, serviceToken, signUpMany, uniqueHandle, type Person } from '../../helpers/people.js';
import { serverForTests } from '../../helpers/server.js';
import { nextReal, socketsPerTest, subscribe, untilRequestsLive } from '../../helpers/subscriptions.js';
import { sleep } from '../../helpers/util.js';

const test = serverForTests();
const sockets = socketsPerTest();

// ---------------------------------------------------------------------------------------
// Helpers

function send(from: Person, to: Person | string, message = `Hello from a test ${Math.random()}`, client = test.client) {
  return requestConnection(client, from, to, message);
}

async function sendOk(from: Person, to: Person, message?: string, client = test.client) {
  const result = await send(from, to, message, client);
  expect(result.errors).toBeUndefined();
  return result.data!.sendConnectionRequest;
}

async function respond(recipient: Person, from: Person | string, accept: boolean) {
  return test.client.request(
    ConnRespondDocument,
    { fromHandle: typeof from === 'string' ? from : from.handle, accept },
    { token: recipient.token },
  );
}

/** How the viewer stands with the person; null when, to the viewer, there is no such person (they blocked the viewer). */
async function status(viewer: Person, of: Person): Promise<ConnectionStatus | null> {
  const result = await test.client.request(ConnStatusOfDocument, { handle: of.handle }, { token: viewer.token });
  expect(result.errors).toBeUndefined();
  return result.data!.user?.connectionStatus ?? null;
}

async function incoming(viewer: Person, first = 100, after: string | null = null) {
  const result = await test.client.request(ConnIncomingDocument, { first, after }, { token: viewer.token });
  expect(result.errors).toBeUndefined();
  return result.data!.incomingConnectionRequests;
}

async function outgoing(viewer: Person, first = 100, after: string | null = null) {
  const result = await test.client.request(ConnOutgoingDocument, { first, after }, { token: viewer.token });
  expect(result.errors).toBeUndefined();
  return result.data!.outgoingConnectionRequests;
}

async function connectionsOf(viewer: Person, first = 100, after: string | null = null) {
  const result = await test.client.request(ConnListDocument, { first, after }, { token: viewer.token });
  expect(result.errors).toBeUndefined();
  return result.data!.connections;
}

/** Every REQUESTED and CONNECTED edge touching these people, as the graph holds it. */
async function relations(...persons: Person[]) {
  const ids = persons.map((p) => p.id);
  return test.database.forRequest().read((q) =>
    q.rows<{ type: string; from: string; to: string; message: string | null }>(
      `MATCH (a:User)-[r:REQUESTED|CONNECTED]->(b:User) WHERE a.id IN $ids OR b.id IN $ids
       RETURN type(r) AS type, a.id AS from, b.id AS to, r.message AS message ORDER BY type, from, to`,
      { ids },
    ),
  );
}

async function outgoingCount(person: Person): Promise<number> {
  const row = await test.database
    .forRequest()
    .read((q) => q.one<{ n: number }>('MATCH (:User {id: $id})-[r:REQUESTED]->() RETURN count(r) AS n', { id: person.id }));
  return row!.n;
}

// ---------------------------------------------------------------------------------------

describe('sendConnectionRequest', () => {
  it('creates a pending request with the (trimmed) message, seen by both sides', async () => {
    const [alice, bob] = await signUpMany(test.client, 2, 'cr');
    const before = Date.now();
    const request = await sendOk(alice, bob, '  Hi Bob, we both like tea.  ');
    expect(request).toMatchObject({
      message: 'Hi Bob, we both like tea.',
      status: 'PENDING',
      from: { id: alice.id, handle: alice.handle },
      to: { id: bob.id, handle: bob.handle },
    });
    expect(Math.abs(new Date(request.createdAt).getTime() - before)).toBeLessThan(60_000);
    expect(await relations(alice, bob)).toEqual([{ type: 'REQUESTED', from: alice.id, to: bob.id, message: 'Hi Bob, we both like tea.' }]);

    expect(await status(alice, bob)).toBe('REQUESTED');
    expect(await status(bob, alice)).toBe('INCOMING');
    expect((await outgoing(alice)).edges.map((e) => e.node)).toEqual([request]);
    expect((await incoming(bob)).edges.map((e) => e.node)).toEqual([request]);
    expect((await incoming(alice)).edges).toEqual([]);
    expect((await outgoing(bob)).edges).toEqual([]);
  });

  it('accepts 1 and 280 characters, counting characters, not bytes', async () => {
    const [alice, bob, carol, dave] = await signUpMany(test.client, 4, 'crl');
    expect((await sendOk(alice, bob, 'x')).message).toBe('x');
    expect((await sendOk(alice, carol, '茶'.repeat(280))).message).toBe('茶'.repeat(280));
    expect((await sendOk(alice, dave, 'a'.repeat(280))).message).toHaveLength(280);
  });

  it.each([
    ['empty', ''],
    ['only spaces', '    '],
    ['281 characters', 'a'.repeat(281)],
    ['281 Chinese characters', '茶'.repeat(281)],
  ])('refuses a message that is %s with BAD_USER_INPUT and creates nothing', async (_name, message) => {
    const [alice, bob] = await signUpMany(test.client, 2, 'crm');
    const result = await send(alice, bob, message);
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0]!.extensions!.field).toBe('message');
    expect(result.errors![0]!.message).toMatch(/1 to 280/);
    expect(await relations(alice, bob)).toEqual([]);
    expect(await status(alice, bob)).toBe('NONE');
  });

  it('refuses a request to yourself with BAD_USER_INPUT and creates nothing', async () => {
    const [alice] = await signUpMany(test.client, 1, 'crs');
    const result = await send(alice, alice);
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(await relations(alice)).toEqual([]);
  });

  it('refuses an unknown handle with NOT_FOUND and creates nothing', async () => {
    const [alice] = await signUpMany(test.client, 1, 'crn');
    const result = await send(alice, uniqueHandle('ghost'));
    expect(errorCodes(result)).toEqual(['NOT_FOUND']);
    expect(await relations(alice)).toEqual([]);
  });

  it('refuses a duplicate with CONFLICT, keeping the first request', async () => {
    const [alice, bob] = await signUpMany(test.client, 2, 'crd');
    await sendOk(alice, bob, 'first');
    const snapshot = await relations(alice, bob);
    const again = await send(alice, bob, 'second');
    expect(errorCodes(again)).toEqual(['CONFLICT']);
    expect(await relations(alice, bob)).toEqual(snapshot);
    expect(snapshot[0]!.message).toBe('first');
  });

  it('refuses asking someone who already asked you with CONFLICT (accept theirs instead)', async () => {
    const [alice, bob] = await signUpMany(test.client, 2, 'crr');
    await sendOk(alice, bob, 'from alice');
    const snapshot = await relations(alice, bob);
    const reverse = await send(bob, alice, 'from bob');
    expect(errorCodes(reverse)).toEqual(['CONFLICT']);
    expect(reverse.errors![0]!.message).toMatch(/respondToConnectionRequest|accept/);
    expect(await relations(alice, bob)).toEqual(snapshot);
  });

  it('refuses asking someone you are connected with with CONFLICT', async () => {
    const [alice, bob] = await signUpMany(test.client, 2, 'crc');
    await sendOk(alice, bob);
    expect((await respond(bob, alice, true)).errors).toBeUndefined();
    const snapshot = await relations(alice, bob);
    for (const [from, to] of [[alice, bob], [bob, alice]] as const) {
      const result = await send(from, to);
      expect(errorCodes(result)).toEqual(['CONFLICT']);
    }
    expect(await relations(alice, bob)).toEqual(snapshot);
  });

  it('refuses asking someone you blocked with CONFLICT (you know your own block)', async () => {
    const [alice, bob] = await signUpMany(test.client, 2, 'crb');
    await test.client.request(BlocksBlockDocument, { handle: bob.handle }, { token: alice.token });
    const result = await send(alice, bob);
    expect(errorCodes(result)).toEqual(['CONFLICT']);
    expect(await relations(alice, bob)).toEqual([]);
  });

  it('refuses anonymous callers with UNAUTHENTICATED', async () => {
    const [bob] = await signUpMany(test.client, 1, 'cra');
    const result = await test.client.request(ConnSendDocument, { handle: bob.handle, message: 'hi' });
    expect(errorCodes(result)).toEqual(['UNAUTHENTICATED']);
    expect(await relations(bob)).toEqual([]);
  });
});

describe('respondToConnectionRequest', () => {
  it('accepting connects the two: CONNECTED both ways, in both connection lists, request gone', async () => {
    const [alice, bob] = await signUpMany(test.client, 2, 'ra');
    await sendOk(alice, bob, 'let us connect');
    const result = await respond(bob, alice, true);
    expect(result.errors).toBeUndefined();
    expect(result.data!.respondToConnectionRequest).toMatchObject({
      status: 'ACCEPTED',
      message: 'let us connect',
      from: { handle: alice.handle },
      to: { handle: bob.handle },
    });
    const graph = await relations(alice, bob);
    expect(graph.map(({ type }) => type)).toEqual(['CONNECTED']);
    expect(await status(alice, bob)).toBe('CONNECTED');
    expect(await status(bob, alice)).toBe('CONNECTED');
    expect((await connectionsOf(alice)).edges.map((e) => e.node)).toEqual([{ id: bob.id, handle: bob.handle, connectionStatus: 'CONNECTED' }]);
    expect((await connectionsOf(bob)).edges.map((e) => e.node)).toEqual([{ id: alice.id, handle: alice.handle, connectionStatus: 'CONNECTED' }]);
    expect((await incoming(bob)).edges).toEqual([]);
    expect((await outgoing(alice)).edges).toEqual([]);
  });

  it('declining leaves them strangers and removes the request', async () => {
    const [alice, bob] = await signUpMany(test.client, 2, 'rd');
    await sendOk(alice, bob);
    const result = await respond(bob, alice, false);
    expect(result.data!.respondToConnectionRequest.status).toBe('DECLINED');
    expect(await relations(alice, bob)).toEqual([]);
    expect(await status(alice, bob)).toBe('NONE');
    expect(await status(bob, alice)).toBe('NONE');
    expect((await connectionsOf(alice)).edges).toEqual([]);
    expect((await incoming(bob)).edges).toEqual([]);
  });

  it('refuses answering a request that does not exist with NOT_FOUND, changing nothing', async () => {
    const [alice, bob, carol] = await signUpMany(test.client, 3, 'rn');
    await sendOk(alice, bob);
    const snapshot = await relations(alice, bob, carol);
    // The sender cannot accept their own request; a third person has nothing to answer.
    for (const [who, from] of [[alice, bob], [carol, alice], [bob, carol]] as const) {
      const result = await respond(who, from, true);
      expect(errorCodes(result)).toEqual(['NOT_FOUND']);
    }
    const unknown = await respond(bob, uniqueHandle('ghost'), true);
    expect(errorCodes(unknown)).toEqual(['NOT_FOUND']);
    expect(await relations(alice, bob, carol)).toEqual(snapshot);
    expect(await status(alice, bob)).toBe('REQUESTED');
  });
});

describe('withdrawConnectionRequest and disconnect', () => {
  it('withdraws a pending request (true), then has nothing to withdraw (false)', async () => {
    const [alice, bob] = await signUpMany(test.client, 2, 'wd');
    await sendOk(alice, bob);
    const first = await test.client.request(ConnWithdrawDocument, { handle: bob.handle }, { token: alice.token });
    expect(first.data!.withdrawConnectionRequest).toBe(true);
    expect(await relations(alice, bob)).toEqual([]);
    expect((await incoming(bob)).edges).toEqual([]);
    expect(await status(bob, alice)).toBe('NONE');
    const again = await test.client.request(ConnWithdrawDocument, { handle: bob.handle }, { token: alice.token });
    expect(again.data!.withdrawConnectionRequest).toBe(false);
  });

  it('the recipient cannot withdraw the sender\'s request', async () => {
    const [alice, bob] = await signUpMany(test.client, 2, 'wdr');
    await sendOk(alice, bob);
    const snapshot = await relations(alice, bob);
    const result = await test.client.request(ConnWithdrawDocument, { handle: alice.handle }, { token: bob.token });
    expect(result.data!.withdrawConnectionRequest).toBe(false);
    expect(await relations(alice, bob)).toEqual(snapshot);
  });

  it('either side may disconnect (true), then there is nothing to end (false)', async () => {
    for (const leaver of ['sender', 'recipient'] as const) {
      const [alice, bob] = await signUpMany(test.client, 2, 'dc');
      await sendOk(alice, bob);
      await respond(bob, alice, true);
      const [me, other] = leaver === 'sender' ? [alice, bob] : [bob, alice];
      const first = await test.client.request(ConnDisconnectDocument, { handle: other.handle }, { token: me.token });
      expect(first.data!.disconnect).toBe(true);
      expect(await relations(alice, bob)).toEqual([]);
      expect(await status(alice, bob)).toBe('NONE');
      expect(await status(bob, alice)).toBe('NONE');
      const again = await test.client.request(ConnDisconnectDocument, { handle: other.handle }, { token: me.token });
      expect(again.data!.disconnect).toBe(false);
    }
  });

  it('refuses unknown handles with NOT_FOUND, changing nothing', async () => {
    const [alice, bob, carol] = await signUpMany(test.client, 3, 'wdn');
    await sendOk(alice, bob);
    await sendOk(carol, alice);
    await respond(alice, carol, true);
    const snapshot = await relations(alice);
    expect(snapshot.map((r) => r.type)).toEqual(['CONNECTED', 'REQUESTED']);
    const w = await test.client.request(ConnWithdrawDocument, { handle: uniqueHandle('ghost') }, { token: alice.token });
    const d = await test.client.request(ConnDisconnectDocument, { handle: uniqueHandle('ghost') }, { token: alice.token });
    expect(errorCodes(w)).toEqual(['NOT_FOUND']);
    expect(errorCodes(d)).toEqual(['NOT_FOUND']);
    expect(await relations(alice)).toEqual(snapshot);
  });
});

describe('lists', () => {
  let hub: Person;
  let senders: Person[];
  let recipients: Person[];

  beforeAll(async () => {
    [hub] = await signUpMany(test.client, 1, 'lh');
    senders = await signUpMany(test.client, 5, 'ls');
    recipients = await signUpMany(test.client, 5, 'lr');
    // One at a time so createdAt orders them.
    for (const sender of senders) await sendOk(sender, hub!, `from ${sender.handle}`);
    for (const recipient of recipients) await sendOk(hub!, recipient, `to ${recipient.handle}`);
  });

  async function walk(fetch: (after: string | null) => Promise<{ edges: Array<{ node: unknown }>; pageInfo: { hasNextPage: boolean; endCursor?: string | null } }>) {
    const nodes: unknown[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i++) {
      const page = await fetch(after);
      nodes.push(...page.edges.map((e) => e.node));
      if (!page.pageInfo.hasNextPage) return nodes;
      after = page.pageInfo.endCursor ?? null;
    }
    throw new Error('too many pages');
  }

  it('lists incoming requests newest first, paging with cursors', async () => {
    const nodes = (await walk((after) => incoming(hub, 2, after))) as Array<{ from: { handle: string }; message: string; status: string }>;
    expect(nodes.map((n) => n.from.handle)).toEqual([...senders].reverse().map((s) => s.handle));
    expect(nodes.map((n) => n.message)).toEqual([...senders].reverse().map((s) => `from ${s.handle}`));
    expect(nodes.every((n) => n.status === 'PENDING')).toBe(true);
  });

  it('lists outgoing requests newest first, paging with cursors', async () => {
    const nodes = (await walk((after) => outgoing(hub, 2, after))) as Array<{ to: { handle: string } }>;
    expect(nodes.map((n) => n.to.handle)).toEqual([...recipients].reverse().map((s) => s.handle));
  });

  it('lists connections by handle, paging with cursors', async () => {
    const [center] = await signUpMany(test.client, 1, 'lc');
    const friends = await signUpMany(test.client, 5, 'lf');
    for (const friend of friends) {
      await sendOk(friend, center!);
      expect((await respond(center!, friend, true)).errors).toBeUndefined();
    }
    const nodes = (await walk((after) => connectionsOf(center!, 2, after))) as Array<{ handle: string }>;
    expect(nodes.map((n) => n.handle)).toEqual(friends.map((f) => f.handle).sort());
  });

  it.each([
    ['first over the cap (100)', { first: 101 }],
    ['a negative first', { first: -1 }],
    ['a cursor it never gave out', { first: 2, after: 'bm90LWEtY3Vyc29y' }],
    ['a cursor of another list', { first: 2, after: Buffer.from(JSON.stringify([3, 2, 'x'])).toString('base64url') }],
  ])('refuses %s with BAD_USER_INPUT', async (_name, args) => {
    const results = [
      await test.client.request(ConnIncomingDocument, args, { token: hub.token }),
      await test.client.request(ConnOutgoingDocument, args, { token: hub.token }),
      await test.client.request(ConnListDocument, args, { token: hub.token }),
    ];
    for (const result of results) expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
  });

  it('accepts first = 100', async () => {
    expect((await incoming(hub, 100)).edges).toHaveLength(5);
  });
});

describe('connectionStatus', () => {
  it('is NONE for yourself and for strangers', async () => {
    const [alice, bob] = await signUpMany(test.client, 2, 'st');
    expect(await status(alice, alice)).toBe('NONE');
    expect(await status(alice, bob)).toBe('NONE');
  });

  it('is BLOCKED for the blocker, and the blocker is no one to the one blocked, whatever stood before', async () => {
    for (const before of ['nothing', 'requested', 'incoming', 'connected'] as const) {
      const [alice, bob] = await signUpMany(test.client, 2, 'stb');
      if (before === 'requested') await sendOk(alice, bob);
      if (before === 'incoming') await sendOk(bob, alice);
      if (before === 'connected') {
        await sendOk(alice, bob);
        await respond(bob, alice, true);
      }
      await test.client.request(BlocksBlockDocument, { handle: bob.handle }, { token: alice.token });
      expect(await status(alice, bob), before).toBe('BLOCKED');
      // To bob, alice is now a handle nobody has.
      expect(await status(bob, alice), before).toBeNull();
      const unblocked = await test.client.request(BlocksUnblockDocument, { handle: bob.handle }, { token: alice.token });
      expect(unblocked.data!.unblockUser).toBe(true);
      // The block ended what stood before; they are strangers again.
      expect(await status(alice, bob), before).toBe('NONE');
      expect(await status(bob, alice), before).toBe('NONE');
    }
  });
});

describe('connectionRequestReceived (graphql-ws)', () => {
  it('delivers a request live to its recipient only, with sender and message', async () => {
    const [alice, bob, carol] = await signUpMany(test.client, 3, 'sub');
    const bobLive = subscribe(sockets.connect(test, bob.token), ConnWatchRequestsDocument, {});
    const carolLive = subscribe(sockets.connect(test, carol.token), ConnWatchRequestsDocument, {});
    await untilRequestsLive(test, bobLive, bob);
    await untilRequestsLive(test, carolLive, carol);

    const sent = await sendOk(alice, bob, 'live hello');
    const received = (await nextReal(bobLive)).connectionRequestReceived;
    expect(received).toEqual({ ...sent, to: { id: bob.id, handle: bob.handle } });
    expect(received.from).toEqual({ id: alice.id, handle: alice.handle });
    await sleep(500);
    // Warm-up requests may sit unread; alice's request to bob must not have reached carol.
    expect(carolLive.drain().map((event) => event.connectionRequestReceived.message)).not.toContain('live hello');
    expect(bobLive.errors).toEqual([]);
  });

  it('refuses an anonymous socket (closed with 4403) and a service token (UNAUTHENTICATED)', async () => {
    let closeCode: number | undefined;
    const anonymous = sockets.connect(test, undefined, (code) => (closeCode = code));
    const anon = subscribe(anonymous, ConnWatchRequestsDocument, {});
    await anon.completed(5000);
    expect(closeCode).toBe(4403);

    const service = sockets.connect(test, serviceToken(test, Role.CREDIT_BUREAU));
    const live = subscribe(service, ConnWatchRequestsDocument, {});
    await live.completed(5000);
    expect(live.errors.flat().map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });

  it('delivers nothing from someone the recipient has since blocked', async () => {
    const [alice, bob, carol] = await signUpMany(test.client, 3, 'subb');
    const bobLive = subscribe(sockets.connect(test, bob.token), ConnWatchRequestsDocument, {});
    await untilRequestsLive(test, bobLive, bob);
    await sendOk(alice, bob, 'before the block');
    expect((await nextReal(bobLive)).connectionRequestReceived.message).toBe('before the block');

    await test.client.request(BlocksBlockDocument, { handle: alice.handle }, { token: bob.token });
    const refused = await send(alice, bob, 'after the block');
    expect(errorCodes(refused)).toEqual(['NOT_FOUND']);
    // A marker from someone else arrives; nothing from alice came before it.
    await sendOk(carol, bob, 'marker');
    expect((await nextReal(bobLive)).connectionRequestReceived.message).toBe('marker');
  });
});

describe('rate limit (CONNECTION_REQUESTS_PER_DAY=3)', () => {
  const limited = serverForTests({ CONNECTION_REQUESTS_PER_DAY: '3' });

  it('refuses the fourth request in 24 hours with RATE_LIMITED, retryAfterSeconds and when to retry', async () => {
    const [sender] = await signUpMany(limited.client, 1, 'rl');
    const targets = await signUpMany(limited.client, 4, 'rlt');
    for (const target of targets.slice(0, 3)) await sendOk(sender!, target, 'hello', limited.client);
    // A little later, so the wait is no longer a whole number of hours.
    await sleep(1500);
    const result = await send(sender!, targets[3]!, 'one too many', limited.client);
    expect(errorCodes(result)).toEqual(['RATE_LIMITED']);
    const error = result.errors![0]!;
    const retryAfter = error.extensions!.retryAfterSeconds as number;
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(86_400 - 120);
    expect(retryAfter).toBeLessThanOrEqual(86_400);
    // The message says when, consistently with retryAfterSeconds.
    const when = /try again in (?:(\d+) h )?(\d+) min/.exec(error.message);
    expect(when, error.message).not.toBeNull();
    const said = Number(when![1] ?? 0) * 3600 + Number(when![2]) * 60;
    expect(Math.abs(said - retryAfter)).toBeLessThanOrEqual(60);
    // A time a person reads: minutes under 60 once hours are given (not "23 h 60 min").
    if (when![1] !== undefined) expect(Number(when![2]), error.message).toBeLessThan(60);
    expect(error.message).toContain('3');
    // Nothing was created.
    expect(await outgoingCount(sender!)).toBe(3);
    expect(await relations(targets[3]!)).toEqual([]);
  });

  it('counts sends, not pending requests: withdrawing does not give the allowance back', async () => {
    const [sender] = await signUpMany(limited.client, 1, 'rlw');
    const targets = await signUpMany(limited.client, 4, 'rlwt');
    for (const target of targets.slice(0, 3)) await sendOk(sender!, target, 'hello', limited.client);
    for (const target of targets.slice(0, 3)) {
      await limited.client.request(ConnWithdrawDocument, { handle: target.handle }, { token: sender!.token });
    }
    expect(await outgoingCount(sender!)).toBe(0);
    const result = await send(sender!, targets[3]!, 'again', limited.client);
    expect(errorCodes(result)).toEqual(['RATE_LIMITED']);
    expect(await outgoingCount(sender!)).toBe(0);
  });

  it('limits each sender separately', async () => {
    const [first, second] = await signUpMany(limited.client, 2, 'rls');
    const targets = await signUpMany(limited.client, 4, 'rlst');
    for (const target of targets.slice(0, 3)) await sendOk(first!, target, 'hello', limited.client);
    expect(errorCodes(await send(first!, targets[3]!, 'x', limited.client))).toEqual(['RATE_LIMITED']);
    await sendOk(second!, targets[3]!, 'my first', limited.client);
  });

  it('holds under concurrent sends: exactly the allowance gets through', async () => {
    const [sender] = await signUpMany(limited.client, 1, 'rlc');
    const targets = await signUpMany(limited.client, 8, 'rlct');
    const results = await Promise.all(targets.map((target) => send(sender!, target, 'all at once', limited.client)));
    const codes = results.map((r) => (r.errors ? r.errors[0]!.extensions!.code : 'OK'));
    expect(codes.filter((c) => c === 'OK')).toHaveLength(3);
    expect(codes.filter((c) => c !== 'OK').every((c) => c === 'RATE_LIMITED')).toBe(true);
    expect(await outgoingCount(sender!)).toBe(3);
  });
});
