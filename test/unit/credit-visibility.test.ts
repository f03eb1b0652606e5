/**
 * The credit disclosure policy (src/privacy): who sees a score, a band or nothing, and the
 * band arithmetic the rankings use. Every visibility choice is crossed with every way a
 * viewer can stand to the owner, with and without a score.
 */
import { describe, expect, it } from 'vitest';
import { Role, type Principal } from '../../src/auth/roles.js';
import { bandOf, bandRank, CreditBand, NO_VISIBLE_BAND, ScoreVisibility } from '../../src/privacy/credit-bands.js';
import { needsRelation, strangerBandRank, visibleCredit, type CreditOwner, type Relation } from '../../src/privacy/credit-visibility.js';

const OWNER_ID = 'owner';
const SCORE = 612;
const BAND = CreditBand.GOOD;

const person = (id: string): Principal => ({ kind: 'user', id, roles: [Role.USER] });
const service = (role: Role): Principal => ({ kind: 'service', id: `service:${role}`, roles: [role] });
const relation = (facts: Partial<Relation> = {}): Relation => ({
  id: OWNER_ID,
  connected: false,
  blocking: false,
  blockedBy: false,
  requested: false,
  incoming: false,
  ...facts,
});

/** What a viewer is shown: the number (and its band), the band alone, or nothing. */
type Shown = 'number' | 'band' | 'nothing';
const AMOUNT: Record<Shown, number> = { number: 2, band: 1, nothing: 0 };

const VISIBILITIES = [ScoreVisibility.PUBLIC, ScoreVisibility.BAND_ONLY, ScoreVisibility.CONNECTIONS_ONLY, ScoreVisibility.PRIVATE] as const;

/**
 * Each viewer, the relation the resolvers would pass (null where none is read), and what
 * they are shown under PUBLIC, BAND_ONLY, CONNECTIONS_ONLY and PRIVATE, in that order.
 */
const VIEWERS: Array<[string, Principal | null, Relation | null, [Shown, Shown, Shown, Shown]]> = [
  ['the owner', person(OWNER_ID), null, ['number', 'number', 'number', 'number']],
  ['an anonymous viewer', null, null, ['nothing', 'nothing', 'nothing', 'nothing']],
  ['a stranger', person('viewer'), relation(), ['number', 'band', 'nothing', 'nothing']],
  ['a connection', person('viewer'), relation({ connected: true }), ['number', 'number', 'number', 'nothing']],
  ['someone the owner blocked', person('viewer'), relation({ blockedBy: true }), ['nothing', 'nothing', 'nothing', 'nothing']],
  ['someone who blocked the owner', person('viewer'), relation({ blocking: true }), ['nothing', 'nothing', 'nothing', 'nothing']],
  ['a connection with a block between them', person('viewer'), relation({ connected: true, blocking: true }), ['nothing', 'nothing', 'nothing', 'nothing']],
  ['a stranger who asked to connect', person('viewer'), relation({ requested: true }), ['number', 'band', 'nothing', 'nothing']],
  ['a stranger the owner asked to connect', person('viewer'), relation({ incoming: true }), ['number', 'band', 'nothing', 'nothing']],
  ['a person whose relation was not read', person('viewer'), null, ['nothing', 'nothing', 'nothing', 'nothing']],
  ['a credit bureau that did not record the score', service(Role.CREDIT_BUREAU), null, ['nothing', 'nothing', 'nothing', 'nothing']],
  ['the identity verifier', service(Role.IDENTITY_VERIFIER), null, ['nothing', 'nothing', 'nothing', 'nothing']],
  ['trust and safety', service(Role.TRUST_AND_SAFETY), null, ['nothing', 'nothing', 'nothing', 'nothing']],
];

const owner = (scoreVisibility: ScoreVisibility, creditScore: number | null = SCORE): CreditOwner => ({ id: OWNER_ID, creditScore, scoreVisibility });

const shownAs = (shown: Shown) =>
  shown === 'number' ? { score: SCORE, band: BAND } : shown === 'band' ? { score: null, band: BAND } : { score: null, band: null };

const CASES = VIEWERS.flatMap(([who, viewer, rel, shown]) =>
  VISIBILITIES.map((visibility, i) => [who, visibility, viewer, rel, shown[i]!] as const),
);

describe('visibleCredit', () => {
  it.each(CASES)('%s, under %s, is shown the %s', (_, visibility, viewer, rel, shown) => {
    expect(visibleCredit(owner(visibility), viewer, rel)).toEqual(shownAs(shown));
  });

  it.each(CASES)('%s, under %s, is shown nothing when there is no score', (_, visibility, viewer, rel) => {
    expect(visibleCredit(owner(visibility, null), viewer, rel)).toEqual({ score: null, band: null });
  });

  it.each(VISIBILITIES)('lets a bureau read back, under %s, the score it recorded itself, and no other bureau', (visibility) => {
    const recorded = { ...owner(visibility), creditRecordedBy: 'service:CREDIT_BUREAU' };
    expect(visibleCredit(recorded, service(Role.CREDIT_BUREAU), null)).toEqual(shownAs('number'));
    expect(visibleCredit({ ...recorded, creditRecordedBy: 'import:scores.csv' }, service(Role.CREDIT_BUREAU), null)).toEqual(shownAs('nothing'));
  });

  it('shows strangers and connections at least as much under each choice as under the next', () => {
    for (const [who, , , shown] of VIEWERS) {
      const amounts = shown.map((s) => AMOUNT[s]);
      expect(amounts, who).toEqual([...amounts].sort((a, b) => b - a));
    }
  });
});

describe('needsRelation', () => {
  const other = person('viewer');
  it.each([
    ['no score', owner(ScoreVisibility.PUBLIC, null), other, false],
    ['an anonymous viewer', owner(ScoreVisibility.PUBLIC), null, false],
    ['the owner', owner(ScoreVisibility.CONNECTIONS_ONLY), person(OWNER_ID), false],
    ['a service', owner(ScoreVisibility.PUBLIC), service(Role.CREDIT_BUREAU), false],
    ['a PRIVATE score', owner(ScoreVisibility.PRIVATE), other, false],
    // A block hides even a PUBLIC score, so it has to be read.
    ['a PUBLIC score, another person', owner(ScoreVisibility.PUBLIC), other, true],
    ['a BAND_ONLY score, another person', owner(ScoreVisibility.BAND_ONLY), other, true],
    ['a CONNECTIONS_ONLY score, another person', owner(ScoreVisibility.CONNECTIONS_ONLY), other, true],
  ])('%s: %s', (_, creditOwner, viewer, expected) => {
    expect(needsRelation(creditOwner, viewer)).toBe(expected);
  });

  it('is false only where the relation cannot change what is shown', () => {
    const relations = [null, ...VIEWERS.map(([, , rel]) => rel).filter((rel) => rel !== null)];
    for (const [who, viewer] of VIEWERS) {
      for (const visibility of VISIBILITIES) {
        for (const score of [SCORE, null]) {
          const creditOwner = owner(visibility, score);
          if (needsRelation(creditOwner, viewer)) continue;
          const seen = relations.map((rel) => visibleCredit(creditOwner, viewer, rel));
          expect(new Set(seen.map((s) => JSON.stringify(s))).size, `${who}, ${visibility}, score ${score}`).toBe(1);
        }
      }
    }
  });
});

/** Each band's first and last score, the range's ends included, with the band's rank. */
const BOUNDARIES: Array<[number, CreditBand, number]> = [
  [350, CreditBand.POOR, 0],
  [549, CreditBand.POOR, 0],
  [550, CreditBand.FAIR, 1],
  [599, CreditBand.FAIR, 1],
  [600, CreditBand.GOOD, 2],
  [649, CreditBand.GOOD, 2],
  [650, CreditBand.VERY_GOOD, 3],
  [699, CreditBand.VERY_GOOD, 3],
  [700, CreditBand.EXCELLENT, 4],
  [950, CreditBand.EXCELLENT, 4],
];

describe('bands', () => {
  it.each(BOUNDARIES)('%i is %s, rank %i', (score, band, rank) => {
    expect(bandOf(score)).toBe(band);
    expect(bandRank(band)).toBe(rank);
  });

  it('has no band below the range (349 cannot be recorded)', () => {
    expect(() => bandOf(349)).toThrow(TypeError);
  });

  it('ranks every band once, EXCELLENT highest', () => {
    expect(Object.values(CreditBand).map(bandRank)).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('strangerBandRank', () => {
  const CASES = BOUNDARIES.flatMap(([score, , rank]) => [
    [score, ScoreVisibility.PUBLIC, rank],
    [score, ScoreVisibility.BAND_ONLY, rank],
    [score, ScoreVisibility.CONNECTIONS_ONLY, NO_VISIBLE_BAND],
    [score, ScoreVisibility.PRIVATE, NO_VISIBLE_BAND],
  ] as const);

  it.each(CASES)('%i under %s ranks %i', (score, scoreVisibility, rank) => {
    expect(strangerBandRank({ creditScore: score, scoreVisibility })).toBe(rank);
  });

  it.each(VISIBILITIES)('no score under %s ranks -1', (scoreVisibility) => {
    expect(strangerBandRank({ creditScore: null, scoreVisibility })).toBe(NO_VISIBLE_BAND);
  });
});
