/** Vouches and trust paths (src/trust/trust.rules.ts), without a database. */
import { describe, expect, it } from 'vitest';
import { Role } from '../../src/auth/roles.js';
import { DEFAULT_TRUST_HOPS, MAX_TRUST_HOPS, mayReadTrustLists, maxHopsRefusal, selfTrustRefusal, weightRefusal } from '../../src/trust/trust.rules.js';

const refusal = (error: ReturnType<typeof weightRefusal>) => error && { code: error.extensions.code, field: error.extensions.field, message: error.message };

describe('weightRefusal', () => {
  it.each([Number.MIN_VALUE, 0.001, 0.5, 0.999, 1])('accepts %d', (weight) => {
    expect(weightRefusal(weight)).toBeNull();
  });

  it.each([
    [0, 'weight must be more than 0 and at most 1; got 0.'],
    [-0.5, 'weight must be more than 0 and at most 1; got -0.5.'],
    [1.0000001, 'weight must be more than 0 and at most 1; got 1.0000001.'],
    [2, 'weight must be more than 0 and at most 1; got 2.'],
    [Number.NaN, 'weight must be more than 0 and at most 1; got NaN.'],
    [Number.POSITIVE_INFINITY, 'weight must be more than 0 and at most 1; got Infinity.'],
  ])('refuses %d', (weight, message) => {
    expect(refusal(weightRefusal(weight))).toEqual({ code: 'BAD_USER_INPUT', field: 'weight', message });
  });
});

describe('selfTrustRefusal', () => {
  it('refuses vouching for yourself, naming `handle`', () => {
    expect(refusal(selfTrustRefusal('u1', 'u1'))).toEqual({ code: 'BAD_USER_INPUT', field: 'handle', message: 'You cannot vouch for yourself.' });
  });

  it('lets you vouch for someone else', () => {
    expect(selfTrustRefusal('u1', 'u2')).toBeNull();
  });
});

describe('maxHopsRefusal', () => {
  it('searches 1 to 6 hops, 4 unless asked', () => {
    expect([DEFAULT_TRUST_HOPS, MAX_TRUST_HOPS]).toEqual([4, 6]);
    expect(maxHopsRefusal(DEFAULT_TRUST_HOPS)).toBeNull();
  });

  it.each([1, 2, 3, 4, 5, 6])('accepts %i', (hops) => {
    expect(maxHopsRefusal(hops)).toBeNull();
  });

  it.each([0, -1, 7, 100, 2.5, Number.NaN])('refuses %d', (hops) => {
    expect(refusal(maxHopsRefusal(hops))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'maxHops',
      message: `maxHops must be a whole number from 1 to 6; got ${hops}.`,
    });
  });
});

describe('mayReadTrustLists', () => {
  it.each([
    ['the person', { kind: 'user', id: 'u1', roles: [Role.USER] }, true],
    ['someone else (who then sees the vouches the givers let them)', { kind: 'user', id: 'u2', roles: [Role.USER] }, true],
    ['a service, whatever its id', { kind: 'service', id: 'u1', roles: [Role.TRUST_AND_SAFETY] }, false],
    ['nobody signed in', null, false],
  ] as const)('%s: %s', (_, viewer, expected) => {
    expect(mayReadTrustLists(viewer && { ...viewer, roles: [...viewer.roles] })).toBe(expected);
  });
});
