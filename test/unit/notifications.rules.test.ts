import { describe, expect, it } from 'vitest';
import { markReadRefusal, notificationListCount, policyChanges } from '../../src/notifications/notifications.rules.js';
import { NotificationPolicyAction } from '../../src/privacy/notification-policy.js';
import { refusalOf } from './refusal.js';

describe('markReadRefusal', () => {
  it.each([
    ['all, for an existing account', true, null, null, null],
    ['up to one of your notifications', true, 'n1', 'n1', null],
    [
      'up to an id that is not one of yours (another person’s, or none at all)',
      true,
      'n1',
      null,
      { code: 'NOT_FOUND', field: undefined, message: 'You have no notification with the id "n1" (it may have been pruned after it was read); send no upTo to mark them all read.' },
    ],
    ['for an account that is gone', false, null, null, { code: 'NOT_FOUND', field: undefined, message: 'Your account no longer exists.' }],
  ])('%s', (_, exists, upTo, found, expected) => {
    expect(refusalOf(markReadRefusal(exists, upTo, found))).toEqual(expected);
  });
});

describe('policyChanges', () => {
  it('changes only the choices sent; null goes back to the default', () => {
    expect(policyChanges({})).toEqual({});
    expect(policyChanges({ strangers: NotificationPolicyAction.FILTER })).toEqual({ notifyStrangers: 'FILTER' });
    expect(policyChanges({ unverified: null, newAccounts: NotificationPolicyAction.DROP, strangers: undefined })).toEqual({ notifyUnverified: null, notifyNewAccounts: 'DROP' });
  });
});

describe('notificationListCount', () => {
  const counts = { unread: 1, unreadFiltered: 2, total: 3, totalFiltered: 4 };
  it.each([
    ['the main list', false, false, 3],
    ['the main list, unread only', false, true, 1],
    ['the filtered list', true, false, 4],
    ['the filtered list, unread only', true, true, 2],
  ])('%s counts its own kept count', (_, filtered, unreadOnly, expected) => {
    expect(notificationListCount(counts, { filtered, unreadOnly })).toBe(expected);
  });
});
