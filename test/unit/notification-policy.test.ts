import { describe, expect, it } from 'vitest';
import {
  DEFAULT_NOTIFICATION_POLICY,
  NEW_ACCOUNT_DAYS,
  NotificationPolicyAction,
  policyOrDefault,
  policyVerdict,
  type NotificationPolicy,
  type Sender,
} from '../../src/privacy/notification-policy.js';

const { SHOW, FILTER, DROP } = NotificationPolicyAction;
const NOW = Date.UTC(2026, 5, 1);
const DAY = 86_400_000;

/** A sender: a verified stranger whose account is a year old, unless told otherwise. */
const sender = (overrides: Partial<Sender> = {}): Sender => ({
  connected: false,
  blocked: false,
  verified: true,
  createdAt: new Date(NOW - 365 * DAY),
  ...overrides,
});
const policy = (strangers: NotificationPolicyAction, unverified: NotificationPolicyAction, newAccounts: NotificationPolicyAction): NotificationPolicy => ({
  strangers,
  unverified,
  newAccounts,
});

describe('policyVerdict', () => {
  it.each([
    ['a verified, established stranger, strangers SHOW', policy(SHOW, DROP, DROP), sender(), SHOW],
    ['a verified, established stranger, strangers FILTER', policy(FILTER, SHOW, SHOW), sender(), FILTER],
    ['a verified, established stranger, strangers DROP', policy(DROP, SHOW, SHOW), sender(), DROP],
    ['an unverified stranger, unverified FILTER', policy(SHOW, FILTER, SHOW), sender({ verified: false }), FILTER],
    ['an unverified stranger, unverified DROP', policy(SHOW, DROP, SHOW), sender({ verified: false }), DROP],
    ['a new stranger, new accounts FILTER', policy(SHOW, SHOW, FILTER), sender({ createdAt: new Date(NOW - DAY) }), FILTER],
    ['a new stranger, new accounts DROP', policy(SHOW, SHOW, DROP), sender({ createdAt: new Date(NOW - DAY) }), DROP],
    ['an account a moment short of a week is new', policy(SHOW, SHOW, DROP), sender({ createdAt: new Date(NOW - NEW_ACCOUNT_DAYS * DAY + 1) }), DROP],
    ['an account exactly a week old is not', policy(SHOW, SHOW, DROP), sender({ createdAt: new Date(NOW - NEW_ACCOUNT_DAYS * DAY) }), SHOW],
    ['classes overlap: the strictest wins (FILTER over SHOW)', policy(SHOW, FILTER, SHOW), sender({ verified: false, createdAt: new Date(NOW - DAY) }), FILTER],
    ['classes overlap: the strictest wins (DROP over FILTER)', policy(FILTER, SHOW, DROP), sender({ createdAt: new Date(NOW - DAY) }), DROP],
    ['a connection is never filtered, however new or unverified', policy(DROP, DROP, DROP), sender({ connected: true, verified: false, createdAt: new Date(NOW) }), SHOW],
    ['a block, either way round, causes nothing, even from a connection', policy(SHOW, SHOW, SHOW), sender({ blocked: true, connected: true }), DROP],
  ])('%s', (_, chosen, who, expected) => {
    expect(policyVerdict(chosen, who, NOW)).toBe(expected);
  });

  it('by default shows strangers and unverified people, and filters new accounts', () => {
    expect(policyVerdict(DEFAULT_NOTIFICATION_POLICY, sender(), NOW)).toBe(SHOW);
    expect(policyVerdict(DEFAULT_NOTIFICATION_POLICY, sender({ verified: false }), NOW)).toBe(SHOW);
    expect(policyVerdict(DEFAULT_NOTIFICATION_POLICY, sender({ createdAt: new Date(NOW - DAY) }), NOW)).toBe(FILTER);
  });
});

describe('policyOrDefault', () => {
  it('fills in the default for each choice never made', () => {
    expect(policyOrDefault(null)).toEqual(DEFAULT_NOTIFICATION_POLICY);
    expect(policyOrDefault({ strangers: null, unverified: DROP })).toEqual({ strangers: SHOW, unverified: DROP, newAccounts: FILTER });
  });
});
