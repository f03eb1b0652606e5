/**
 * The catalogue of live events: every topic, what its payloads hold, and whom each event
 * is about (so the hub can keep blocked people apart). Payloads are plain JSON (times as
 * ISO strings) because they cross Redis unchanged.
 */
import type { createPubSub } from '@graphql-yoga/subscription';
import type { CommentRow } from '../graph/comments.js';
import type { NotificationKind } from '../graph/notification-kinds.js';

/** Every topic. Each is published per id: a circle's id, or a person's id. */
export enum Topic {
  /** Things that happen in a circle: posts added, edited, deleted; members joined, left. */
  CircleActivity = 'circle-activity',
  /** Things for one person's live sessions: messages and notifications (connection requests among them) to them. */
  UserEvents = 'user-events',
  /** Every block and unblock, so live subscriptions stop (or resume) showing people at once. */
  BlockChanges = 'block-changes',
  /** Accounts closed (suspended, deleted) or reopened: every instance refuses their tokens at once. */
  AccountChanges = 'account-changes',
  /** Sessions ended (log-out, password change, refresh-token reuse): their tokens are refused at once. */
  SessionsEnded = 'sessions-ended',
}

export interface PostSnapshot {
  id: string;
  body: string;
  authorId: string;
  circleId: string;
  mentionIds: string[];
  createdAt: string;
  editedAt: string | null;
}

export type MembershipEventKind = 'MEMBER_JOINED' | 'MEMBER_LEFT' | 'MEMBER_BANNED';

/** A comment as it now stands: everything `Comment` shows (a removed one without body), so delivering it costs no query; moments as ISO text, to cross Redis. */
export type CommentSnapshot = Omit<CommentRow, 'createdAt' | 'editedAt'> & { createdAt: string; editedAt: string | null };

export type CommentEventKind = 'COMMENT_ADDED' | 'COMMENT_EDITED' | 'COMMENT_REMOVED';

/** A circle event as announced; it is published as a CircleEvent, with its number in the circle's log. */
export type CircleEventBody =
  | { kind: 'POST_ADDED' | 'POST_EDITED'; circleId: string; at: string; actorId: string; post: PostSnapshot }
  | { kind: 'POST_DELETED'; circleId: string; at: string; actorId: string; postId: string; authorId: string }
  | { kind: MembershipEventKind; circleId: string; at: string; actorId: string; userId: string }
  | { kind: CommentEventKind; circleId: string; at: string; actorId: string; comment: CommentSnapshot; postAuthorId: string }
  /** Reactions to a post changed: coalesced, at most one a second per post; `actorIds` reacted or took theirs back since the last. */
  | { kind: 'REACTIONS_CHANGED'; circleId: string; at: string; actorId: string; postId: string; postAuthorId: string; actorIds: string[] };

/** A circle event as published and replayed: with its place in the circle's log (src/graph/circle-log.ts). */
export type CircleEvent = CircleEventBody & { seq: number; entryId: string };

export type CircleEventKind = CircleEventBody['kind'];

/** A message as it was sent: everything `Message` shows, so delivering it costs no query. */
export interface MessageSnapshot {
  id: string;
  body: string;
  seq: number;
  fromId: string;
  toId: string;
  conversationId: string;
  createdAt: string;
  readAt: string | null;
}

/**
 * Events for one person, published under their id. A notification travels as its id (its
 * subscribers read it as stored, with the post they may read), its kind (so streams of one
 * kind, such as connection requests, pass the others by unread) and its actor (for blocks).
 */
export type PersonEvent =
  | { kind: 'MESSAGE'; message: MessageSnapshot }
  | { kind: 'NOTIFICATION'; recipientId: string; notificationId: string; notificationKind: NotificationKind; actorId: string | null };

export type PersonEventKind = PersonEvent['kind'];

export interface AccountChange {
  userId: string;
  /** True when the account was suspended or deleted; false when reinstated. */
  closed: boolean;
}

export interface SessionsEnded {
  userId: string;
  sessionIds: string[];
}

export interface BlockChange {
  blockerId: string;
  blockedId: string;
  /** True for a new block, false for a lifted one. */
  blocked: boolean;
}

export type Channels = {
  [Topic.CircleActivity]: [circleId: string, event: CircleEvent];
  [Topic.UserEvents]: [userId: string, event: PersonEvent];
  [Topic.BlockChanges]: [change: BlockChange];
  [Topic.AccountChanges]: [change: AccountChange];
  [Topic.SessionsEnded]: [ended: SessionsEnded];
};

export type LivePubSub = ReturnType<typeof createPubSub<Channels>>;

/** Events a watcher's stream carries: a circle's activity, or one person's own events. */
export type WatchedEvent = CircleEvent | PersonEvent;

/**
 * People an event is about: if any is hidden from a watcher by a block, the watcher does not
 * get it. (A reactions update is about its post's author; who reacted is `reactorsOf`.)
 */
export function peopleIn(event: WatchedEvent): string[] {
  switch (event.kind) {
    case 'POST_ADDED':
    case 'POST_EDITED':
      return [event.actorId, event.post.authorId];
    case 'POST_DELETED':
      return [event.actorId, event.authorId];
    case 'COMMENT_ADDED':
    case 'COMMENT_EDITED':
    case 'COMMENT_REMOVED':
      return [event.actorId, event.comment.authorId, event.comment.threadAuthorId, event.postAuthorId];
    case 'REACTIONS_CHANGED':
      return [event.postAuthorId];
    case 'MESSAGE':
      return [event.message.fromId];
    case 'NOTIFICATION':
      return event.actorId ? [event.actorId] : [];
    default:
      return [event.actorId, event.userId];
  }
}

/**
 * For a coalesced reactions update: a watcher gets it only if someone not hidden from them
 * took part, so a blocked person's reaction alone moves nothing they see (their counts
 * leave it out, see src/comments/reactions.rules.ts).
 */
export function reactorsOf(event: WatchedEvent): string[] | null {
  return event.kind === 'REACTIONS_CHANGED' ? event.actorIds : null;
}

/** Whether `event` may reach a watcher from whom `hidden` people are hidden by blocks (the hub and a replay both ask). */
export function visibleDespiteBlocks(event: WatchedEvent, hidden: ReadonlySet<string> | undefined): boolean {
  if (peopleIn(event).some((id) => hidden?.has(id))) return false;
  const reactors = reactorsOf(event);
  return !reactors || reactors.some((id) => !hidden?.has(id));
}

const LEAVING: ReadonlySet<WatchedEvent['kind']> = new Set(['MEMBER_LEFT', 'MEMBER_BANNED']);

/** Whether the event ends this viewer's watch: they left the circle or were banned from it. */
export function endsWatchOf(event: WatchedEvent, viewerId: string): boolean {
  return LEAVING.has(event.kind) && 'userId' in event && event.userId === viewerId;
}
