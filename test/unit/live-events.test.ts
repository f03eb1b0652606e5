/** Whom live events are about: the hub keeps an event from anyone hidden from one of these. */
import { describe, expect, it } from 'vitest';
import { NotificationKind } from '../../src/graph/notification-kinds.js';
import { peopleIn } from '../../src/live/events.js';

describe('peopleIn', () => {
  it('names the sender of a message (the recipient is the stream itself)', () => {
    const message = { id: 'm', body: 'hi', seq: 1, fromId: 'from', toId: 'to', conversationId: 'c', createdAt: '2026-01-01T00:00:00.000Z', readAt: null };
    expect(peopleIn({ kind: 'MESSAGE', message })).toEqual(['from']);
  });

  it('names the actor of a notification, and nobody for moderation and services', () => {
    expect(peopleIn({ kind: 'NOTIFICATION', recipientId: 'to', notificationId: 'n', notificationKind: NotificationKind.CONNECTION_REQUEST_ACCEPTED, actorId: 'actor' })).toEqual(['actor']);
    expect(peopleIn({ kind: 'NOTIFICATION', recipientId: 'to', notificationId: 'n', notificationKind: NotificationKind.CONNECTION_REQUEST_ACCEPTED, actorId: null })).toEqual([]);
  });
});
