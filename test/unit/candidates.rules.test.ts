import { describe, expect, it } from 'vitest';
import { liveRemainder, rankKey, type RankedRow } from '../../src/recommendations/candidates.rules.js';

const row = (band: number, relevance: number, id: string): RankedRow => ({ user: { id }, band, relevance });

describe('liveRemainder', () => {
  const page = { first: 2, after: null };

  it('needs nothing more when the stored rows fill the page (with the one that tells a next page exists)', () => {
    expect(liveRemainder([row(4, 3, 'a'), row(4, 1, 'b'), row(2, 1, 'c')], false, page)).toBeNull();
  });

  it('needs nothing more from a complete list, however short', () => {
    expect(liveRemainder([row(4, 3, 'a')], true, page)).toBeNull();
    expect(liveRemainder([], true, page)).toBeNull();
  });

  it('ranks the rest live from the last stored row when the list was cut short', () => {
    expect(liveRemainder([row(4, 3, 'a')], false, page)).toEqual({ first: 1, after: [4, 3, 'a'] });
  });

  it('ranks the whole page live from the cursor when no stored row is left', () => {
    expect(liveRemainder([], false, { first: 5, after: [1, 2, 'z'] })).toEqual({ first: 5, after: [1, 2, 'z'] });
  });
});

describe('rankKey', () => {
  it('is the live ranking order: band, relevance, id', () => {
    expect(rankKey(row(-1, 7, 'x'))).toEqual([-1, 7, 'x']);
  });
});
