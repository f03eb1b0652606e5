import { describe, expect, it } from 'vitest';
import { CursorKind, decodeCursor, encodeCursor, isIsoInstant } from '../../src/graph/cursors.js';
import { thrownBy } from '../helpers/app-error.js';

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('cursors', () => {
  it('decode what they encode, for every kind', () => {
    const keys = {
      [CursorKind.BY_NAME]: ['Tea culture', 'tea-culture'],
      [CursorKind.BY_TIME]: ['2026-11-30T08:15:00.123Z', 'post-1'],
      [CursorKind.BY_HANDLE]: ['li_na'],
      [CursorKind.BY_RANK]: [4, 2.5, 'user-9'],
      [CursorKind.BY_SEQUENCE]: [200_000],
    };
    for (const [kind, key] of Object.entries(keys)) {
      expect(decodeCursor(encodeCursor(key), kind as CursorKind)).toEqual(key);
    }
  });

  it.each([
    ['a key of another list', cursorOf(['Tea', 'tea']), CursorKind.BY_TIME],
    ['too few parts', cursorOf(['2026-11-30T08:15:00Z']), CursorKind.BY_TIME],
    ['not JSON', 'bm90IGpzb24', CursorKind.BY_NAME],
    ['not a list', cursorOf({ a: 1 }), CursorKind.BY_HANDLE],
    ['a number that is not finite', cursorOf([null, 1, 'x']), CursorKind.BY_RANK],
    ['30 February', cursorOf(['2026-02-30T00:00:00Z', 'p']), CursorKind.BY_TIME],
    ['hour 24', cursorOf(['2026-02-28T24:00:00Z', 'p']), CursorKind.BY_TIME],
    ['minute 60', cursorOf(['2026-02-28T23:60:00Z', 'p']), CursorKind.BY_TIME],
    ['a local time', cursorOf(['2026-02-28T10:00:00+08:00', 'p']), CursorKind.BY_TIME],
    ['a place in a sequence that is not whole', cursorOf([2.5]), CursorKind.BY_SEQUENCE],
    ['a place in a sequence below 0', cursorOf([-3]), CursorKind.BY_SEQUENCE],
    ['a place in a sequence written as text', cursorOf(['3']), CursorKind.BY_SEQUENCE],
  ])('refuse %s as BAD_USER_INPUT naming `after`', (_, cursor, kind) => {
    expect(thrownBy(() => decodeCursor(cursor, kind))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('name the argument a cursor came in', () => {
    expect(thrownBy(() => decodeCursor('bm90IGpzb24', CursorKind.BY_SEQUENCE, 'before'))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'before',
      message: 'The `before` cursor is not one this list gave out; start again without it.',
    });
  });

  it('accept real instants only', () => {
    expect(isIsoInstant('2024-02-29T23:59:59.999Z')).toBe(true);
    expect(isIsoInstant('2025-02-29T00:00:00Z')).toBe(false);
    expect(isIsoInstant('2026-04-31T00:00:00Z')).toBe(false);
    expect(isIsoInstant(1_700_000_000_000)).toBe(false);
  });
});
