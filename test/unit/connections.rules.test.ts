/** Asking to connect and answering (src/connections/connections.rules.ts), without a database. */
import { describe, expect, it } from 'vitest';
import { requestRefusal, responseRefusal, retryIn, selfRequestRefusal, type RequestState } from '../../src/connections/connections.rules.js';

const LIMITS = { perDay: 3, maxPendingIncoming: 5 };
const NOW = Date.parse('2026-12-01T12:00:00Z');
const HOUR = 3_600_000;
const ago = (ms: number) => new Date(NOW - ms);

const CLEAR: RequestState = { connected: false, requested: false, incoming: false, blocking: false, pendingIncoming: 0, recent: [] };

const refusal = (state: Partial<RequestState> | undefined) => {
  const error = requestRefusal('li_na', state && { ...CLEAR, ...state }, LIMITS, NOW);
  return error && { code: error.extensions.code, message: error.message, retryAfterSeconds: error.extensions.retryAfterSeconds };
};

describe('selfRequestRefusal', () => {
  it('refuses asking yourself, naming `handle`', () => {
    const error = selfRequestRefusal('u1', 'u1')!;
    expect([error.extensions.code, error.extensions.field, error.message]).toEqual(['BAD_USER_INPUT', 'handle', 'You cannot send a connection request to yourself.']);
  });

  it('lets you ask someone else', () => {
    expect(selfRequestRefusal('u1', 'u2')).toBeNull();
  });
});

describe('requestRefusal', () => {
  it('lets a stranger be asked', () => {
    expect(refusal({})).toBeNull();
  });

  it.each([
    ['the sender is gone', undefined, 'NOT_FOUND', 'Your account no longer exists.'],
    ['already connected', { connected: true }, 'CONFLICT', 'You are already connected with @li_na.'],
    ['already asked', { requested: true }, 'CONFLICT', 'You already asked @li_na to connect; wait for their answer.'],
    [
      'they already asked',
      { incoming: true },
      'CONFLICT',
      '@li_na already asked to connect with you; accept their request instead (respondToConnectionRequest).',
    ],
    ['the sender blocked them', { blocking: true }, 'CONFLICT', 'You blocked @li_na; unblock them first.'],
    ['their queue is full', { pendingIncoming: 5 }, 'FORBIDDEN', '@li_na is not accepting connection requests from you right now.'],
  ])('refuses when %s', (_, state, code, message) => {
    expect(refusal(state)).toMatchObject({ code, message });
  });

  it('lets one more in below a full queue', () => {
    expect(refusal({ pendingIncoming: 4 })).toBeNull();
  });

  it.each([
    // Each row breaks every check from its own onwards: the first one answers.
    ['connected over everything after it', { connected: true, requested: true, incoming: true, blocking: true, pendingIncoming: 5 }, 'You are already connected with @li_na.'],
    ['requested over incoming', { requested: true, incoming: true, blocking: true }, 'You already asked @li_na to connect; wait for their answer.'],
    ['incoming over blocking', { incoming: true, blocking: true }, '@li_na already asked to connect with you; accept their request instead (respondToConnectionRequest).'],
    ['blocking over a full queue', { blocking: true, pendingIncoming: 5 }, 'You blocked @li_na; unblock them first.'],
    ['not accepting over the daily limit', { pendingIncoming: 5, recent: [ago(HOUR), ago(HOUR), ago(HOUR)] }, '@li_na is not accepting connection requests from you right now.'],
  ])('checks in order: %s', (_, state, message) => {
    expect(refusal(state)?.message).toBe(message);
  });

  it('allows requests up to the daily limit', () => {
    expect(refusal({ recent: [ago(HOUR), ago(2 * HOUR)] })).toBeNull();
  });

  it.each([
    // The oldest of the window turns a day old: that is when a slot frees.
    ['the oldest was sent 23 hours ago', [ago(HOUR), ago(23 * HOUR), ago(2 * HOUR)], 3600, '1 h 0 min'],
    ['the oldest was sent 1 minute ago', [ago(60_000), ago(30_000), ago(1000)], 86_340, '23 h 59 min'],
    ['the oldest turns a day old in half a second', [ago(86_399_500), ago(HOUR), ago(HOUR)], 1, '1 min'],
    ['the oldest is already a day old (never less than 1 s)', [ago(86_400_000 + 5000), ago(HOUR), ago(HOUR)], 1, '1 min'],
  ])('limits sends per 24 hours: %s', (_, recent, retryAfterSeconds, wait) => {
    expect(refusal({ recent })).toEqual({
      code: 'RATE_LIMITED',
      message: `You can send 3 connection requests in any 24 hours; try again in ${wait}.`,
      retryAfterSeconds,
    });
  });
});

describe('retryIn', () => {
  it.each([
    [1, '1 min'],
    [59, '1 min'],
    [60, '1 min'],
    [61, '2 min'],
    [3540, '59 min'],
    [3541, '1 h 0 min'],
    [3600, '1 h 0 min'],
    [3601, '1 h 1 min'],
    [86_400, '24 h 0 min'],
  ])('%i s reads %s', (seconds, words) => {
    expect(retryIn(seconds)).toBe(words);
  });
});

describe('responseRefusal', () => {
  it('answers a pending request', () => {
    expect(responseRefusal('li_na', true)).toBeNull();
  });

  it('refuses to answer a request that is not there', () => {
    const error = responseRefusal('li_na', false)!;
    expect([error.extensions.code, error.message]).toEqual(['NOT_FOUND', '@li_na has no pending request to you (it may have been withdrawn).']);
  });
});
