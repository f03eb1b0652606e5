import type { Principal } from '../auth/roles.js';
import type { Db } from '../db/database.js';
import type { TwoWayPageRequest } from '../graph/cursors.js';
import { keyedLoader, pagedLoader } from '../graphql/loader-shapes.js';
import type { UserLoaders } from '../users/users.loaders.js';
import { conversationsByIds, messagesOf, unreadTotals, type ConversationWithPerson } from './conversations.repository.js';

/**
 * Both people come with pages of conversations: Conversation.with, and the `from` and `to`
 * of their messages (each is one of the two), then need no query.
 */
export function primeFromConversations(loaders: { users: UserLoaders }, conversations: ConversationWithPerson[]): void {
  for (const conversation of conversations) {
    loaders.users.byId.prime(conversation.with.id, conversation.with);
    loaders.users.byId.prime(conversation.me.id, conversation.me);
  }
}

export function createConversationLoaders(db: Db, viewer: Principal | null, users: UserLoaders) {
  const viewerId = viewer?.kind === 'user' ? viewer.id : '';
  return {
    /** Your conversations by id (none across a block), with both people primed. */
    byId: keyedLoader(async (ids: readonly string[]) => {
      const conversations = await conversationsByIds(db, viewerId, ids);
      primeFromConversations({ users }, conversations);
      return conversations;
    }, (conversation: ConversationWithPerson) => conversation.id),
    /** A page of each conversation's messages, from one query per distinct page asked for. */
    messages: pagedLoader((conversationIds: string[], page: TwoWayPageRequest) => messagesOf(db, viewerId, conversationIds, page)),
    /** Unread messages in total, by person (asked for the viewer alone: the field is theirs). */
    unreadTotal: keyedLoader((ids: readonly string[]) => unreadTotals(db, ids), (row: { id: string }) => row.id),
  };
}
