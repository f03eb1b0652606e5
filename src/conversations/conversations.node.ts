import type { NodeSource } from '../graphql/node-source.js';
import { viewerId } from '../graphql/viewer.js';
import { primeFromConversations } from './conversations.loaders.js';
import { conversationsByIds, messagesByIds } from './conversations.repository.js';

/** Your conversations, as `conversation(withHandle:)` shows them: none across a block. */
export const conversationNodes: NodeSource = {
  type: 'Conversation',
  ids: { label: 'Conversation' },
  async load(ctx, ids) {
    const conversations = await conversationsByIds(ctx.db, viewerId(ctx), ids);
    primeFromConversations(ctx.loaders, conversations);
    return conversations;
  },
};

/** Messages from or to you, in a conversation you may see. */
export const messageNodes: NodeSource = {
  type: 'Message',
  ids: { label: 'Message' },
  load: (ctx, ids) => messagesByIds(ctx.db, viewerId(ctx), ids),
};
