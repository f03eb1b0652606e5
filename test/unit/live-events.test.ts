/** Whom live events are about: the hub keeps an event from anyone hidden from one of these. */
import { describe, expect, it } from 'vitest';
import { NotificationKind } from '../../src/graph/notification-kinds.js';
import { peopleIn, visibleDespiteBlocks, type CircleEvent } from '../../src/live/events.js';

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

describe('visibleDespiteBlocks (the hub and a circleActivity replay both ask it)', () => {
  const at = '2026-01-01T00:00:00.000Z';
  const joined: CircleEvent = { kind: 'MEMBER_JOINED', circleId: 'c', at, actorId: 'joiner', userId: 'joiner', seq: 1, entryId: 'e1' };
  const reactions: CircleEvent = { kind: 'REACTIONS_CHANGED', circleId: 'c', at, actorId: 'r2', postId: 'p', postAuthorId: 'author', actorIds: ['r1', 'r2'], seq: 2, entryId: 'e2' };

  it('keeps back an event about someone hidden, and passes it with nobody hidden', () => {
    expect(visibleDespiteBlocks(joined, new Set(['joiner']))).toBe(false);
    expect(visibleDespiteBlocks(joined, new Set(['someone else']))).toBe(true);
    expect(visibleDespiteBlocks(joined, undefined)).toBe(true);
  });

  it('passes a reactions update only if someone not hidden took part', () => {
    expect(visibleDespiteBlocks(reactions, new Set(['r1']))).toBe(true);
    expect(visibleDespiteBlocks(reactions, new Set(['r1', 'r2']))).toBe(false);
    expect(visibleDespiteBlocks(reactions, new Set(['author']))).toBe(false);
  });
});
