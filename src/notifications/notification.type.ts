import { ArgsType, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { CircleRole } from '../circles/circle.type.js';
import { NotificationKind } from '../graph/notification-kinds.js';
import { ReportAction } from '../graph/report-subjects.js';
import { ConnectionType, TwoWayPageArgs } from '../graphql/pagination.js';
import { NEW_ACCOUNT_DAYS, NotificationPolicyAction } from '../privacy/notification-policy.js';
import { Post } from '../posts/post.type.js';
import { Node } from '../graphql/node.js';

const KIND_DESCRIPTIONS: Record<NotificationKind, string> = {
  CONNECTION_REQUEST_RECEIVED: '`actor` asks to connect; `message` is their icebreaker.',
  CONNECTION_REQUEST_ACCEPTED: '`actor` accepted your connection request.',
  COMMENT_ON_POST: '`actor` commented on your `post`.',
  REPLY_TO_COMMENT: '`actor` replied to your comment on `post`.',
  MENTION: '`actor` mentioned you in `post`, or in a comment on it.',
  REACTIONS_TO_POST: '`actor` and `otherActorCount` others reacted to your `post`: one notification per post, moved to the top by each new reaction.',
  CIRCLE_INVITATION: '`actor` invites you to `circle`.',
  POST_REMOVED: "The moderators of `circle` removed your post (`postExcerpt` is how it began), with their `reason` if they gave one.",
  COMMENT_REMOVED: 'The moderators of `circle` removed your comment on `post` (`postExcerpt` is how the comment began), with their `reason` if they gave one.',
  BANNED_FROM_CIRCLE: 'The moderators of `circle` removed you from it and keep you out, with their `reason` if they gave one.',
  ROLE_CHANGED: 'Your role in `circle` is now `role`.',
  REPORT_RESOLVED: 'A report you made was resolved with `reportAction` (in `circle`, for content there), with the moderator\'s `reason` if they gave one.',
  CREDIT_SCORE_RECORDED: 'A credit bureau recorded `creditScore` for you (see `me { creditHistory }`).',
  REAL_NAME_VERIFIED: 'An identity verifier confirmed your real name.',
};

registerEnumType(NotificationKind, {
  name: 'NotificationKind',
  description: 'What a notification is about. Kinds caused by a person have an `actor`; moderation (acting for the circle) and services have none.',
  valuesConfig: Object.fromEntries(
    Object.values(NotificationKind).map((kind) => [
      kind,
      { description: KIND_DESCRIPTIONS[kind] },
    ]),
  ),
});

registerEnumType(NotificationPolicyAction, {
  name: 'NotificationPolicyAction',
  description: 'What becomes of a notification from a class of sender.',
  valuesConfig: {
    SHOW: { description: 'In your notifications, counted as unread.' },
    FILTER: { description: 'In the separate filtered list (`notifications(filtered: true)`), counted in `unreadFilteredNotificationCount`, not `unreadNotificationCount`.' },
    DROP: { description: 'Not stored at all (what caused it still happens: a request is still a request).' },
  },
});

@ObjectType({ simpleResolvers: true, implements: Node, description: 'Something that happened to you, kept so you see it when you come back.' })
export class Notification {
  @Field(() => ID)
  id!: string;

  @Field(() => NotificationKind)
  kind!: NotificationKind;

  @Field(() => Date, { description: 'When it first happened.' })
  createdAt!: Date;

  @Field(() => Date, { description: 'Its latest activity (a new actor of an aggregate kind); lists are in this order, newest first.' })
  updatedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When you marked it read; null while unread.' })
  readAt!: Date | null;

  @Field(() => Boolean, { description: 'In the filtered list: your notification policy filtered its actor.' })
  filtered!: boolean;

  @Field(() => Int, { description: 'For aggregate kinds, how many besides `actor` ("Li Na and 4 others"); otherwise 0.' })
  otherActorCount!: number;

  @Field(() => String, { nullable: true, description: 'POST_REMOVED and COMMENT_REMOVED: the start of the removed post or comment.' })
  postExcerpt!: string | null;

  @Field(() => String, { nullable: true, description: 'Moderation kinds: the reason the moderator gave, if any.' })
  reason!: string | null;

  @Field(() => CircleRole, { nullable: true, description: 'ROLE_CHANGED: your new role.' })
  role!: CircleRole | null;

  @Field(() => Int, { nullable: true, description: 'CREDIT_SCORE_RECORDED: the score recorded.' })
  creditScore!: number | null;

  @Field(() => String, { nullable: true, description: "CONNECTION_REQUEST_RECEIVED: the request's icebreaker." })
  message!: string | null;

  @Field(() => ReportAction, { nullable: true, description: 'REPORT_RESOLVED: what was done about your report.' })
  reportAction!: ReportAction | null;

  @Field(() => Post, { nullable: true, description: 'The post it is about, while it exists and you may read it.' })
  post!: Post | null;

  // `actor` and `circle` are resolved from these ids (a page brings their records along).
  actorId!: string | null;
  circleId!: string | null;
}

export const NotificationConnection = ConnectionType(
  'Notification',
  Notification,
  'All the notifications of the list asked for (main or filtered, all or unread only): a count kept on you by every write that adds or removes one, none read to count them. Blocks take notifications away, so nothing hidden is counted.',
);

@ObjectType({ simpleResolvers: true, description: 'What each class of sender may cause to reach you. The strictest choice that applies wins; your connections are never filtered, and blocked people cause nothing.' })
export class NotificationPolicy {
  @Field(() => NotificationPolicyAction, { description: 'People you are not connected with. Default SHOW.' })
  strangers!: NotificationPolicyAction;

  @Field(() => NotificationPolicyAction, { description: 'People whose real name is not verified. Default SHOW.' })
  unverified!: NotificationPolicyAction;

  @Field(() => NotificationPolicyAction, { description: `Accounts younger than ${NEW_ACCOUNT_DAYS} days. Default FILTER.` })
  newAccounts!: NotificationPolicyAction;
}

@ArgsType()
export class NotificationsArgs extends TwoWayPageArgs {
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Only those not yet read.' })
  unreadOnly!: boolean;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'The filtered list (senders your notification policy filters) instead of the main one.' })
  filtered!: boolean;
}
