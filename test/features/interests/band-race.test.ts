/**
 * The band a person shows strangers is copied onto their INTERESTED_IN relationships, where
 * recommendations rank and filter by it. A visibility change and a change of interests
 * sent at the same moment must never leave an edge with a band the person no longer shows
 * (it used to, in about half the runs: a PRIVATE person then passed `minCreditBand: FAIR`).
 */
import { describe, expect, it } from 'vitest';
import { PrivInterestsDocument, PrivProfileDocument, PrivStrangersDocument } from '../../generated/graphql.js';
import { ok } from '../../helpers/client.js';
import { signUp } from '../../helpers/people.js';
import { scoredPerson } from '../../helpers/privacy.js';
import { serverForTests } from '../../helpers/server.js';

const test = serverForTests();

const ROUNDS = 20;
const SLUGS = ['calligraphy', 'weiqi', 'hiking', 'coffee'];

describe('bands on interests under concurrent writes', () => {
  it(`never disagree with the visibility that produced them (${ROUNDS} races)`, async () => {
    const person = await scoredPerson(test, 'racer', 580);
    const stranger = await signUp(test.client, 'onlooker');
    const stale: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      await ok(test.client.request(PrivProfileDocument, { input: { scoreVisibility: 'BAND_ONLY' } }, { token: person.token }));
      await ok(test.client.request(PrivInterestsDocument, { slugs: [SLUGS[round % 2]!] }, { token: person.token }));
      // The race: hide the score while adding an interest.
      await Promise.all([
        ok(test.client.request(PrivProfileDocument, { input: { scoreVisibility: 'PRIVATE' } }, { token: person.token })),
        ok(test.client.request(PrivInterestsDocument, { slugs: [SLUGS[round % 2]!, SLUGS[2 + (round % 2)]!] }, { token: person.token })),
      ]);
      const row = await test.database.forRequest().read((q) =>
        q.one<{ shown: number; bands: number[] }>(
          'MATCH (u:User {id: $id}) RETURN u.visibleBand AS shown, COLLECT { MATCH (u)-[r:INTERESTED_IN]->() RETURN r.band } AS bands',
          { id: person.id },
        ),
      );
      expect(row!.shown).toBe(-1);
      if (row!.bands.some((band) => band !== row!.shown)) stale.push(round);
    }
    expect(stale).toEqual([]);

    // And through the API: a PRIVATE person is never found by band, whatever the filter
    // (the last round left them interested in the last two slugs of its pair).
    const last = [SLUGS[(ROUNDS - 1) % 2]!, SLUGS[2 + ((ROUNDS - 1) % 2)]!];
    await ok(test.client.request(PrivInterestsDocument, { slugs: last }, { token: stranger.token }));
    for (const minCreditBand of ['POOR', 'FAIR', 'GOOD'] as const) {
      const found = await ok(test.client.request(PrivStrangersDocument, { minCreditBand, interest: last[1] }, { token: stranger.token }));
      expect(found.strangerRecommendations.edges.map((e) => e.node.user.handle)).not.toContain(person.handle);
    }
  });
});
