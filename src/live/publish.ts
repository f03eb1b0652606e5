/**
 * Announcing events, after the change they describe has committed. Features call these
 * rather than the pub/sub itself, so every payload has the catalogue's shape.
 */
import type { Db } from '../db/database.js';
import { appendCircleLog } from '../graph/circle-log.js';
import type { AddedNotification } from '../graph/notifications.js';
import type { Logger } from '../logger.js';
import { Topic, type BlockChange, type CircleEventBody, type LivePubSub, type MembershipEventKind, type PersonEvent } from './events.js';

/** What announcing a circle event needs: where its log is, where it is published, where a failure is told. */
export interface CircleAnnouncing {
  db: Db;
  pubSub: LivePubSub;
  log: Logger;
}

/**
 * The one way a circle event goes out: stored in the circle's log (its number taken under
 * the circle's lock, so every reader sees one order), then published carrying that number,
 * which `circleActivity(after:)` resumes from. One write statement per event. The change it
 * describes has committed already, so a failure here is logged, not thrown: the event is
 * then neither stored nor sent (a resuming client and a live one see the same).
 */
export async function announceCircleEvent(live: CircleAnnouncing, event: CircleEventBody): Promise<void> {
  try {
    const place = await appendCircleLog(live.db, event.circleId, event.at, JSON.stringify(event));
    if (place) live.pubSub.publish(Topic.CircleActivity, event.circleId, { ...event, ...place });
  } catch (error) {
    live.log.warn({ err: error, circleId: event.circleId, kind: event.kind }, 'could not log a circle event; it was not announced');
  }
}

/** Leaving and bans also end the member's own watch of the circle (see LiveHub). */
export function announceMembership(live: CircleAnnouncing, kind: MembershipEventKind, circleId: string, userId: string, actorId: string): Promise<void> {
  return announceCircleEvent(live, { kind, circleId, userId, actorId, at: new Date().toISOString() });
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
