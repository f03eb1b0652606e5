import 'reflect-metadata';
import { createPubSub as createYogaPubSub } from '@graphql-yoga/subscription';
import type { GraphQLSchema } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { AccountsResolver } from '../auth/accounts.resolver.js';
import { AuthResolver } from '../auth/auth.resolver.js';
import { SessionsResolver } from '../auth/sessions.resolver.js';
import { BlocksResolver } from '../blocks/blocks.resolver.js';
import { CircleActivityFieldsResolver, CircleActivityResolver, MemberActivityFieldsResolver, ReactionsChangedFieldsResolver } from '../circles/activity.resolver.js';
import { CircleMemberFieldsResolver, CirclesResolver, UserCirclesResolver } from '../circles/circles.resolver.js';
import { CommentsResolver, PostCommentsResolver } from '../comments/comments.resolver.js';
import { CircleInvitationsResolver, InvitationsResolver, UserInvitationsResolver } from '../circles/invitations.resolver.js';
import { ModerationResolver } from '../circles/moderation.resolver.js';
import { ConnectionsResolver, UserConnectionStatusResolver } from '../connections/connections.resolver.js';
import { ConversationsResolver, MessageFieldsResolver, UserUnreadMessagesResolver } from '../conversations/conversations.resolver.js';
import { CreditResolver, UserCreditResolver } from '../credit/credit.resolver.js';
import { InterestFieldsResolver, InterestsResolver, UserInterestsResolver } from '../interests/interests.resolver.js';
import type { LivePubSub } from '../live/events.js';
import { CircleModerationResolver, ModerationLogEntryFieldsResolver, ReportFieldsResolver, ReportsResolver } from '../moderation/reports.resolver.js';
import { MarkNotificationsReadPayloadResolver, NotificationsResolver, UserNotificationsResolver } from '../notifications/notifications.resolver.js';
import { CirclePostsResolver, PostsResolver } from '../posts/posts.resolver.js';
import { RecommendationsResolver, UserIcebreakerResolver } from '../recommendations/recommendations.resolver.js';
import { SearchResolver } from '../search/search.resolver.js';
import { TrustResolver, UserTrustResolver } from '../trust/trust.resolver.js';
import { UsersResolver } from '../users/users.resolver.js';
import { authChecker } from './auth-checker.js';
import { NodeResolver } from './node.resolver.js';

/**
 * Every resolver class, feature by feature.
 *
 * Object types declare `simpleResolvers: true`: their plain fields use graphql-js's
 * default resolver instead of type-graphql's middleware pipeline (we use no field
 * middleware), which is most of the execution cost of a page of 20 posts.
 */
export const RESOLVERS: NonEmptyArray<Function> = [
  AuthResolver,
  SessionsResolver,
  UsersResolver,
  AccountsResolver,
  UserCreditResolver,
  CreditResolver,
  InterestsResolver,
  InterestFieldsResolver,
  UserInterestsResolver,
  CirclesResolver,
  CircleMemberFieldsResolver,
  UserCirclesResolver,
  ModerationResolver,
  InvitationsResolver,
  UserInvitationsResolver,
  CircleInvitationsResolver,
  ReportsResolver,
  CircleModerationResolver,
  ReportFieldsResolver,
  ModerationLogEntryFieldsResolver,
  PostsResolver,
  CirclePostsResolver,
  CommentsResolver,
  PostCommentsResolver,
  CircleActivityResolver,
  CircleActivityFieldsResolver,
  MemberActivityFieldsResolver,
  ReactionsChangedFieldsResolver,
  BlocksResolver,
  ConnectionsResolver,
  UserConnectionStatusResolver,
  ConversationsResolver,
  MessageFieldsResolver,
  UserUnreadMessagesResolver,
  TrustResolver,
  UserTrustResolver,
  RecommendationsResolver,
  UserIcebreakerResolver,
  NotificationsResolver,
  MarkNotificationsReadPayloadResolver,
  UserNotificationsResolver,
  SearchResolver,
  NodeResolver,
];

/**
 * Subscriptions read events from `context.app.pubSub`; type-graphql still wants a pubSub
 * at build time, so the server passes its own (schema:emit passes none).
 */
export function buildQuanziSchema(pubSub: LivePubSub = createYogaPubSub()): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: RESOLVERS,
    authChecker,
    pubSub,
    // Dates travel as ISO-8601 strings (graphql-scalars' DateTime).
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    validate: false,
  });
}
