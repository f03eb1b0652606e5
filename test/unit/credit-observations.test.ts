/**
 * Credit observations without a database: the checks every observation meets
 * (src/credit/credit.inputs.ts) and how repeats within one batch are judged
 * (src/credit/credit.rules.ts).
 */
import { describe, expect, it } from 'vitest';
import { checkObservation } from '../../src/credit/credit.inputs.js';
import type { CreditObservation, RecordOutcome } from '../../src/credit/credit.rules.js';
import { batchOutcomes, firstReports } from '../../src/credit/credit.rules.js';
import { thrownBy } from '../helpers/app-error.js';

const NOW = new Date('2026-12-01T12:00:00Z');
const VALID: CreditObservation = { handle: 'wang_fang', score: 712, source: 'Sesame', observedAt: new Date('2026-11-30T09:00:00Z') };
const at = (ms: number) => new Date(NOW.getTime() + ms);

describe('checkObservation', () => {
  it('gives back the observation, handle and source normalised', () => {
    expect(checkObservation({ ...VALID, handle: ' Wang_Fang ', source: '  Sesame  ' }, NOW)).toEqual(VALID);
  });

  it.each([350, 600, 950])('accepts the score %i', (score) => {
    expect(checkObservation({ ...VALID, score }, NOW).score).toBe(score);
  });

  it.each([349, 951, 0, -700, 700.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses the score %d', (score) => {
    expect(thrownBy(() => checkObservation({ ...VALID, score }, NOW))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'score',
      message: `score must be a whole number from 350 to 950; got ${score}.`,
    });
  });

  it.each([
    ['now', at(0)],
    ['a minute ahead (clocks disagree)', at(60_000)],
    ['long ago', new Date('1990-01-01T00:00:00Z')],
  ])('accepts an observation made %s', (_, observedAt) => {
    expect(checkObservation({ ...VALID, observedAt }, NOW).observedAt).toBe(observedAt);
  });

  it('refuses an observation more than a minute ahead', () => {
    expect(thrownBy(() => checkObservation({ ...VALID, observedAt: at(60_001) }, NOW))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'observedAt',
      message: 'observedAt (2026-12-01T12:01:00.001Z) is in the future; record a score once it has been observed.',
    });
  });

  it.each([
    ['an invalid date', new Date(Number.NaN)],
    ['a string', '2026-11-30T09:00:00Z' as unknown as Date],
  ])('refuses %s as observedAt', (_, observedAt) => {
    expect(thrownBy(() => checkObservation({ ...VALID, observedAt }, NOW))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'observedAt',
      message: 'observedAt must be an ISO-8601 date-time, e.g. 2026-01-31T09:00:00Z.',
    });
  });

  it.each([
    ['a malformed handle', { handle: 'no' }, 'handle', /^handle must be 3 to 30 characters/],
    ['an empty source', { source: '  ' }, 'source', /^source must be 1 to 100 characters long \(after trimming spaces\); got 0\.$/],
    ['a source over 100 characters', { source: 's'.repeat(101) }, 'source', /^source must be 1 to 100 characters long .*got 101\.$/],
    ['a source over two lines', { source: 'Sesame\nCredit' }, 'source', /^source contains U\+000A, a line break or tab, and this field is a single line;/],
  ])('refuses %s', (_, change, field, message) => {
    expect(thrownBy(() => checkObservation({ ...VALID, ...change }, NOW))).toMatchObject({ code: 'BAD_USER_INPUT', field, message: expect.stringMatching(message) });
  });

  it('checks the score, then the date, then the handle, then the source', () => {
    const allWrong = { handle: 'no', score: 1, source: '', observedAt: at(3_600_000) };
    const fieldFor = (o: CreditObservation) => thrownBy(() => checkObservation(o, NOW)).field;
    expect(fieldFor(allWrong)).toBe('score');
    expect(fieldFor({ ...allWrong, score: 700 })).toBe('observedAt');
    expect(fieldFor({ ...allWrong, score: 700, observedAt: NOW })).toBe('handle');
    expect(fieldFor({ ...allWrong, score: 700, observedAt: NOW, handle: 'li_na' })).toBe('source');
  });
});

describe('repeats within one batch', () => {
  const other = (change: Partial<CreditObservation>) => ({ ...VALID, ...change });
  const batch = [
    VALID,
    other({ score: 640 }), // the same fact, another score
    other({ source: 'Bureau' }), // another source: another fact
    VALID, // the same fact, the same score
    other({ observedAt: new Date('2026-11-30T09:00:00.001Z') }), // another moment
    other({ handle: 'ghost' }),
    other({ handle: 'ghost', score: 500 }),
  ];

  it('sends each fact once: the first to report it', () => {
    expect(firstReports(batch)).toEqual([0, 0, 2, 0, 4, 5, 5]);
  });

  it.each<[string, RecordOutcome]>([
    ['new', 'created'],
    ['already held with that score', 'unchanged'],
    ['already held with another score', 'conflict'],
  ])('judges a repeat against the first report, whatever the database said of it (first %s)', (_, firstOutcome) => {
    const written = [0, 2, 4].map((index) => ({ index, outcome: index === 0 ? firstOutcome : ('created' as const) }));
    expect(batchOutcomes(batch, firstReports(batch), written)).toEqual([
      firstOutcome,
      'conflict',
      'created',
      'unchanged',
      'created',
      'unknown-handle',
      'unknown-handle',
    ]);
  });

  it('gives a batch without repeats the database answer as it is', () => {
    const distinct = [VALID, other({ source: 'Bureau' }), other({ handle: 'ghost' })];
    expect(firstReports(distinct)).toEqual([0, 1, 2]);
    expect(batchOutcomes(distinct, [0, 1, 2], [{ index: 1, outcome: 'conflict' }, { index: 0, outcome: 'unchanged' }])).toEqual([
      'unchanged',
      'conflict',
      'unknown-handle',
    ]);
  });
});
