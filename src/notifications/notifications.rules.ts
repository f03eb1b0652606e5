/**
 * Reading and keeping one's notifications: which notification `upTo` names, and how a policy
 * change is stored. Same shape as every rule: pure, null when allowed, otherwise the
 * AppError to throw. Who may cause what (the policy itself) is src/privacy/notification-policy.ts;
 * what a batch of events writes, and aggregation, is src/graph/notification-plan.ts.
 */
import { notFound, type AppError } from '../errors.js';
import type { NotificationPolicy, NotificationPolicyAction } from '../privacy/notification-policy.js';

/**
 * markNotificationsRead needs the person (`accountExists`) and, when `upTo` is given, one of
 * their own notifications with that id (`foundId`). Another person's id gets the same answer
 * as an id nobody has.
 */
export function markReadRefusal(accountExists: boolean, upTo: string | null, foundId: string | null): AppError | null {
  if (!accountExists) return notFound('Your account no longer exists.');
  if (upTo !== null && foundId === null) {
    return notFound(`You have no notification with the id "${upTo}" (it may have been pruned after it was read); send no upTo to mark them all read.`);
  }
  return null;
}

/** The stored properties of each policy choice (User.notify…). */
const STORED: Record<keyof NotificationPolicy, string> = {
  strangers: 'notifyStrangers',
  unverified: 'notifyUnverified',
  newAccounts: 'notifyNewAccounts',
};

export type PolicyPatch = { [K in keyof NotificationPolicy]?: NotificationPolicyAction | null };
export type PolicyChanges = Record<string, NotificationPolicyAction | null>;

/** Only the choices sent change: absent (undefined) leaves one alone, null goes back to the default. */
export function policyChanges(patch: PolicyPatch): PolicyChanges {
  return Object.fromEntries(
    (Object.keys(STORED) as Array<keyof NotificationPolicy>).filter((key) => patch[key] !== undefined).map((key) => [STORED[key], patch[key] ?? null]),
  );
}

/** The four counts a person keeps of their notifications (src/graph/notifications.ts). */
export interface NotificationCounts {
  unread: number;
  unreadFiltered: number;
  total: number;
  totalFiltered: number;
}

/** A list's `totalCount`: the kept count of the list asked for (main or filtered, all or unread only). */
export function notificationListCount(counts: NotificationCounts, list: { filtered: boolean; unreadOnly: boolean }): number {
  if (list.unreadOnly) return list.filtered ? counts.unreadFiltered : counts.unread;
  return list.filtered ? counts.totalFiltered : counts.total;
}
