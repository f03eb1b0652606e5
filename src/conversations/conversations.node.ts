import { foundValues, type NodeSource } from '../graphql/node-source.js';
import { viewerId } from '../graphql/viewer.js';
import { messagesByIds } from './conversations.repository.js';

/** Your conversations, as `conversation(withHandle:)` shows them: none across a block. */
export const conversationNodes: NodeSource = {
  type: 'Conversation',
  ids: { label: 'Conversation' },
  load: async (ctx, ids) => foundValues(await ctx.loaders.conversations.byId.loadMany(ids)),
};

/** Messages from or to you, in a conversation you may see. */
export const messageNodes: NodeSource = {
  type: 'Message',
  ids: { label: 'Message' },
  load: (ctx, ids) => messagesByIds(ctx.db, viewerId(ctx), ids),
};
