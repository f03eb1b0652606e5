/**
 * Who may cause a notification to reach a person (PRODUCT.md, "Consent before contact": a
 * person decides which notifications strangers can cause). Mastodon's model: for each class
 * of sender the person chooses to show, filter (into a separate list, outside the unread
 * count) or drop (never stored; what caused it still happens).
 *
 * The classes overlap (a stranger may also be unverified and new): the strictest choice that
 * applies wins. Connections are never filtered: they are people the person accepted, or
 * who accepted them. Blocked people, either way round, cause nothing.
 */

export enum NotificationPolicyAction {
  SHOW = 'SHOW',
  FILTER = 'FILTER',
  DROP = 'DROP',
}

/** What a person chose for each class of sender. */
export interface NotificationPolicy {
  /** People they are not connected with. */
  strangers: NotificationPolicyAction;
  /** People whose real name no identity verifier has confirmed. */
  unverified: NotificationPolicyAction;
  /** Accounts younger than NEW_ACCOUNT_DAYS. */
  newAccounts: NotificationPolicyAction;
}

export const NEW_ACCOUNT_DAYS = 7;

/**
 * The defaults, and why. Strangers SHOW: meeting people who share one's interests is what
 * Quanzi is for, and strangers already reach a person only through rate-limited connection
 * requests; filtering them would hide the very requests the product exists for. Unverified
 * SHOW: verification comes from an outside service and lags behind sign-up, so many genuine
 * people are unverified for a while, and the actor's `verified` is on the notification for
 * the person to judge. New accounts FILTER: throwaway accounts are the usual tool of
 * harassment (Mastodon filters them by default too); filtered, not dropped, so nothing is
 * lost, and they do not light up the unread count.
 */
export const DEFAULT_NOTIFICATION_POLICY: Readonly<NotificationPolicy> = {
  strangers: NotificationPolicyAction.SHOW,
  unverified: NotificationPolicyAction.SHOW,
  newAccounts: NotificationPolicyAction.FILTER,
};

/** A stored policy (null where the person never chose) with the defaults filled in. */
export function policyOrDefault(stored: { [K in keyof NotificationPolicy]?: NotificationPolicyAction | null } | null | undefined): NotificationPolicy {
  return {
    strangers: stored?.strangers ?? DEFAULT_NOTIFICATION_POLICY.strangers,
    unverified: stored?.unverified ?? DEFAULT_NOTIFICATION_POLICY.unverified,
    newAccounts: stored?.newAccounts ?? DEFAULT_NOTIFICATION_POLICY.newAccounts,
  };
}

/** The person who caused a notification, as they stand to its recipient when it is made. */
export interface Sender {
  connected: boolean;
  /** A block between the two, in either direction. */
  blocked: boolean;
  verified: boolean;
  /** When their account was created. */
  createdAt: Date;
}

const STRICTNESS: Record<NotificationPolicyAction, number> = { SHOW: 0, FILTER: 1, DROP: 2 };

const DAY_MS = 86_400_000;

/** What becomes of a notification `sender` causes to a person with `policy`; `now` in epoch milliseconds. */
export function policyVerdict(policy: NotificationPolicy, sender: Sender, now: number): NotificationPolicyAction {
  if (sender.blocked) return NotificationPolicyAction.DROP;
  if (sender.connected) return NotificationPolicyAction.SHOW;
  const applying = [policy.strangers];
  if (!sender.verified) applying.push(policy.unverified);
  if (now - sender.createdAt.getTime() < NEW_ACCOUNT_DAYS * DAY_MS) applying.push(policy.newAccounts);
  return applying.reduce((strictest, action) => (STRICTNESS[action] > STRICTNESS[strictest] ? action : strictest));
}
