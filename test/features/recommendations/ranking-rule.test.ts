/**
 * The visibility rule lives twice: in TypeScript (visibleCredit, for fields) and in Cypher
 * (strangerBandOf in src/graph/credit.ts, for ranking). This proves the two agree for every choice, at every
 * band boundary, on the real Neo4j.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScoreVisibility } from '../../../src/privacy/credit-bands.js';
import { strangerBandOf } from '../../../src/graph/credit.js';
import { strangerBandRank } from '../../../src/privacy/credit-visibility.js';
import { testConfig, testDatabase } from '../../helpers/server.js';
import { int, type Database } from '../../../src/db/database.js';

let database: Database;
beforeAll(() => {
  database = testDatabase(testConfig());
});
afterAll(() => database.close());

const SCORES = [null, 350, 549, 550, 599, 600, 649, 650, 699, 700, 950];

describe('the band a person shows strangers', () => {
  it.each(Object.values(ScoreVisibility))('is the same in Cypher and TypeScript for %s', async (scoreVisibility) => {
    const people = SCORES.map((creditScore) => ({ creditScore, scoreVisibility }));
    const rows = await database.forRequest().read((q) =>
      q.rows<{ rank: number }>(`UNWIND $people AS u RETURN ${strangerBandOf('u')} AS rank`, {
        people: people.map((p) => ({ ...p, creditScore: p.creditScore === null ? null : int(p.creditScore) })),
      }),
    );
    expect(rows.map((row) => row.rank)).toEqual(people.map((p) => strangerBandRank(p)));
    const shown = scoreVisibility === ScoreVisibility.PUBLIC || scoreVisibility === ScoreVisibility.BAND_ONLY;
    expect(rows.map((row) => row.rank)).toEqual(shown ? [-1, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4] : SCORES.map(() => -1));
  });
});
