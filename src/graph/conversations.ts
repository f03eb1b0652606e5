/**
 * Conversations in Cypher. Two people have at most one Conversation (keyed by the pair);
 * its messages are Message nodes numbered 1, 2, 3… in `seq`, found through the
 * (conversationId, seq) index rather than by relationships; each person's place in it is
 * their IN_CONVERSATION relationship: unread count, how far they read, when it last moved
 * (for their list). Their total unread is kept on them, as `unreadMessages`.
 *
 * Shared by the conversations feature, by accepting a connection request (the icebreaker
 * is the first message), by disconnecting and blocking (they wait for a send in progress)
 * and by deleting an account. Constant text: the names passed in are literals in our code.
 */

/** The key of the conversation between the bound people `a` and `b`: their ids in order. */
export const pairKeyOf = (a: string, b: string) => `CASE WHEN ${a}.id < ${b}.id THEN ${a}.id + ' ' + ${b}.id ELSE ${b}.id + ' ' + ${a}.id END`;

/** The map projection of the Message bound to `message`. Times as epoch milliseconds (src/db/convert.ts). */
export const messageFields = (message: string) =>
  `{.id, .body, .fromId, .toId, .seq, .conversationId, createdAt: ${message}.createdAt.epochMillis, readAt: ${message}.readAt.epochMillis}`;

/** Takes the write lock of the bound `conversation` for the rest of the transaction (see OPEN_CONVERSATION). */
export const LOCK_CONVERSATION = 'SET conversation._lock = true REMOVE conversation._lock';

/** One person's place in `conversation`, made when the conversation is. */
const joinConversation = (person: string, other: string) => `
  MERGE (${person})-[${person}Place:IN_CONVERSATION]->(conversation)
    ON CREATE SET ${person}Place.userId = ${person}.id, ${person}Place.withId = ${other}.id, ${person}Place.conversationId = conversation.id,
                  ${person}Place.unread = 0, ${person}Place.readSeq = 0`;

/**
 * Finds or starts the conversation of `a` and `b`, binds it to `conversation`, and takes
 * its write lock for the rest of the transaction. Everything that numbers its messages,
 * changes its unread counts, or ends what lets the pair send takes this lock first, so
 * they run one after another and each reads what the one before it wrote.
 * Expects bound: `a`, `b` (Users). Leaves everything bound, plus `conversation`.
 */
export const OPEN_CONVERSATION = (a: string, b: string) => `
  MERGE (conversation:Conversation {pairKey: ${pairKeyOf(a, b)}})
    ON CREATE SET conversation.id = randomUUID(), conversation.lastSeq = 0, conversation.createdAt = datetime()
  ${LOCK_CONVERSATION}
  ${joinConversation(a, b)}
  ${joinConversation(b, a)}`;

/**
 * Waits for, then holds, the lock of the conversation of `a` and `b` if they have one: for
 * writes that end what lets them send (disconnecting, blocking). A send in progress lands
 * before them; a send after them sees they are no longer connected.
 * Expects bound: `a`, `b`. Leaves them bound.
 */
export const LOCK_CONVERSATION_OF = (a: string, b: string) => `
  CALL (${a}, ${b}) {
    MATCH (conversation:Conversation {pairKey: ${pairKeyOf(a, b)}})
    ${LOCK_CONVERSATION}
  }`;

export interface NewMessageCypher {
  /** Bound Users. */
  sender: string;
  recipient: string;
  /** Cypher expressions. */
  body: string;
  createdAt: string;
  /** `null` for a message the recipient has yet to read; it then counts as unread for them. */
  readAt: string;
  clientMessageId: string;
}

/**
 * Appends a message to `conversation` (bound and locked by OPEN_CONVERSATION): the next
 * number of its sequence, and the counts that go with it — unread for the recipient, on
 * this conversation and in their total, unless it is born read — and both people's lists
 * move it to the top. Binds `message`.
 */
export const APPEND_MESSAGE = (m: NewMessageCypher) => `
  SET conversation.lastSeq = conversation.lastSeq + 1
  CREATE (message:Message {id: randomUUID(), conversationId: conversation.id, seq: conversation.lastSeq,
                           fromId: ${m.sender}.id, toId: ${m.recipient}.id, body: ${m.body},
                           createdAt: ${m.createdAt}, readAt: ${m.readAt}, clientMessageId: ${m.clientMessageId}})
  WITH *
  MATCH (${m.sender})-[sent:IN_CONVERSATION]->(conversation)<-[received:IN_CONVERSATION]-(${m.recipient})
  WITH *, CASE WHEN message.readAt IS NULL THEN 1 ELSE 0 END AS unread
  SET sent.lastMessageAt = message.createdAt, received.lastMessageAt = message.createdAt,
      received.unread = received.unread + unread,
      ${m.recipient}.unreadMessages = coalesce(${m.recipient}.unreadMessages, 0) + unread`;

/**
 * Deletes every conversation of `person` with all its messages, the other person's too (a
 * conversation belongs to the pair; its other side would name nobody), taking what was
 * unread there off the other person's total. Expects bound: `person`. Leaves it bound.
 */
export const DELETE_CONVERSATIONS_OF = (person: string) => `
  CALL (${person}) {
    MATCH (${person})-[:IN_CONVERSATION]->(conversation:Conversation)<-[theirs:IN_CONVERSATION]-(other:User)
    ${LOCK_CONVERSATION}
    SET other.unreadMessages = other.unreadMessages - theirs.unread
    WITH conversation
    CALL (conversation) { MATCH (message:Message {conversationId: conversation.id}) DELETE message }
    DETACH DELETE conversation
  }`;
