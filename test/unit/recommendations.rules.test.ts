/** Filtering and weighing stranger recommendations (src/recommendations/recommendations.rules.ts). */
import { describe, expect, it } from 'vitest';
import { CreditBand } from '../../src/privacy/credit-bands.js';
import { recommendationFilter, relevanceOf } from '../../src/recommendations/recommendations.rules.js';
import { thrownBy } from '../helpers/app-error.js';

describe('relevanceOf', () => {
  it.each([
    [{ interests: 0, circles: 0, mutualTrust: 0 }, 0],
    [{ interests: 1, circles: 0, mutualTrust: 0 }, 1],
    [{ interests: 0, circles: 1, mutualTrust: 0 }, 2],
    [{ interests: 0, circles: 0, mutualTrust: 1 }, 3],
    [{ interests: 2, circles: 1, mutualTrust: 1 }, 7],
    [{ interests: 30, circles: 4, mutualTrust: 10 }, 68],
  ])('%j weighs %i', (shared, relevance) => {
    expect(relevanceOf(shared)).toBe(relevance);
  });

  it('weighs a shared circle over a shared interest, and mutual trust over both', () => {
    const one = (signal: 'interests' | 'circles' | 'mutualTrust') => relevanceOf({ interests: 0, circles: 0, mutualTrust: 0, [signal]: 1 });
    expect(one('circles')).toBeGreaterThan(one('interests'));
    expect(one('mutualTrust')).toBeGreaterThan(one('circles'));
  });
});

describe('recommendationFilter', () => {
  it.each([
    ['nothing sent', {}],
    ['nulls', { interest: null, minCreditBand: null }],
    ['an empty interest (no filter)', { interest: '' }],
  ])('takes %s as no filter, hidden bands included', (_, args) => {
    expect(recommendationFilter(args)).toEqual({ interest: null, minBandRank: -1 });
  });

  it('normalises the interest as a slug', () => {
    expect(recommendationFilter({ interest: ' Tea-Culture ' })).toEqual({ interest: 'tea-culture', minBandRank: -1 });
  });

  it('refuses an interest that is not a slug, naming `interest`', () => {
    expect(thrownBy(() => recommendationFilter({ interest: 'tea culture' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'interest' });
  });

  it.each([
    [CreditBand.POOR, 0],
    [CreditBand.FAIR, 1],
    [CreditBand.GOOD, 2],
    [CreditBand.VERY_GOOD, 3],
    [CreditBand.EXCELLENT, 4],
  ])('takes minCreditBand %s as rank %i and above (hidden bands left out)', (minCreditBand, minBandRank) => {
    expect(recommendationFilter({ minCreditBand })).toEqual({ interest: null, minBandRank });
  });
});
