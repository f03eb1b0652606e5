/**
 * What conversations cost: Cypher round-trips per request (`extensions.cypher.roundTrips`,
 * DIAGNOSTICS on in tests) for an inbox of 20 conversations, and database hits under
 * PROFILE for pages of messages and of conversations, which must not grow with the length
 * of the conversation or the number of conversations.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { conversationsOf, messagesOf } from '../../../src/conversations/conversations.repository.js';
import { int, type Db } from '../../../src/db/database.js';
import type { TwoWayPageRequest } from '../../../src/graph/cursors.js';
import { PlanCost, profilingDb } from '../../../scripts/lib/profiling-db.js';
import { ConvInboxDocument, ConvListWithMessagesDocument, ConvUnreadDocument, ConvWithDocument } from '../../generated/graphql.js';
import type { Result } from '../../helpers/client.js';
import { connectThroughApi, conversationOf, sendOk } from '../../helpers/conversations.js';
import { signUp, signUpMany, type Person } from '../../helpers/people.js';
import { serverForTests, testConfig } from '../../helpers/server.js';

const test = serverForTests();

const CONVERSATIONS = 20;
const OLDER = 2000;

let viewer: Person;
let others: Person[];
/** A viewer with a few conversations, to compare with the one who has many. */
let fewViewer: Person;

function roundTrips(result: Result<unknown>): number {
  expect(result.errors).toBeUndefined();
  const count = result.extensions.cypher?.roundTrips;
  expect(count).toBeGreaterThan(0);
  return count!;
}

beforeAll(async () => {
  viewer = await signUp(test.client, 'cvcost');
  fewViewer = await signUp(test.client, 'cvcostfew');
  others = await signUpMany(test.client, CONVERSATIONS, 'cvcosto');
  for (const [i, other] of others.entries()) {
    await connectThroughApi(test.client, other, viewer, `Icebreaker ${i}`);
    await sendOk(test.client, other, viewer, `Unread ${i}`);
    if (i < 4) await connectThroughApi(test.client, other, fewViewer);
  }
}, 180_000);

describe('Cypher round-trips', () => {
  it('conversations(first: 20) with each one\'s person, last message and unread count takes at most 2', async () => {
    const result = await test.client.request(ConvInboxDocument, { first: CONVERSATIONS }, { token: viewer.token });
    const trips = roundTrips(result);
    const nodes = result.data!.conversations.edges.map((edge) => edge.node);
    expect(nodes).toHaveLength(CONVERSATIONS);
    expect(new Set(nodes.map((n) => n.with.handle))).toEqual(new Set(others.map((o) => o.handle)));
    for (const node of nodes) {
      expect(node.lastMessage.body).toMatch(/^Unread \d+$/);
      expect(node.unreadCount).toBe(1);
    }
    console.log(`[roundtrips] conversations(first: 20) { with { handle } lastMessage { body } unreadCount }: ${trips} round-trips`);
    expect(trips).toBeLessThanOrEqual(2);
  });

  it('every conversation with its newest messages costs the same for 2 conversations as for 20', async () => {
    const two = roundTrips(await test.client.request(ConvListWithMessagesDocument, { first: 2, last: 5 }, { token: viewer.token }));
    const all = await test.client.request(ConvListWithMessagesDocument, { first: CONVERSATIONS, last: 5 }, { token: viewer.token });
    const twenty = roundTrips(all);
    for (const { node } of all.data!.conversations.edges) expect(node.messages.edges.map((e) => e.node.seq)).toEqual([1, 2]);
    console.log(`[roundtrips] conversations(first: 2 | 20) { messages(last: 5) { from } }: ${two} | ${twenty} round-trips`);
    expect(twenty).toBe(two);
    expect(twenty).toBeLessThanOrEqual(2);
  });

  it('one conversation with a page of its messages takes at most 2 (both people come with the conversation), and the unread total 2', async () => {
    const result = await test.client.request(ConvWithDocument, { withHandle: others[0]!.handle, last: 20 }, { token: viewer.token });
    const trips = roundTrips(result);
    const messages = result.data!.conversation!.messages.edges.map((edge) => edge.node);
    expect(messages).toHaveLength(2);
    // Each message names both people: the viewer's record is needed, not only the other's.
    for (const message of messages) expect([message.from.handle, message.to.handle]).toEqual([others[0]!.handle, viewer.handle]);
    expect(trips).toBeLessThanOrEqual(2);
    const unread = await test.client.request(ConvUnreadDocument, {}, { token: viewer.token });
    expect(unread.data!.me!.unreadMessageCount).toBe(CONVERSATIONS);
    expect(roundTrips(unread)).toBeLessThanOrEqual(2);
  });
});

describe('index reads', () => {
  async function costOf(read: (db: Db) => Promise<unknown>) {
    const cost = new PlanCost();
    await read(profilingDb(test.database.driver, testConfig().neo4j.database, cost));
    return cost.dbHits;
  }

  /** The ids of a pair's conversation and of its last message's number. */
  async function conversationOfPair(a: Person, b: Person) {
    const seen = await conversationOf(test.client, a, b);
    return { id: seen!.id, lastSeq: seen!.lastMessage.seq };
  }

  it('a page of messages costs the same in a conversation of 21 messages as in one of 2,021, at either end and in the middle', async () => {
    const [a, b, c, d] = (await signUpMany(test.client, 4, 'cvlen')) as [Person, Person, Person, Person];
    await connectThroughApi(test.client, a, b);
    await connectThroughApi(test.client, c, d);
    for (let i = 0; i < 20; i++) {
      await sendOk(test.client, a, b, `short ${i}`);
      await sendOk(test.client, c, d, `long ${i}`);
    }
    const short = await conversationOfPair(a, b);
    const long = await conversationOfPair(c, d);
    // A long history, written straight into the graph in the shape sendMessage writes, after what is there.
    await test.database.forRequest().write((q) =>
      q.rows(
        `MATCH (conversation:Conversation {id: $id})
         UNWIND range(1, $count) AS i
         CREATE (:Message {id: randomUUID(), conversationId: conversation.id, seq: conversation.lastSeq + i, fromId: $fromId, toId: $toId,
                           body: 'older ' + i, createdAt: datetime(), readAt: null})
         WITH conversation, max(i) AS added
         SET conversation.lastSeq = conversation.lastSeq + added`,
        { id: long.id, count: int(OLDER), fromId: c.id, toId: d.id },
      ),
    );
    const longLast = long.lastSeq + OLDER;
    expect((await conversationOfPair(c, d)).lastSeq).toBe(longLast);

    const pages: Array<[string, (last: number) => TwoWayPageRequest]> = [
      ['the newest 5', () => ({ size: 5, backward: true, after: null, before: null })],
      ['the first 5', () => ({ size: 5, backward: false, after: null, before: null })],
      ['5 before the middle', (last) => ({ size: 5, backward: true, after: null, before: [Math.ceil(last / 2)] })],
    ];
    for (const [what, page] of pages) {
      const shortHits = await costOf((db) => messagesOf(db, a.id, [short.id], page(short.lastSeq)));
      const longHits = await costOf((db) => messagesOf(db, c.id, [long.id], page(longLast)));
      console.log(`[index] messages, ${what}: ${shortHits} db hits in ${short.lastSeq} messages, ${longHits} in ${longLast}`);
      expect(shortHits).toBeGreaterThan(0);
      expect(longHits).toBe(shortHits);
    }
  });

  it('a page of conversations costs the same however many older conversations the person has', async () => {
    // Fewer than the person has: the index is read one past the page in both cases.
    const page = { size: 2, backward: false, after: null, before: null };
    const read = (db: Db) => conversationsOf(db, fewViewer.id, page);
    const before = await costOf(read);
    const rows = JSON.stringify(await conversationsOf(test.database.forRequest(), fewViewer.id, page));
    // Older conversations, with people made for them, straight into the graph in the shape OPEN_CONVERSATION and APPEND_MESSAGE write.
    await test.database.forRequest().write((q) =>
      q.rows(
        `MATCH (me:User {id: $viewerId})
         UNWIND range(1, $count) AS i
         CREATE (other:User {id: randomUUID(), handle: 'older_' + $tag + '_' + i, realName: 'Older', verified: false, createdAt: datetime()})
         CREATE (conversation:Conversation {id: randomUUID(), pairKey: 'older ' + $tag + ' ' + i, lastSeq: 1, createdAt: datetime()})
         CREATE (me)-[:IN_CONVERSATION {userId: me.id, withId: other.id, conversationId: conversation.id, unread: 1, readSeq: 0,
                                        lastMessageAt: datetime('2001-01-01T00:00:00Z') + duration({seconds: i})}]->(conversation)
         CREATE (other)-[:IN_CONVERSATION {userId: other.id, withId: me.id, conversationId: conversation.id, unread: 0, readSeq: 0,
                                           lastMessageAt: datetime('2001-01-01T00:00:00Z') + duration({seconds: i})}]->(conversation)
         CREATE (:Message {id: randomUUID(), conversationId: conversation.id, seq: 1, fromId: other.id, toId: me.id, body: 'old',
                           createdAt: datetime('2001-01-01T00:00:00Z') + duration({seconds: i}), readAt: null})`,
        { viewerId: fewViewer.id, count: int(60), tag: fewViewer.id.slice(0, 8) },
      ),
    );
    try {
      const after = await costOf(read);
      console.log(`[index] conversations(first: 2): ${before} db hits with 4 conversations, ${after} with 64`);
      expect(JSON.stringify(await conversationsOf(test.database.forRequest(), fewViewer.id, page))).toBe(rows);
      expect(before).toBeGreaterThan(0);
      // Not equal to the hit: past 50 relationships Neo4j keeps a person's relationships by
      // type (a dense node), so finding their blocks costs a few hits less. Never more.
      expect(after).toBeLessThanOrEqual(before);
    } finally {
      await test.database.forRequest().write((q) =>
        q.rows(
          `MATCH (other:User) WHERE other.handle STARTS WITH $prefix
           MATCH (other)-[:IN_CONVERSATION]->(conversation:Conversation)
           MATCH (message:Message {conversationId: conversation.id})
           DETACH DELETE message, conversation, other`,
          { prefix: `older_${fewViewer.id.slice(0, 8)}_` },
        ),
      );
    }
  });
});
