/**
 * Announcing events, after the change they describe has committed. Features call these
 * rather than the pub/sub itself, so every payload has the catalogue's shape.
 */
import type { AddedNotification } from '../graph/notifications.js';
import { Topic, type BlockChange, type CircleEvent, type LivePubSub, type MembershipEventKind, type PersonEvent } from './events.js';

export function announceCircleEvent(pubSub: LivePubSub, event: CircleEvent): void {
  pubSub.publish(Topic.CircleActivity, event.circleId, event);
}

/** Leaving and bans also end the member's own watch of the circle (see LiveHub). */
export function announceMembership(pubSub: LivePubSub, kind: MembershipEventKind, circleId: string, userId: string, actorId: string): void {
  announceCircleEvent(pubSub, { kind, circleId, userId, actorId, at: new Date().toISOString() });
}

export function announceToPerson(pubSub: LivePubSub, userId: string, event: PersonEvent): void {
  pubSub.publish(Topic.UserEvents, userId, event);
}

/** Every instance's hub updates who is hidden from whom at once. */
export function announceBlock(pubSub: LivePubSub, change: BlockChange): void {
  pubSub.publish(Topic.BlockChanges, change);
}

/**
 * Notifications a write made (or moved to the top), once it has committed: to each
 * recipient's `notificationAdded`, on every instance. Filtered ones stay quiet: the policy
 * put them in the list a person reads when they choose, so they are not pushed (dropped
 * ones were never stored).
 */
export function announceNotifications(pubSub: LivePubSub, added: readonly AddedNotification[]): void {
  for (const { id, recipientId, kind, actorId, filtered } of added) {
    if (!filtered) announceToPerson(pubSub, recipientId, { kind: 'NOTIFICATION', recipientId, notificationId: id, notificationKind: kind, actorId });
  }
}
