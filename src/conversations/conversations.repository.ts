/** All Cypher about conversations: sending, marking read, and reading them back page by page. */
import { randomUUID } from 'node:crypto';
import { int, type Db } from '../db/database.js';
import { isConstraintViolation } from '../errors.js';
import { idsHiddenFrom } from '../graph/blocks.js';
import { APPEND_MESSAGE, LOCK_CONVERSATION, messageFields, OPEN_CONVERSATION, pairKeyOf } from '../graph/conversations.js';
import type { TwoWayPageRequest } from '../graph/cursors.js';
import { ledBy, pageWindow, windowRead, type PageRow, type PageWindow, type SortColumn } from '../graph/paging.js';
import { requireVisibleUserId, userFields } from '../graph/people.js';
import type { User } from '../users/user.type.js';
import type { Conversation, Message } from './conversation.type.js';
import type { CheckedMessage } from './conversations.inputs.js';
import { markRefusal, replayRefusal, sendRefusal, type SendState } from './conversations.rules.js';

/** A conversation with the records of both people in it: the other person (`with`), and the viewer (`me`, who sent some of its messages). */
export type ConversationWithPerson = Conversation & { with: User; me: User };

/**
 * A conversation as the person `me` sees it through their place `mine` in it, with both
 * people and the newest message (found by its number, through the sequence index).
 * Expects bound: me, mine, conversation, other.
 */
const CONVERSATION_ROW = `{id: conversation.id, unreadCount: mine.unread, lastSeq: conversation.lastSeq,
  lastMessageAt: mine.lastMessageAt.epochMillis, withId: other.id, with: other ${userFields('other')}, me: me ${userFields('me')},
  lastMessage: COLLECT { MATCH (last:Message {conversationId: conversation.id, seq: conversation.lastSeq}) RETURN last ${messageFields('last')} }[0]}`;

/** Conversations: the most recent message first, ties by id. */
const CONVERSATION_ORDER: SortColumn[] = [
  { expr: 'mine.lastMessageAt', desc: true, time: true },
  { expr: 'conversation.id', desc: true },
];

/**
 * The viewer's conversations, most recent first, in a page's window either way
 * (src/graph/paging.ts), leaving out anyone with a block between them. Shaped for the
 * (userId, lastMessageAt) index on IN_CONVERSATION as posts are for theirs (see
 * PAGE_OF_CIRCLE in posts.repository.ts): an equality and a range, ordered by the index's
 * own columns (`ledBy`), so a page reads a page of entries, not every conversation.
 */
const PAGE_OF_CONVERSATIONS = (window: PageWindow) => `
  MATCH (me:User {id: $viewerId})
  WITH me, ${idsHiddenFrom('me')} AS hiddenIds
  CALL (hiddenIds) {
    ${windowRead(
      window,
      (part) => `
        MATCH ()-[mine:IN_CONVERSATION]->(conversation:Conversation)
        // A seek, never a scan: on a small or fresh graph the planner may read the whole index in order and filter it.
        USING INDEX SEEK mine:IN_CONVERSATION(userId, lastMessageAt)
        WHERE mine.userId = $viewerId AND ${part.where} AND NOT mine.withId IN hiddenIds
        RETURN mine, conversation, ${part.beyond} AS beyond ORDER BY ${ledBy('mine.userId', part.order)} LIMIT ${part.limit}`,
    )}
  }
  MATCH (other:User {id: mine.withId})
  RETURN ${CONVERSATION_ROW} AS node, beyond
  ORDER BY ${window.order}`;

export const conversationCursor = (conversation: Conversation) => [conversation.lastMessageAt.toISOString(), conversation.id];

export async function conversationsOf(db: Db, viewerId: string, page: TwoWayPageRequest): Promise<Array<PageRow<ConversationWithPerson>>> {
  const window = pageWindow(CONVERSATION_ORDER, page);
  return db.read((q) => q.rows<PageRow<ConversationWithPerson>>(PAGE_OF_CONVERSATIONS(window), { viewerId, ...window.params }));
}

/**
 * How many conversations the viewer's list holds: their degree in IN_CONVERSATION, kept by
 * the graph, less the ones a block hides, found from the hidden people alone by the pair's
 * key (at most one each): no conversation is read to count them.
 */
export async function conversationCount(db: Db, viewerId: string): Promise<number> {
  const row = await db.read((q) =>
    q.one<{ n: number }>(
      `MATCH (me:User {id: $viewerId})
       WITH me, COLLECT { MATCH (me)-[:BLOCKED]-(other:User) RETURN DISTINCT other } AS hidden
       RETURN COUNT { (me)-[:IN_CONVERSATION]->() }
              - size([other IN hidden WHERE EXISTS { MATCH (:Conversation {pairKey: ${pairKeyOf('me', 'other')}}) }]) AS n`,
      { viewerId },
    ),
  );
  return row?.n ?? 0;
}

/** The viewer's conversation with the person who has `handle`; null for nobody, for themselves, and across a block. */
export async function conversationWith(db: Db, viewerId: string, handle: string): Promise<ConversationWithPerson | null> {
  const row = await db.read((q) =>
    q.one<{ row: ConversationWithPerson }>(
      `MATCH (me:User {id: $viewerId}), (other:User {handle: $handle})
       WHERE NOT EXISTS { (me)-[:BLOCKED]-(other) }
       MATCH (conversation:Conversation {pairKey: ${pairKeyOf('me', 'other')}})<-[mine:IN_CONVERSATION]-(me)
       RETURN ${CONVERSATION_ROW} AS row`,
      { viewerId, handle },
    ),
  );
  return row?.row ?? null;
}

/** The viewer's conversations with these ids, as their list shows them (none across a block). For `node(id:)`. */
export async function conversationsByIds(db: Db, viewerId: string, ids: readonly string[]): Promise<ConversationWithPerson[]> {
  const rows = await db.read((q) =>
    q.rows<{ row: ConversationWithPerson }>(
      `MATCH (me:User {id: $viewerId})
       UNWIND $ids AS id
       MATCH (conversation:Conversation {id: id})<-[mine:IN_CONVERSATION]-(me)
       MATCH (other:User {id: mine.withId}) WHERE NOT EXISTS { (me)-[:BLOCKED]-(other) }
       RETURN ${CONVERSATION_ROW} AS row`,
      { viewerId, ids },
    ),
  );
  return rows.map((r) => r.row);
}

/** Messages with these ids from or to the viewer, in a conversation they may see (none across a block). For `node(id:)`. */
export async function messagesByIds(db: Db, viewerId: string, ids: readonly string[]): Promise<Message[]> {
  const rows = await db.read((q) =>
    q.rows<{ message: Message }>(
      `MATCH (me:User {id: $viewerId})
       UNWIND $ids AS id
       MATCH (message:Message {id: id}) WHERE $viewerId IN [message.fromId, message.toId]
       MATCH (other:User {id: CASE message.fromId WHEN $viewerId THEN message.toId ELSE message.fromId END})
       WHERE NOT EXISTS { (me)-[:BLOCKED]-(other) }
       RETURN message ${messageFields('message')} AS message`,
      { viewerId, ids },
    ),
  );
  return rows.map((r) => r.message);
}

/** The bounds of a two-way page of messages, as numbers in their sequence; open sides reach past either end. */
function sequenceRange(page: TwoWayPageRequest) {
  return {
    afterSeq: int(page.after ? (page.after[0] as number) : 0),
    beforeSeq: int(page.before ? (page.before[0] as number) : Number.MAX_SAFE_INTEGER),
    limit: int(page.size + 1),
  };
}

/**
 * A page of each conversation's messages strictly between two numbers of its sequence,
 * from the start of that range or, backward, from its end. Read from the (conversationId,
 * seq) index in order: the ORDER BY begins with the constant conversationId, so the
 * planner walks the index from one end and stops after `limit` entries, whatever the
 * conversation's length (see PAGE_OF_CIRCLE in posts.repository.ts for why that column
 * must lead). Only conversations the viewer is in. Constant text, chosen by direction.
 */
const PAGE_OF_MESSAGES = (order: 'ASC' | 'DESC') => `
  UNWIND $conversationIds AS conversationId
  MATCH (:Conversation {id: conversationId})<-[mine:IN_CONVERSATION]-() WHERE mine.userId = $viewerId
  CALL (conversationId) {
    MATCH (message:Message)
    USING INDEX SEEK message:Message(conversationId, seq)
    WHERE message.conversationId = conversationId AND message.seq > $afterSeq AND message.seq < $beforeSeq
    RETURN message ORDER BY message.conversationId ${order}, message.seq ${order} LIMIT $limit
  }
  RETURN conversationId AS key, message ${messageFields('message')} AS value`;
const PAGES_OF_MESSAGES = { forward: PAGE_OF_MESSAGES('ASC'), backward: PAGE_OF_MESSAGES('DESC') };

export async function messagesOf(
  db: Db,
  viewerId: string,
  conversationIds: readonly string[],
  page: TwoWayPageRequest,
): Promise<Array<{ key: string; value: Message }>> {
  const cypher = page.backward ? PAGES_OF_MESSAGES.backward : PAGES_OF_MESSAGES.forward;
  return db.read((q) => q.rows<{ key: string; value: Message }>(cypher, { viewerId, conversationIds, ...sequenceRange(page) }));
}

/**
 * Each person's unread messages, leaving out conversations a block hides. The total is
 * kept on the person by every write; what a block hides is read from the hidden
 * conversations' own counts, one per person with a block between them: nothing is counted.
 */
export async function unreadTotals(db: Db, userIds: readonly string[]): Promise<Array<{ id: string; unread: number }>> {
  return db.read((q) =>
    q.rows<{ id: string; unread: number }>(
      `UNWIND $userIds AS userId
       MATCH (me:User {id: userId})
       WITH me, COLLECT {
         MATCH (me)-[:BLOCKED]-(other:User)
         WITH DISTINCT me, other
         MATCH (:Conversation {pairKey: ${pairKeyOf('me', 'other')}})<-[mine:IN_CONVERSATION]-(me)
         RETURN mine.unread
       } AS hidden
       RETURN me.id AS id, coalesce(me.unreadMessages, 0) - reduce(sum = 0, n IN hidden | sum + n) AS unread`,
      { userIds },
    ),
  );
}

interface SendRow extends SendState {
  toId: string | null;
  earlier: Message | null;
  conversationId: string | null;
}

/**
 * Reads what a send depends on. Between connected people it first opens their conversation
 * and takes its lock (OPEN_CONVERSATION), so the connection, and any earlier message under
 * the same clientMessageId, are read after every send, disconnection or block before it
 * has committed.
 */
const SEND_STATE = `
  MATCH (me:User {id: $fromId})
  OPTIONAL MATCH (to:User {handle: $toHandle})
  WITH me, to, to IS NOT NULL AND to <> me AND EXISTS { (me)-[:CONNECTED]-(to) } AS connectedBefore
  OPTIONAL CALL (me, to, connectedBefore) {
    WITH me, to WHERE connectedBefore
    ${OPEN_CONVERSATION('me', 'to')}
    RETURN conversation.id AS conversationId
  }
  RETURN to.id AS toId, coalesce(to = me, false) AS self, conversationId,
         to IS NOT NULL AND EXISTS { (me)-[:CONNECTED]-(to) } AS connected,
         COLLECT { MATCH (earlier:Message {fromId: $fromId, clientMessageId: $key}) RETURN earlier ${messageFields('earlier')} }[0] AS earlier`;

const APPEND = `
  MATCH (me:User {id: $fromId}), (to:User {id: $toId}), (conversation:Conversation {id: $conversationId})
  ${APPEND_MESSAGE({ sender: 'me', recipient: 'to', body: '$body', createdAt: 'datetime()', readAt: 'null', clientMessageId: '$key' })}
  RETURN message ${messageFields('message')} AS message`;

/**
 * Sends a message between connected people, numbered next in their conversation. A repeat
 * of a clientMessageId returns the first message (`created: false`); refusals write nothing.
 */
export async function sendMessage(db: Db, fromId: string, message: CheckedMessage): Promise<{ message: Message; created: boolean }> {
  // Without a client id the message still gets one, made here, outside the transaction: a
  // commit whose answer was lost and that the driver retries then finds its first message.
  const key = message.clientMessageId ?? `quanzi:${randomUUID()}`;
  const params = { fromId, toHandle: message.toHandle, key, body: message.body };
  const attempt = () =>
    db.write(async (q) => {
      const state = (await q.one<SendRow>(SEND_STATE, params))!;
      if (state.earlier) {
        const reused = replayRefusal(state.earlier, state.toId, message.body);
        if (reused) throw reused;
        // Our own key: this very call made it (a retried commit), so it is new to everyone else.
        return { message: state.earlier, created: message.clientMessageId === null };
      }
      const refusal = sendRefusal(message.toHandle, state);
      if (refusal) throw refusal;
      const row = await q.one<{ message: Message }>(APPEND, { ...params, toId: state.toId, conversationId: state.conversationId });
      return { message: row!.message, created: true };
    });
  try {
    return await attempt();
  } catch (error) {
    // The same clientMessageId sent at once to two people: the one that lost meets the winner's message.
    if (!isConstraintViolation(error)) throw error;
    return attempt();
  }
}

/**
 * Marks every message to the viewer in their conversation with `withHandle` read, under the
 * conversation's lock (a message sent meanwhile is either marked or still counted, never
 * lost between the two), and takes them off the viewer's total.
 */
export async function markRead(db: Db, viewerId: string, withHandle: string): Promise<ConversationWithPerson> {
  return db.write(async (q) => {
    const otherId = await requireVisibleUserId(q, viewerId, withHandle, 'withHandle');
    const row = await q.one<{ row: ConversationWithPerson }>(
      `MATCH (me:User {id: $viewerId}), (other:User {id: $otherId})
       WHERE NOT EXISTS { (me)-[:BLOCKED]-(other) }
       MATCH (conversation:Conversation {pairKey: ${pairKeyOf('me', 'other')}})
       ${LOCK_CONVERSATION}
       WITH me, other, conversation
       MATCH (me)-[mine:IN_CONVERSATION]->(conversation)
       CALL (conversation, mine) {
         MATCH (message:Message)
         USING INDEX SEEK message:Message(conversationId, seq)
         WHERE message.conversationId = conversation.id AND message.seq > mine.readSeq AND message.toId = $viewerId AND message.readAt IS NULL
         SET message.readAt = datetime()
       }
       SET me.unreadMessages = me.unreadMessages - mine.unread, mine.unread = 0, mine.readSeq = conversation.lastSeq
       RETURN ${CONVERSATION_ROW} AS row`,
      { viewerId, otherId },
    );
    const refusal = markRefusal(withHandle, row !== undefined);
    if (refusal) throw refusal;
    return row!.row;
  });
}

/**
 * Messages to the viewer after `point` (epoch milliseconds, then id), oldest first, for
 * `messageReceived(after:)`: at most `limit` + 1, so the caller tells when there were more.
 * Conversations that moved since are found through the (userId, lastMessageAt) index, and
 * each gives its newest `limit` + 1 messages through the (conversationId, seq) index: the
 * cost follows what was missed, not the conversations' length. People on the other side
 * of a block are left out, as in `conversations`.
 */
export async function messagesToSince(db: Db, viewerId: string, point: { at: number; id: string }, limit: number): Promise<Message[]> {
  const rows = await db.read((q) =>
    q.rows<{ message: Message }>(
      `MATCH (me:User {id: $viewerId})
       WITH me, ${idsHiddenFrom('me')} AS hiddenIds
       MATCH ()-[mine:IN_CONVERSATION]->(conversation:Conversation)
       USING INDEX SEEK mine:IN_CONVERSATION(userId, lastMessageAt)
       WHERE mine.userId = $viewerId AND mine.lastMessageAt >= datetime({epochMillis: $at}) AND NOT mine.withId IN hiddenIds
       CALL (conversation) {
         MATCH (message:Message)
         USING INDEX SEEK message:Message(conversationId, seq)
         WHERE message.conversationId = conversation.id AND message.seq > 0
         RETURN message ORDER BY message.conversationId DESC, message.seq DESC LIMIT $limit
       }
       WITH message, message.createdAt.epochMillis AS at
       WHERE message.toId = $viewerId AND (at > $at OR (at = $at AND message.id > $id))
       RETURN message ${messageFields('message')} AS message ORDER BY at, message.id LIMIT $limit`,
      { viewerId, at: int(point.at), id: point.id, limit: int(limit + 1) },
    ),
  );
  return rows.map((row) => row.message);
}
