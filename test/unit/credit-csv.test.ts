/**
 * Reading credit CSV files (src/credit/credit.import.ts) without a database: splitting
 * lines, finding the columns, and turning a row into a checked observation.
 */
import { describe, expect, it } from 'vitest';
import { columnsOf, CsvFormatError, observationFrom, parseCsvLine } from '../../src/credit/credit.import.js';
import { thrownBy } from '../helpers/app-error.js';

describe('parseCsvLine', () => {
  it.each([
    ['plain fields', 'a,b,c', ['a', 'b', 'c']],
    ['an empty line (one empty field)', '', ['']],
    ['an empty field between', 'a,,c', ['a', '', 'c']],
    ['an empty field at the end', 'a,', ['a', '']],
    ['spaces, kept', ' a , b ', [' a ', ' b ']],
    ['a quoted comma', '"Bureau, Inc.",712', ['Bureau, Inc.', '712']],
    ['a doubled quote inside quotes', '"say ""hi""",x', ['say "hi"', 'x']],
    ['an empty quoted field', '"",x', ['', 'x']],
    ['a quote inside an unquoted field, kept', 'ab"c,d', ['ab"c', 'd']],
    ['a quote after a space, kept (not a quoted field)', ' "a",b', [' "a"', 'b']],
    ['text after a closing quote, joined', '"a"b,c', ['ab', 'c']],
    ['a whole row', 'wang_fang,712,"Sesame, Ltd",2026-01-31T09:00:00Z', ['wang_fang', '712', 'Sesame, Ltd', '2026-01-31T09:00:00Z']],
  ])('splits %s', (_, line, fields) => {
    expect(parseCsvLine(line)).toEqual(fields);
  });

  it.each([
    ['an open quote', '"abc,d'],
    ['a doubled quote that leaves the field open', '"a"",b'],
  ])('refuses %s', (_, line) => {
    expect(() => parseCsvLine(line)).toThrow(new CsvFormatError('a quoted field is not closed on its line'));
  });
});

describe('columnsOf', () => {
  it.each([
    ['in the usual order', 'handle,score,source,observedAt', { handle: 0, score: 1, source: 2, observedAt: 3 }],
    ['in any order', 'observedAt,source,score,handle', { handle: 3, score: 2, source: 1, observedAt: 0 }],
    ['with spaces and a byte-order mark', '\uFEFF handle , score,source ,observedAt', { handle: 0, score: 1, source: 2, observedAt: 3 }],
    ['among other columns', 'note,handle,score,source,observedAt,batch', { handle: 1, score: 2, source: 3, observedAt: 4 }],
  ])('finds the columns %s', (_, header, columns) => {
    expect(columnsOf(header)).toEqual(columns);
  });

  it.each([
    ['handle,score,source', 'observedAt'],
    ['Handle,Score,source,observedAt', 'handle, score'],
    ['', 'handle, score, source, observedAt'],
  ])('refuses the header %j, missing %s', (header, missing) => {
    expect(() => columnsOf(header)).toThrow(
      new CsvFormatError(`The header must name the columns handle,score,source,observedAt; missing: ${missing}.`),
    );
  });
});

describe('observationFrom', () => {
  const NOW = new Date('2026-12-01T12:00:00Z');
  const columns = columnsOf('handle,score,source,observedAt');
  const row = (score: string, observedAt = '2026-01-31T09:00:00Z', handle = 'Wang_Fang') => observationFrom([handle, score, ' Sesame ', observedAt], columns, NOW);

  it('reads a row through the observation checks', () => {
    expect(row(' 712 ')).toEqual({ handle: 'wang_fang', score: 712, source: 'Sesame', observedAt: new Date('2026-01-31T09:00:00Z') });
  });

  it('reads the columns where the header put them', () => {
    const reordered = columnsOf('source,observedAt,handle,score');
    expect(observationFrom(['Sesame', '2026-01-31T09:00:00Z', 'li_na', '640'], reordered, NOW)).toMatchObject({ handle: 'li_na', score: 640 });
  });

  it.each([
    ['a sign', '+700', 'NaN'],
    ['a decimal point', '700.0', 'NaN'],
    ['an exponent', '7e2', 'NaN'],
    ['nothing', '', 'NaN'],
    ['a whole number out of range', '-700', '-700'],
  ])('refuses a score with %s', (_, score, shown) => {
    expect(thrownBy(() => row(score))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'score',
      message: `score must be a whole number from 350 to 950; got ${shown}.`,
    });
  });

  it.each([
    ['2026-01-31T09:00:00Z', '2026-01-31T09:00:00.000Z'],
    ['2026-01-31T09:00Z', '2026-01-31T09:00:00.000Z'],
    ['2026-01-31T09:00:00.25Z', '2026-01-31T09:00:00.250Z'],
    ['2026-01-31T09:00:00+08:00', '2026-01-31T01:00:00.000Z'],
    ['2026-01-31T09:00:00-0130', '2026-01-31T10:30:00.000Z'],
  ])('accepts the date-time %s', (observedAt, instant) => {
    expect(row('700', observedAt).observedAt.toISOString()).toBe(instant);
  });

  it.each([
    ['a date alone', '2026-01-31'],
    ['a time without a zone', '2026-01-31T09:00:00'],
    ['a space for the T', '2026-01-31 09:00:00Z'],
    ['minute 60', '2026-01-31T09:60:00Z'],
    ['words', 'yesterday'],
  ])('refuses %s as observedAt', (_, observedAt) => {
    expect(thrownBy(() => row('700', observedAt))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'observedAt',
      message: 'observedAt must be an ISO-8601 date-time, e.g. 2026-01-31T09:00:00Z.',
    });
  });

  it('reads missing fields of a short row as empty', () => {
    expect(thrownBy(() => observationFrom(['wang_fang', '700'], columns, NOW))).toMatchObject({ field: 'observedAt' });
  });
});
