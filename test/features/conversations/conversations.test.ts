/**
 * Conversations between connected people, through the public API: the icebreaker as the
 * first message, sendMessage and its refusals (strangers, blocks and unknown handles alike;
 * bad bodies), clientMessageId retries (also all at once), one order for both readers,
 * unread counts per conversation and in total, markConversationRead, paging both ways,
 * disconnecting, blocking, deleting an account, and the per-sender rate limit. Every
 * refused write is checked against the graph.
 */
import { describe, expect, it } from 'vitest';
import {
  AcctDeleteMyAccountDocument,
  BlocksBlockDocument,
  BlocksUnblockDocument,
  ConnDisconnectDocument,
  ConnRespondDocument,
  ConnSendDocument,
  ConvListDocument,
  ConvMarkReadDocument,
  ConvSendDocument,
  ConvUnreadDocument,
  ConvUnreadOfDocument,
  ConvWithDocument,
} from '../../generated/graphql.js';
import { errorCodes, ok } from '../../helpers/client.js';
import { connectThroughApi, conversationOf, sendOk } from '../../helpers/conversations.js';
import { PASSWORD, signUpMany, uniqueHandle, type Person } from '../../helpers/people.js';
import { serverForTests, type TestServer } from '../../helpers/server.js';
import { tag } from '../../helpers/util.js';

const test = serverForTests();

// ---------------------------------------------------------------------------------------
// Helpers

function send(from: Person, toHandle: string, body: string, clientMessageId?: string, server: TestServer = test) {
  return server.client.request(ConvSendDocument, { input: { toHandle, body, clientMessageId } }, { token: from.token });
}

const markRead = (viewer: Person, withHandle: string) => test.client.request(ConvMarkReadDocument, { withHandle }, { token: viewer.token });

async function unreadTotal(viewer: Person): Promise<number> {
  const data = await ok(test.client.request(ConvUnreadDocument, {}, { token: viewer.token }));
  return data.me!.unreadMessageCount!;
}

async function inbox(viewer: Person, first = 100, after?: string) {
  return (await ok(test.client.request(ConvListDocument, { first, after }, { token: viewer.token }))).conversations;
}

/** Who the viewer's conversations are with (up to 100), checking the list's kept `totalCount` against it on the way. */
async function withHandles(viewer: Person) {
  const list = await inbox(viewer);
  expect(list.totalCount, 'totalCount: as many as the list shows').toBe(list.edges.length);
  return list.edges.map((edge) => edge.node.with.handle);
}

/** Every message stored between the people given, as the graph holds it, and the pair's conversations. */
async function stored(server: TestServer, ...people: Person[]) {
  const ids = people.map((p) => p.id);
  const row = await server.database.forRequest().read((q) =>
    q.one<{ messages: number; conversations: number; lastSeqs: number[] }>(
      `RETURN COUNT { MATCH (m:Message) WHERE m.fromId IN $ids OR m.toId IN $ids } AS messages,
              COUNT { MATCH (c:Conversation) WHERE EXISTS { (c)<-[:IN_CONVERSATION]-(u:User) WHERE u.id IN $ids } } AS conversations,
              COLLECT { MATCH (c:Conversation)<-[:IN_CONVERSATION]-(u:User) WHERE u.id IN $ids RETURN DISTINCT c.lastSeq } AS lastSeqs`,
      { ids },
    ),
  );
  return row!;
}

/** Two people connected through the API, and a third connected to neither. */
async function pairAndStranger(prefix: string, icebreaker?: string) {
  const [a, b, stranger] = (await signUpMany(test.client, 3, prefix)) as [Person, Person, Person];
  await connectThroughApi(test.client, a, b, icebreaker);
  return { a, b, stranger };
}

/** The FORBIDDEN every non-connection gets, with the handle taken out (it names the handle asked for). */
async function refusalOf(from: Person, toHandle: string) {
  const result = await send(from, toHandle, 'Are you there?');
  expect(result.data).toBeNull();
  const [error] = result.errors!;
  return { code: error!.extensions?.code, message: error!.message.replace(toHandle, '<handle>') };
}

// ---------------------------------------------------------------------------------------

describe('the icebreaker', () => {
  it('becomes the first message of the conversation when the request is accepted, read already, seen the same by both', async () => {
    const { a, b } = await pairAndStranger('cvice', '  We both like Longjing; tea some time?  ');
    const seenByA = await conversationOf(test.client, a, b);
    const seenByB = await conversationOf(test.client, b, a);
    expect(seenByA!.id).toBe(seenByB!.id);
    expect(seenByA!.with.handle).toBe(b.handle);
    expect(seenByB!.with.handle).toBe(a.handle);
    for (const seen of [seenByA!, seenByB!]) {
      expect(seen.unreadCount).toBe(0);
      expect(seen.messages.edges.map((e) => e.node)).toEqual([seen.lastMessage]);
      expect(seen.lastMessage).toMatchObject({ seq: 1, body: 'We both like Longjing; tea some time?', from: { id: a.id }, to: { id: b.id } });
      // Its recipient read it to accept it.
      expect(seen.lastMessage.readAt).toBeTypeOf('string');
    }
    expect(await unreadTotal(b)).toBe(0);
    expect(await withHandles(a)).toEqual([b.handle]);
    expect(await withHandles(b)).toEqual([a.handle]);
  });

  it('is not a message when the request is declined', async () => {
    const [a, b] = (await signUpMany(test.client, 2, 'cvdec')) as [Person, Person];
    await ok(test.client.request(ConnSendDocument, { handle: b.handle, message: 'Hello?' }, { token: a.token }));
    await ok(test.client.request(ConnRespondDocument, { fromHandle: a.handle, accept: false }, { token: b.token }));
    expect(await conversationOf(test.client, b, a)).toBeNull();
    expect(await stored(test, a, b)).toMatchObject({ messages: 0, conversations: 0 });
  });
});

describe('sendMessage', () => {
  it('sends to a connection: the next number, unread for the recipient on the conversation and in total, the conversation at the top of both lists', async () => {
    const { a, b } = await pairAndStranger('cvsend');
    const [c] = (await signUpMany(test.client, 1, 'cvsendc')) as [Person];
    await connectThroughApi(test.client, c, b);
    expect(await withHandles(b)).toEqual([c.handle, a.handle]);

    const message = await sendOk(test.client, a, b, '  你好, Bob!  ');
    expect(message).toMatchObject({ body: '你好, Bob!', seq: 2, readAt: null, from: { id: a.id }, to: { id: b.id } });
    expect(await withHandles(b)).toEqual([a.handle, c.handle]);
    const seenByB = await conversationOf(test.client, b, a);
    expect(seenByB!.unreadCount).toBe(1);
    expect(seenByB!.lastMessage).toEqual(message);
    expect((await conversationOf(test.client, a, b))!.unreadCount).toBe(0);
    expect(await unreadTotal(b)).toBe(1);
    expect(await unreadTotal(a)).toBe(0);

    await sendOk(test.client, c, b, 'Me too');
    await sendOk(test.client, a, b, 'And again');
    expect(await unreadTotal(b)).toBe(3);
    expect(await withHandles(b)).toEqual([a.handle, c.handle]);
  });

  it('refuses strangers, someone who blocked you, someone you blocked and a handle nobody has with the same FORBIDDEN, saying to send a connection request; writes nothing', async () => {
    const { a, b, stranger } = await pairAndStranger('cvforb');
    const [blocker, blocked] = (await signUpMany(test.client, 2, 'cvforbb')) as [Person, Person];
    await connectThroughApi(test.client, a, blocker);
    await connectThroughApi(test.client, a, blocked);
    await ok(test.client.request(BlocksBlockDocument, { handle: a.handle }, { token: blocker.token }));
    await ok(test.client.request(BlocksBlockDocument, { handle: blocked.handle }, { token: a.token }));
    const before = await stored(test, a, b, stranger, blocker, blocked);

    const toStranger = await refusalOf(a, stranger.handle);
    expect(toStranger.code).toBe('FORBIDDEN');
    expect(toStranger.message).toMatch(/connection request/);
    expect(await refusalOf(a, blocker.handle)).toEqual(toStranger);
    expect(await refusalOf(a, blocked.handle)).toEqual(toStranger);
    expect(await refusalOf(a, uniqueHandle('nobody'))).toEqual(toStranger);
    expect(await refusalOf(stranger, a.handle)).toEqual(toStranger);
    expect(await stored(test, a, b, stranger, blocker, blocked)).toEqual(before);
  });

  it.each([
    ['an empty body', '   ', 'body'],
    ['a body of 2,001 characters', 'x'.repeat(2001), 'body'],
    ['a body with control characters', 'hello\u0007', 'body'],
  ])('refuses %s with BAD_USER_INPUT naming `body`, writing nothing', async (_, body, field) => {
    const { a, b } = await pairAndStranger('cvbad');
    const before = await stored(test, a, b);
    const result = await send(a, b.handle, body);
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0]!.extensions?.field).toBe(field);
    expect(await stored(test, a, b)).toEqual(before);
  });

  it('accepts 2,000 characters (counted as characters, not bytes)', async () => {
    const { a, b } = await pairAndStranger('cvlong');
    const message = await sendOk(test.client, a, b, '茶'.repeat(2000));
    expect([...message.body]).toHaveLength(2000);
  });

  it('refuses a malformed handle and yourself with BAD_USER_INPUT naming `toHandle`', async () => {
    const { a, b } = await pairAndStranger('cvself');
    const before = await stored(test, a, b);
    for (const toHandle of ['not a handle!', a.handle, a.handle.toUpperCase()]) {
      const result = await send(a, toHandle, 'Hello me');
      expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
      expect(result.errors![0]!.extensions?.field).toBe('toHandle');
    }
    expect(await stored(test, a, b)).toEqual(before);
  });
});

describe('clientMessageId', () => {
  it('makes a retry return the first message instead of a second', async () => {
    const { a, b } = await pairAndStranger('cvidem');
    const key = `msg-${tag()}`;
    const first = await sendOk(test.client, a, b, 'Only once', key);
    const again = await sendOk(test.client, a, b, 'Only once', key);
    expect(again).toEqual(first);
    expect((await stored(test, a, b)).messages).toBe(2);
    expect(await unreadTotal(b)).toBe(1);
  });

  it('keeps retries sent all at once to one message', async () => {
    const { a, b } = await pairAndStranger('cvrace');
    const key = `msg-${tag()}`;
    const answers = await Promise.all(Array.from({ length: 8 }, () => send(a, b.handle, 'Sent in a hurry', key)));
    for (const answer of answers) expect(answer.errors).toBeUndefined();
    expect(new Set(answers.map((answer) => answer.data!.sendMessage.id)).size).toBe(1);
    expect(answers[0]!.data!.sendMessage.seq).toBe(2);
    expect(await stored(test, a, b)).toMatchObject({ messages: 2, lastSeqs: [2] });
    expect(await unreadTotal(b)).toBe(1);
  });

  it('refuses the same id for another body or another person with CONFLICT naming it, writing nothing', async () => {
    const { a, b } = await pairAndStranger('cvreuse');
    const [c] = (await signUpMany(test.client, 1, 'cvreusec')) as [Person];
    await connectThroughApi(test.client, a, c);
    const key = `msg-${tag()}`;
    await sendOk(test.client, a, b, 'The first', key);
    const before = await stored(test, a, b, c);
    for (const [to, body] of [[b, 'Another body'], [c, 'The first']] as const) {
      const result = await send(a, to.handle, body, key);
      expect(errorCodes(result)).toEqual(['CONFLICT']);
      expect(result.errors![0]!.extensions?.field).toBe('clientMessageId');
    }
    expect(await stored(test, a, b, c)).toEqual(before);
  });

  it('is per sender: the other person may use the same one', async () => {
    const { a, b } = await pairAndStranger('cvper');
    const key = `msg-${tag()}`;
    const fromA = await sendOk(test.client, a, b, 'Hello', key);
    const fromB = await sendOk(test.client, b, a, 'Hello', key);
    expect(fromB.id).not.toBe(fromA.id);
    expect([fromA.seq, fromB.seq]).toEqual([2, 3]);
  });
});

describe('one order for both readers', () => {
  it('numbers 40 messages sent at once from both sides 2…41, with no gap or repeat, the same for both, and counts each unread once', async () => {
    const { a, b } = await pairAndStranger('cvorder');
    const sends = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? send(a, b.handle, `a ${i}`) : send(b, a.handle, `b ${i}`)));
    const answers = await Promise.all(sends);
    for (const answer of answers) expect(answer.errors).toBeUndefined();
    const seqs = answers.map((answer) => answer.data!.sendMessage.seq).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i + 2));

    const seenByA = (await conversationOf(test.client, a, b, { first: 100 }))!.messages.edges.map((e) => e.node);
    const seenByB = (await conversationOf(test.client, b, a, { first: 100 }))!.messages.edges.map((e) => e.node);
    expect(seenByA.map((m) => m.seq)).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
    expect(seenByB.map((m) => m.id)).toEqual(seenByA.map((m) => m.id));
    // Sent later means numbered later: the order agrees with the clock too.
    const times = seenByA.map((m) => new Date(m.createdAt).getTime());
    expect(times).toEqual([...times].sort((x, y) => x - y));
    expect(await unreadTotal(a)).toBe(20);
    expect(await unreadTotal(b)).toBe(20);
    expect((await conversationOf(test.client, b, a))!.unreadCount).toBe(20);
  });
});

describe('markConversationRead', () => {
  it('marks the messages to you read, takes them off your counts, and the sender sees when', async () => {
    const { a, b } = await pairAndStranger('cvmark');
    const [c] = (await signUpMany(test.client, 1, 'cvmarkc')) as [Person];
    await connectThroughApi(test.client, c, b);
    const sent = [await sendOk(test.client, a, b, 'one'), await sendOk(test.client, a, b, 'two')];
    const reply = await sendOk(test.client, b, a, 'three');
    await sendOk(test.client, c, b, 'from c');
    expect(await unreadTotal(b)).toBe(3);

    const marked = (await ok(markRead(b, a.handle))).markConversationRead;
    expect(marked.unreadCount).toBe(0);
    expect(marked.lastMessage.id).toBe(reply.id);
    expect(await unreadTotal(b)).toBe(1);
    const seenByA = (await conversationOf(test.client, a, b))!.messages.edges.map((e) => e.node);
    for (const message of seenByA.filter((m) => sent.some((s) => s.id === m.id))) expect(message.readAt).toBeTypeOf('string');
    // b's own message waits for a.
    expect(seenByA.find((m) => m.id === reply.id)!.readAt).toBeNull();
    expect(await unreadTotal(a)).toBe(1);

    // Nothing new: marking again changes nothing.
    const readAt = seenByA.find((m) => m.id === sent[0]!.id)!.readAt;
    expect((await ok(markRead(b, a.handle))).markConversationRead.unreadCount).toBe(0);
    expect(await unreadTotal(b)).toBe(1);
    expect((await conversationOf(test.client, a, b))!.messages.edges.find((e) => e.node.id === sent[0]!.id)!.node.readAt).toBe(readAt);
  });

  it('answers NOT_FOUND with no conversation, for yourself, and for a handle nobody has; changes nothing', async () => {
    const { a, b, stranger } = await pairAndStranger('cvmnf');
    await sendOk(test.client, a, b, 'unread');
    const before = await stored(test, a, b, stranger);
    for (const handle of [stranger.handle, b.handle, uniqueHandle('nobody')]) {
      const result = await markRead(b, handle);
      expect(errorCodes(result)).toEqual(['NOT_FOUND']);
    }
    expect(await stored(test, a, b, stranger)).toEqual(before);
    expect(await unreadTotal(b)).toBe(1);
  });
});

describe('unreadMessageCount', () => {
  it('is yours alone: null on anyone else', async () => {
    const { a, b } = await pairAndStranger('cvown');
    await sendOk(test.client, a, b, 'hello');
    const data = await ok(test.client.request(ConvUnreadOfDocument, { handle: b.handle }, { token: a.token }));
    expect(data.user).toMatchObject({ id: b.id, unreadMessageCount: null });
    const own = await ok(test.client.request(ConvUnreadOfDocument, { handle: b.handle }, { token: b.token }));
    expect(own.user!.unreadMessageCount).toBe(1);
  });
});

describe('paging', () => {
  async function talkative() {
    const { a, b } = await pairAndStranger('cvpage');
    for (let i = 2; i <= 45; i++) await sendOk(test.client, i % 3 === 0 ? b : a, i % 3 === 0 ? a : b, `message ${i}`);
    return { a, b };
  }
  const seqsOf = (page: { edges: Array<{ node: { seq: number } }> }) => page.edges.map((e) => e.node.seq);
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

  it('goes back from the newest with last/before, and forward from the first with first/after, in one order', async () => {
    const { a, b } = await talkative();
    const newest = (await conversationOf(test.client, a, b))!.messages;
    expect(seqsOf(newest)).toEqual(range(26, 45));
    expect(newest.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    const older = (await conversationOf(test.client, a, b, { last: 20, before: newest.pageInfo.startCursor! }))!.messages;
    expect(seqsOf(older)).toEqual(range(6, 25));
    expect(older.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
    const oldest = (await conversationOf(test.client, a, b, { last: 20, before: older.pageInfo.startCursor! }))!.messages;
    expect(seqsOf(oldest)).toEqual(range(1, 5));
    expect(oldest.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });

    const first = (await conversationOf(test.client, b, a, { first: 20 }))!.messages;
    expect(seqsOf(first)).toEqual(range(1, 20));
    expect(first.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
    const next = (await conversationOf(test.client, b, a, { first: 20, after: first.pageInfo.endCursor! }))!.messages;
    expect(seqsOf(next)).toEqual(range(21, 40));
    expect(next.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
    const last = (await conversationOf(test.client, b, a, { first: 20, after: next.pageInfo.endCursor! }))!.messages;
    expect(seqsOf(last)).toEqual(range(41, 45));
    expect(last.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });

    // Between two cursors, from either end.
    const between = { after: first.edges[4]!.cursor, before: first.edges[14]!.cursor };
    expect(seqsOf((await conversationOf(test.client, a, b, { ...between, first: 3 }))!.messages)).toEqual([6, 7, 8]);
    expect(seqsOf((await conversationOf(test.client, a, b, { ...between, last: 3 }))!.messages)).toEqual([12, 13, 14]);
  });

  it.each([
    ['`first` and `last` together', { first: 5, last: 5 }, 'last'],
    ['`last` past the page limit', { last: 101 }, 'last'],
    ['a negative `first`', { first: -1 }, 'first'],
    ['a `before` cursor of another list', { before: Buffer.from(JSON.stringify(['2026-01-01T00:00:00Z', 'x'])).toString('base64url') }, 'before'],
    ['an `after` cursor that is not a place in a sequence', { after: Buffer.from(JSON.stringify([1.5])).toString('base64url') }, 'after'],
  ])('refuses %s with BAD_USER_INPUT naming it', async (_, page, field) => {
    const { a, b } = await pairAndStranger('cvpbad');
    const result = await test.client.request(ConvWithDocument, { withHandle: b.handle, ...page }, { token: a.token });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0]!.extensions?.field).toBe(field);
  });

  it('pages through conversations, most recent first', async () => {
    const [viewer, ...others] = (await signUpMany(test.client, 4, 'cvlist')) as Person[];
    for (const other of others) await connectThroughApi(test.client, other, viewer!);
    await sendOk(test.client, others[0]!, viewer!, 'bump');
    const expected = [others[0]!, others[2]!, others[1]!].map((p) => p.handle);
    const page1 = await inbox(viewer!, 2);
    expect(page1.edges.map((e) => e.node.with.handle)).toEqual(expected.slice(0, 2));
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = await inbox(viewer!, 2, page1.pageInfo.endCursor!);
    expect(page2.edges.map((e) => e.node.with.handle)).toEqual(expected.slice(2));
    expect(page2.pageInfo.hasNextPage).toBe(false);
  });
});

describe('disconnecting', () => {
  it('stops new messages both ways and keeps the history readable to both; connecting again adds the new icebreaker after it', async () => {
    const { a, b } = await pairAndStranger('cvdisc');
    await sendOk(test.client, a, b, 'before');
    await ok(test.client.request(ConnDisconnectDocument, { handle: a.handle }, { token: b.token }));
    const before = await stored(test, a, b);
    for (const [from, to] of [[a, b], [b, a]] as const) expect((await refusalOf(from, to.handle)).code).toBe('FORBIDDEN');
    expect(await stored(test, a, b)).toEqual(before);
    for (const [viewer, other] of [[a, b], [b, a]] as const) {
      const seen = await conversationOf(test.client, viewer, other);
      expect(seen!.messages.edges.map((e) => e.node.body)).toEqual([`Hello from ${a.handle}`, 'before']);
    }
    expect(await withHandles(b)).toEqual([a.handle]);
    // Reading what is there is still yours to do.
    expect((await ok(markRead(b, a.handle))).markConversationRead.unreadCount).toBe(0);

    await connectThroughApi(test.client, b, a, 'Shall we talk again?');
    const again = await conversationOf(test.client, a, b);
    expect(again!.messages.edges.map((e) => [e.node.seq, e.node.body])).toEqual([
      [1, `Hello from ${a.handle}`],
      [2, 'before'],
      [3, 'Shall we talk again?'],
    ]);
    await sendOk(test.client, a, b, 'after');
  });
});

describe('blocking', () => {
  it('hides the conversation from both, in lists, by handle and in the unread total; an unblock shows it again', async () => {
    const [blocker, blocked, friend] = (await signUpMany(test.client, 3, 'cvblock')) as [Person, Person, Person];
    await connectThroughApi(test.client, blocked, blocker);
    await connectThroughApi(test.client, friend, blocker);
    await connectThroughApi(test.client, friend, blocked);
    await sendOk(test.client, blocked, blocker, 'one');
    await sendOk(test.client, blocked, blocker, 'two');
    await sendOk(test.client, blocker, blocked, 'three');
    await sendOk(test.client, friend, blocker, 'from a friend');
    expect(await unreadTotal(blocker)).toBe(3);
    expect(await unreadTotal(blocked)).toBe(1);

    await ok(test.client.request(BlocksBlockDocument, { handle: blocked.handle }, { token: blocker.token }));
    expect(await withHandles(blocker)).toEqual([friend.handle]);
    expect(await withHandles(blocked)).toEqual([friend.handle]);
    expect(await conversationOf(test.client, blocker, blocked)).toBeNull();
    expect(await conversationOf(test.client, blocked, blocker)).toBeNull();
    expect(await unreadTotal(blocker)).toBe(1);
    expect(await unreadTotal(blocked)).toBe(0);

    // To the person blocked, the blocker is a handle nobody has; the blocker has no conversation to mark.
    const nobody = uniqueHandle('nobody');
    const asBlocked = await markRead(blocked, blocker.handle);
    const asNobody = await markRead(blocked, nobody);
    expect(errorCodes(asBlocked)).toEqual(['NOT_FOUND']);
    expect(asBlocked.errors![0]!.message).toBe(asNobody.errors![0]!.message.replace(nobody, blocker.handle));
    expect(errorCodes(await markRead(blocker, blocked.handle))).toEqual(['NOT_FOUND']);

    await ok(test.client.request(BlocksUnblockDocument, { handle: blocked.handle }, { token: blocker.token }));
    expect(await withHandles(blocker)).toEqual([friend.handle, blocked.handle]);
    expect(await unreadTotal(blocker)).toBe(3);
    expect((await conversationOf(test.client, blocked, blocker))!.messages.edges.map((e) => e.node.body)).toEqual([
      `Hello from ${blocked.handle}`,
      'one',
      'two',
      'three',
    ]);
    // A block ended the connection: the history is back, sending is not.
    expect((await refusalOf(blocked, blocker.handle)).code).toBe('FORBIDDEN');
  });
});

describe('totalCount', () => {
  // The count is the graph's own degree (no counter to race), so the conversations are started one by one.
  it('counts every conversation, and leaves out, for both sides of a block given either way, their conversation', async () => {
    const [hub, ...others] = await signUpMany(test.client, 13, 'cvtotal');
    for (const other of others) await connectThroughApi(test.client, other, hub!);
    expect(await withHandles(hub!)).toHaveLength(12);
    await ok(test.client.request(BlocksBlockDocument, { handle: others[0]!.handle }, { token: hub!.token }));
    await ok(test.client.request(BlocksBlockDocument, { handle: hub!.handle }, { token: others[1]!.token }));
    expect(await withHandles(hub!)).toHaveLength(10);
    for (const other of others.slice(0, 2)) expect(await withHandles(other)).toEqual([]);
    expect(await withHandles(others[2]!)).toEqual([hub!.handle]);
  });
});

describe('deleting an account', () => {
  it("deletes the person's conversations with every message: the other person's list, counts and queries lose it", async () => {
    const [leaver, stayer, friend] = (await signUpMany(test.client, 3, 'cvdel')) as [Person, Person, Person];
    await connectThroughApi(test.client, leaver, stayer);
    await connectThroughApi(test.client, friend, stayer);
    await sendOk(test.client, leaver, stayer, 'goodbye');
    await sendOk(test.client, stayer, leaver, 'wait');
    await sendOk(test.client, friend, stayer, 'still here');
    expect(await unreadTotal(stayer)).toBe(2);

    await ok(test.client.request(AcctDeleteMyAccountDocument, { password: PASSWORD }, { token: leaver.token }));
    expect(await withHandles(stayer)).toEqual([friend.handle]);
    expect(await conversationOf(test.client, stayer, leaver)).toBeNull();
    expect(await unreadTotal(stayer)).toBe(1);
    expect(await stored(test, leaver)).toEqual({ messages: 0, conversations: 0, lastSeqs: [] });
    expect((await conversationOf(test.client, stayer, friend))!.messages.edges).toHaveLength(2);
  });
});

describe('messages per sender (MESSAGES_PER_USER_PER_MINUTE)', () => {
  const limited = serverForTests({ MESSAGES_PER_USER_PER_MINUTE: '3' });

  it('allows 3 messages a minute, refuses the 4th with RATE_LIMITED and retryAfterSeconds, and writes nothing', async () => {
    const [a, b] = (await signUpMany(limited.client, 2, 'cvrate')) as [Person, Person];
    await connectThroughApi(limited.client, a, b);
    for (let i = 0; i < 3; i++) expect((await send(a, b.handle, `m${i}`, undefined, limited)).errors).toBeUndefined();
    const before = await stored(limited, a, b);
    const refused = await send(a, b.handle, 'one too many', undefined, limited);
    expect(errorCodes(refused)).toEqual(['RATE_LIMITED']);
    expect(refused.errors![0]!.extensions?.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.errors![0]!.extensions?.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(await stored(limited, a, b)).toEqual(before);
    // Per sender: the other person still has their own budget.
    expect((await send(b, a.handle, 'my turn', undefined, limited)).errors).toBeUndefined();
  });
});
