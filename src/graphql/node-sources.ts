/**
 * Every type `node(id:)` refetches, one line each: a feature with a new type that has an
 * identity exports a NodeSource (src/graphql/node.ts) beside it and adds it here.
 */
import { sessionNodes } from '../auth/sessions.node.js';
import { circleNodes } from '../circles/circles.node.js';
import { commentNodes } from '../comments/comments.node.js';
import { connectionRequestNodes } from '../connections/connections.node.js';
import { conversationNodes, messageNodes } from '../conversations/conversations.node.js';
import { interestNodes } from '../interests/interests.node.js';
import { moderationLogEntryNodes, reportNodes } from '../moderation/reports.node.js';
import { notificationNodes } from '../notifications/notifications.node.js';
import { postNodes } from '../posts/posts.node.js';
import { userNodes } from '../users/users.node.js';
import type { NodeSource } from './node-source.js';

export const NODE_SOURCES: readonly NodeSource[] = [
  userNodes,
  circleNodes,
  postNodes,
  commentNodes,
  interestNodes,
  connectionRequestNodes,
  conversationNodes,
  messageNodes,
  notificationNodes,
  sessionNodes,
  reportNodes,
  moderationLogEntryNodes,
];
