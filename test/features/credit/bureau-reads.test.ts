/** Least privilege for services: a credit bureau reads back the scores it recorded, not everyone's. */
import { describe, expect, it } from 'vitest';
import { Role } from '../../../src/auth/roles.js';
import { recordObservations } from '../../../src/credit/credit.repository.js';
import { PrivScoreOfDocument } from '../../generated/graphql.js';
import { ok } from '../../helpers/client.js';
import { serviceToken, signUp } from '../../helpers/people.js';
import { giveScore, setProfile } from '../../helpers/privacy.js';
import { serverForTests } from '../../helpers/server.js';

const test = serverForTests();

describe('a credit bureau', () => {
  it('reads the PRIVATE score it recorded, and not one an import recorded', async () => {
    const bureau = serviceToken(test, Role.CREDIT_BUREAU);
    const [own, imported] = [await signUp(test.client, 'own'), await signUp(test.client, 'imported')];
    await giveScore(test, own, 731);
    await recordObservations(test.database.forRequest(), [{ handle: imported.handle, score: 645, source: 'Old Bureau', observedAt: new Date('2026-10-01T00:00:00Z') }], 'import:scores.csv');
    for (const person of [own, imported]) await setProfile(test, person, { scoreVisibility: 'PRIVATE' });

    const read = async (handle: string) => (await ok(test.client.request(PrivScoreOfDocument, { handle }, { token: bureau }))).user;
    expect(await read(own.handle)).toEqual({ creditScore: 731, creditBand: 'EXCELLENT' });
    expect(await read(imported.handle)).toEqual({ creditScore: null, creditBand: null });
  });
});
