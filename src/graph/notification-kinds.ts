/**
 * What notifications there are, who causes each, and which gather many actors into one.
 * Plain data: the notify function (notifications.ts), its plan (notification-plan.ts) and
 * the GraphQL enum all read it.
 */

export enum NotificationKind {
  CONNECTION_REQUEST_RECEIVED = 'CONNECTION_REQUEST_RECEIVED',
  CONNECTION_REQUEST_ACCEPTED = 'CONNECTION_REQUEST_ACCEPTED',
  COMMENT_ON_POST = 'COMMENT_ON_POST',
  REPLY_TO_COMMENT = 'REPLY_TO_COMMENT',
  MENTION = 'MENTION',
  REACTIONS_TO_POST = 'REACTIONS_TO_POST',
  CIRCLE_INVITATION = 'CIRCLE_INVITATION',
  POST_REMOVED = 'POST_REMOVED',
  COMMENT_REMOVED = 'COMMENT_REMOVED',
  BANNED_FROM_CIRCLE = 'BANNED_FROM_CIRCLE',
  ROLE_CHANGED = 'ROLE_CHANGED',
  REPORT_RESOLVED = 'REPORT_RESOLVED',
  CREDIT_SCORE_RECORDED = 'CREDIT_SCORE_RECORDED',
  REAL_NAME_VERIFIED = 'REAL_NAME_VERIFIED',
}

/**
 * Who causes a kind. PERSON: someone acting towards the recipient; they are its `actor`, the
 * recipient's notification policy and blocks apply. CIRCLE: a circle's moderators, acting for
 * the circle; no moderator is named (a member should not learn whom to retaliate against, and
 * a block must neither shield anyone from moderation nor reveal the blocker), and the policy
 * does not apply: it is about the recipient's own standing. SERVICE: a trusted service (credit
 * bureau, identity verifier); no actor, never filtered.
 */
export type NotificationSource = 'PERSON' | 'CIRCLE' | 'SERVICE';

export interface KindTraits {
  source: NotificationSource;
  /**
   * One notification per post (per list) gathers every actor: "Li Na and 4 others reacted".
   * Each new actor moves it to the top and makes it unread again.
   */
  aggregates: boolean;
}

export const KIND_TRAITS: Record<NotificationKind, KindTraits> = {
  CONNECTION_REQUEST_RECEIVED: { source: 'PERSON', aggregates: false },
  CONNECTION_REQUEST_ACCEPTED: { source: 'PERSON', aggregates: false },
  COMMENT_ON_POST: { source: 'PERSON', aggregates: false },
  REPLY_TO_COMMENT: { source: 'PERSON', aggregates: false },
  MENTION: { source: 'PERSON', aggregates: false },
  REACTIONS_TO_POST: { source: 'PERSON', aggregates: true },
  CIRCLE_INVITATION: { source: 'PERSON', aggregates: false },
  POST_REMOVED: { source: 'CIRCLE', aggregates: false },
  COMMENT_REMOVED: { source: 'CIRCLE', aggregates: false },
  BANNED_FROM_CIRCLE: { source: 'CIRCLE', aggregates: false },
  ROLE_CHANGED: { source: 'CIRCLE', aggregates: false },
  REPORT_RESOLVED: { source: 'CIRCLE', aggregates: false },
  CREDIT_SCORE_RECORDED: { source: 'SERVICE', aggregates: false },
  REAL_NAME_VERIFIED: { source: 'SERVICE', aggregates: false },
};
