/**
 * strangerRecommendations(first, after, interest, minCreditBand) and User.icebreaker.
 *
 * Candidates share an interest or a circle with the viewer and are not connected, requested
 * (either way) or blocked (either way). Order: the band each candidate lets strangers see,
 * best first (PRIVATE, CONNECTIONS_ONLY and unscored last), then relevance (RELEVANCE_WEIGHTS),
 * then id. The privacy probes check that neither the order, the filter, nor the cursors tell
 * a viewer more about a score than its owner allows.
 *
 * The database is shared with other test files, so the main viewer follows no interests and
 * meets people only through circles of their own: their candidates are exactly the fixture.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../../src/auth/roles.js';
import { RELEVANCE_WEIGHTS } from '../../../src/recommendations/recommendations.repository.js';
import {
  BlocksBlockDocument,
  ConnRespondDocument,
  RecoIcebreakerDocument,
  RecoStrangersDocument,
  RecordCreditScoreDocument,
  SetInterestsDocument,
  TrustGiveDocument,
  UpdateProfileDocument,
  type CreditBand,
  type RecoStrangersQuery,
  type RecoStrangersQueryVariables,
  type ScoreVisibility,
  type UpdateProfileInput,
} from '../../generated/graphql.js';
import { foundCircle, joinCircle } from '../../helpers/circles.js';
import { errorCodes, ok } from '../../helpers/client.js';
import { bandFor, CREDIT_BANDS } from '../../helpers/credit.js';
import { connect, requestConnection, serviceToken, signUp, type Person } from '../../helpers/people.js';
import { serverForTests } from '../../helpers/server.js';
import { tag } from '../../helpers/util.js';

const test = serverForTests();
let bureau: string;
beforeAll(() => {
  bureau = serviceToken(test, Role.CREDIT_BUREAU);
});

// ---------------------------------------------------------------------------------------
// Helpers

type Edge = RecoStrangersQuery['strangerRecommendations']['edges'][number];

const rankOf = (band: CreditBand) => CREDIT_BANDS.findIndex(([b]) => b === band);

async function setScore(person: Person, score: number) {
  const observedAt = new Date(Date.now() - 3_600_000).toISOString();
  await ok(test.client.request(RecordCreditScoreDocument, { handle: person.handle, score, source: `reco test ${tag()}`, observedAt }, { token: bureau }));
}

const setInterests = (person: Person, slugs: string[]) => ok(test.client.request(SetInterestsDocument, { slugs }, { token: person.token }));

const setVisibility = (person: Person, scoreVisibility: ScoreVisibility) =>
  ok(test.client.request(UpdateProfileDocument, { input: { scoreVisibility } }, { token: person.token }));

const setProfile = (person: Person, input: UpdateProfileInput) => ok(test.client.request(UpdateProfileDocument, { input }, { token: person.token }));

const trust = (from: Person, to: Person) => ok(test.client.request(TrustGiveDocument, { handle: to.handle, weight: 0.7 }, { token: from.token }));

function recommend(viewer: Person, variables: RecoStrangersQueryVariables) {
  return test.client.request(RecoStrangersDocument, variables, { token: viewer.token });
}

/**
 * Every recommendation, page by page (`first` per page), in order. 50 by default: a page of
 * 100 with every signal (up to 30 shared interests and 20 shared circles each) is over the cost limit.
 */
async function walk(viewer: Person, variables: Omit<RecoStrangersQueryVariables, 'after'>, first = 50): Promise<Edge[]> {
  const edges: Edge[] = [];
  let after: string | null = null;
  for (let page = 0; page < 200; page++) {
    const data: RecoStrangersQuery = await ok(recommend(viewer, { ...variables, first, after }));
    const connection: RecoStrangersQuery['strangerRecommendations'] = data.strangerRecommendations;
    expect(connection.edges.length).toBeLessThanOrEqual(first);
    edges.push(...connection.edges);
    if (!connection.pageInfo.hasNextPage) return edges;
    after = connection.pageInfo.endCursor ?? null;
    expect(after).toBeTruthy();
  }
  throw new Error('too many pages');
}

/** Every primitive inside a decoded cursor. */
function leaves(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.flatMap(leaves);
  if (value && typeof value === 'object') return Object.values(value).flatMap(leaves);
  return [value];
}

function decodeCursor(cursor: string): unknown {
  return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
}

// ---------------------------------------------------------------------------------------
// The main neighbourhood: one viewer, circles of their own, every kind of candidate.

interface Candidate {
  key: string;
  person: Person;
  score: number | null;
  visibility: ScoreVisibility;
  circles: number;
  interests: number;
  mutualTrust: number;
}

const visibleRank = (c: Candidate) =>
  c.score !== null && (c.visibility === 'PUBLIC' || c.visibility === 'BAND_ONLY') ? rankOf(bandFor(c.score)) : -1;
const relevance = (c: Candidate) =>
  c.interests * RELEVANCE_WEIGHTS.interest + c.circles * RELEVANCE_WEIGHTS.circle + c.mutualTrust * RELEVANCE_WEIGHTS.mutualTrust;
const byContract = (a: Candidate, b: Candidate) =>
  visibleRank(b) - visibleRank(a) || relevance(b) - relevance(a) || (a.person.id < b.person.id ? -1 : a.person.id > b.person.id ? 1 : 0);

describe('strangerRecommendations', () => {
  let viewer: Person;
  let circle1: string;
  let circle2: string;
  const candidates = new Map<string, Candidate>();
  const excluded = new Map<string, Person>();
  let expected: Candidate[];
  const c = (key: string) => candidates.get(key)!;

  beforeAll(async () => {
    [viewer] = await Promise.all([signUp(test.client, 'rv')]);
    circle1 = await foundCircle(test, viewer!, 'reco');
    circle2 = await foundCircle(test, viewer!, 'reco');

    // key, score, visibility, extra circle, mutual trust
    const specs: Array<[string, number | null, ScoreVisibility, boolean, boolean]> = [
      ['exA', null, 'BAND_ONLY', false, false], // 701 or 949: decided by id below
      ['exB', null, 'BAND_ONLY', false, false],
      ['exPublic', 720, 'PUBLIC', false, false],
      ['vgPlain', 699, 'BAND_ONLY', false, false],
      ['vgCircle', 650, 'BAND_ONLY', true, false],
      ['vgTrust', 651, 'BAND_ONLY', false, true],
      ['good', 610, 'PUBLIC', false, false],
      ['fair', 560, 'BAND_ONLY', false, false],
      ['poorPublic', 350, 'PUBLIC', false, false],
      ['poorBand', 549, 'BAND_ONLY', false, false],
      ['private950', 950, 'PRIVATE', false, false],
      ['connOnly940', 940, 'CONNECTIONS_ONLY', false, false],
      ['unscored', null, 'BAND_ONLY', false, false],
      ['privateCircle', 900, 'PRIVATE', true, false],
      ['unscoredPublic', null, 'PUBLIC', false, false],
    ];
    const persons = await Promise.all(specs.map(() => signUp(test.client, 'rc')));
    specs.forEach(([key, score, visibility, extraCircle, mutualTrust], i) =>
      candidates.set(key, {
        key,
        person: persons[i]!,
        score,
        visibility,
        circles: extraCircle ? 2 : 1,
        interests: 0,
        mutualTrust: mutualTrust ? 1 : 0,
      }),
    );
    // The privacy probe: of two BAND_ONLY EXCELLENT people with equal relevance, the one
    // with the smaller id gets the lower score, so ordering by score would put them the
    // other way round.
    const [low, high] = [c('exA'), c('exB')].sort((x, y) => (x.person.id < y.person.id ? -1 : 1));
    low!.score = 701;
    high!.score = 949;

    for (const candidate of candidates.values()) {
      await joinCircle(test, candidate.person, circle1);
      if (candidate.circles === 2) await joinCircle(test, candidate.person, circle2);
      if (candidate.score !== null) await setScore(candidate.person, candidate.score);
      if (candidate.visibility !== 'BAND_ONLY') await setVisibility(candidate.person, candidate.visibility);
    }
    // Mutual trust: the viewer trusts a go-between (no shared interest or circle) who trusts vgTrust.
    // The go-between shows their vouches to everyone, so the viewer may count this one.
    const [goBetween] = await Promise.all([signUp(test.client, 'rm')]);
    await setProfile(goBetween!, { vouchVisibility: 'PUBLIC' });
    await trust(viewer!, goBetween!);
    await trust(goBetween!, c('vgTrust').person);

    // People who share the circle but must never be recommended; each has the best public score.
    for (const key of ['connected', 'requestedByViewer', 'requestedViewer', 'blockedByViewer', 'blockedViewer']) {
      const person = await signUp(test.client, 'rx');
      await joinCircle(test, person, circle1);
      await setScore(person, 950);
      await setVisibility(person, 'PUBLIC');
      excluded.set(key, person);
    }
    const send = (from: Person, to: Person) =>
      ok(requestConnection(test.client, from, to, 'hi'));
    await send(viewer!, excluded.get('connected')!);
    await ok(test.client.request(ConnRespondDocument, { fromHandle: viewer!.handle, accept: true }, { token: excluded.get('connected')!.token }));
    await send(viewer!, excluded.get('requestedByViewer')!);
    await send(excluded.get('requestedViewer')!, viewer!);
    await ok(test.client.request(BlocksBlockDocument, { handle: excluded.get('blockedByViewer')!.handle }, { token: viewer!.token }));
    await ok(test.client.request(BlocksBlockDocument, { handle: viewer!.handle }, { token: excluded.get('blockedViewer')!.token }));

    expected = [...candidates.values()].sort(byContract);
  });

  const handles = (edges: Edge[]) => edges.map((e) => e.node.user.handle);
  const keysOf = (edges: Edge[]) => {
    const byHandle = new Map([...candidates.values()].map((cand) => [cand.person.handle, cand.key]));
    return edges.map((e) => byHandle.get(e.node.user.handle) ?? `stranger:${e.node.user.handle}`);
  };

  it('recommends exactly the people who share a circle, minus connected, requested and blocked ones', async () => {
    const edges = await walk(viewer, {});
    expect(new Set(handles(edges))).toEqual(new Set([...candidates.values()].map((cand) => cand.person.handle)));
    for (const [why, person] of excluded) expect(handles(edges), why).not.toContain(person.handle);
    expect(handles(edges)).not.toContain(viewer.handle);
  });

  it('orders by visible band, then relevance, then id', async () => {
    const edges = await walk(viewer, {});
    expect(keysOf(edges)).toEqual(expected.map((cand) => cand.key));
  });

  describe('privacy probes', () => {
    it('two BAND_ONLY people in one band with equal relevance come in id order, not score order (701 before 949)', async () => {
      const keys = keysOf(await walk(viewer, {}));
      const [low, high] = [c('exA'), c('exB')].sort((x, y) => (x.person.id < y.person.id ? -1 : 1));
      expect(low!.score).toBe(701);
      expect(high!.score).toBe(949);
      expect(keys.indexOf(low!.key)).toBeLessThan(keys.indexOf(high!.key));
    });

    it('a PRIVATE 950 comes after a visible POOR 350; so do CONNECTIONS_ONLY and unscored people', async () => {
      const keys = keysOf(await walk(viewer, {}));
      const lastVisible = Math.max(keys.indexOf('poorPublic'), keys.indexOf('poorBand'));
      for (const hidden of ['private950', 'connOnly940', 'unscored', 'privateCircle', 'unscoredPublic']) {
        expect(keys.indexOf(hidden), hidden).toBeGreaterThan(lastVisible);
      }
    });

    it('hidden people rank among themselves by relevance and id only, whatever their hidden scores', async () => {
      const keys = keysOf(await walk(viewer, {}));
      const hiddenOrder = keys.filter((key) => visibleRank(c(key)) === -1);
      const equalRelevance = ['private950', 'connOnly940', 'unscored', 'unscoredPublic'].map(c).sort((x, y) => (x.person.id < y.person.id ? -1 : 1));
      expect(hiddenOrder).toEqual(['privateCircle', ...equalRelevance.map((cand) => cand.key)]);
    });

    it('relevance, not the exact score, orders people within a band', async () => {
      const keys = keysOf(await walk(viewer, {}));
      // vgTrust (651): circle + mutual trust; vgCircle (650): two circles; vgPlain (699): one circle.
      expect(keys.filter((key) => key.startsWith('vg'))).toEqual(['vgTrust', 'vgCircle', 'vgPlain']);
    });

    it('shows each person\'s score only as their visibility allows', async () => {
      const edges = await walk(viewer, {});
      for (const edge of edges) {
        const cand = [...candidates.values()].find((x) => x.person.handle === edge.node.user.handle)!;
        const { creditScore, creditBand, connectionStatus } = edge.node.user;
        expect(connectionStatus).toBe('NONE');
        if (cand.score === null) {
          expect({ creditScore, creditBand }, cand.key).toEqual({ creditScore: null, creditBand: null });
        } else if (cand.visibility === 'PUBLIC') {
          expect({ creditScore, creditBand }, cand.key).toEqual({ creditScore: cand.score, creditBand: bandFor(cand.score) });
        } else if (cand.visibility === 'BAND_ONLY') {
          expect({ creditScore, creditBand }, cand.key).toEqual({ creditScore: null, creditBand: bandFor(cand.score) });
        } else {
          expect({ creditScore, creditBand }, cand.key).toEqual({ creditScore: null, creditBand: null });
        }
      }
    });

    it.each(CREDIT_BANDS.map(([band]) => band))('minCreditBand %s keeps exactly the people who show that band or better, hidden scores never', async (band) => {
      const edges = await walk(viewer, { minCreditBand: band });
      const want = expected.filter((cand) => visibleRank(cand) >= rankOf(band)).map((cand) => cand.key);
      expect(keysOf(edges)).toEqual(want);
      for (const hidden of ['private950', 'connOnly940', 'unscored', 'privateCircle', 'unscoredPublic']) {
        expect(keysOf(edges)).not.toContain(hidden);
      }
    });

    it('band filters cannot split a band: 701 and 949 come and go together', async () => {
      for (const [band] of CREDIT_BANDS) {
        const keys = keysOf(await walk(viewer, { minCreditBand: band }));
        expect(keys.includes('exA')).toBe(keys.includes('exB'));
        expect(keys.includes('exA')).toBe(true);
      }
    });

    it.each([1, 2, 3, 5])('pages of %s give the same list, every band filter included', async (first) => {
      expect(keysOf(await walk(viewer, {}, first))).toEqual(expected.map((cand) => cand.key));
      for (const [band] of CREDIT_BANDS) {
        const all = keysOf(await walk(viewer, { minCreditBand: band }));
        expect(keysOf(await walk(viewer, { minCreditBand: band }, first)), band).toEqual(all);
      }
    });

    it('cursors carry no exact score, and do not tell apart people in one band with equal relevance', async () => {
      const edges = [...(await walk(viewer, {}, 1)), ...(await walk(viewer, {}))];
      const scores = [...candidates.values()].map((cand) => cand.score).filter((s): s is number => s !== null);
      const identityFree = new Map<string, string>();
      for (const edge of edges) {
        const { id, handle } = edge.node.user;
        const decoded = decodeCursor(edge.cursor);
        const rest = leaves(decoded).filter((leaf) => leaf !== id && leaf !== handle);
        for (const leaf of rest) {
          for (const score of scores) {
            expect(leaf).not.toBe(score);
            if (typeof leaf === 'string') expect(leaf).not.toContain(String(score));
          }
        }
        identityFree.set(handle, JSON.stringify(rest));
      }
      const same = (...keys: string[]) => new Set(keys.map((key) => identityFree.get(c(key).person.handle))).size;
      expect(same('exA', 'exB')).toBe(1); // 701 and 949: indistinguishable
      expect(same('private950', 'connOnly940', 'unscored', 'unscoredPublic')).toBe(1); // hidden alike
    });
  });

  it('gives each recommendation its reasons', async () => {
    const edges = await walk(viewer, {});
    for (const edge of edges) {
      const cand = [...candidates.values()].find((x) => x.person.handle === edge.node.user.handle)!;
      expect(edge.node.sharedInterests, cand.key).toEqual([]);
      expect(edge.node.sharedCircles.map((s) => s.slug).sort(), cand.key).toEqual(
        (cand.circles === 2 ? [circle1, circle2] : [circle1]).sort(),
      );
      expect(edge.node.mutualTrustCount, cand.key).toBe(cand.mutualTrust);
    }
  });

  it('refuses first over the cap with BAD_USER_INPUT', async () => {
    // A page of 100 with every signal is over the cost limit, so a lighter selection reaches the cap.
    const result = await test.client.raw<{ strangerRecommendations: unknown }>(
      { query: '{ strangerRecommendations(first: 101) { edges { node { user { handle } } } } }' },
      { token: viewer.token },
    );
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.data?.strangerRecommendations ?? null).toBeNull();
  });

  it.each([
    ['a negative first', { first: -1 }],
    ['a cursor it never gave out', { first: 5, after: 'garbage!' }],
    ['a cursor of another shape', { first: 5, after: Buffer.from(JSON.stringify(['2026-01-01T00:00:00Z', 'x'])).toString('base64url') }],
    ['a cursor that is not JSON', { first: 5, after: Buffer.from('[4, 2,').toString('base64url') }],
    ['a bad interest slug', { first: 5, interest: 'Not A Slug!' }],
  ])('refuses %s with BAD_USER_INPUT', async (_name, variables) => {
    const result = await recommend(viewer, variables);
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.data?.strangerRecommendations ?? null).toBeNull();
  });

  it('refuses an unknown band and anonymous callers', async () => {
    const badBand = await test.client.raw(
      { query: 'query { strangerRecommendations(minCreditBand: SUPERB) { edges { cursor } } }' },
      { token: viewer.token },
    );
    expect(errorCodes(badBand)).toHaveLength(1);
    expect(['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT']).toContain(errorCodes(badBand)[0]);
    const anonymous = await test.client.request(RecoStrangersDocument, { first: 5 });
    expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);
  });

  it('accepts first = 100 (with a selection within the cost limit) and first = 0', async () => {
    const page = await test.client.raw<{ strangerRecommendations: { edges: unknown[] } }>(
      { query: '{ strangerRecommendations(first: 100) { edges { node { user { handle } } } } }' },
      { token: viewer.token },
    );
    expect(page.errors).toBeUndefined();
    expect(page.data!.strangerRecommendations.edges.length).toBe(candidates.size);
    const none = await ok(recommend(viewer, { first: 0 }));
    expect(none.strangerRecommendations.edges).toEqual([]);
    expect(none.strangerRecommendations.pageInfo.hasNextPage).toBe(true);
  });
});

describe('strangerRecommendations by interest', () => {
  // A viewer who follows rare interests; the database is shared, so assertions look at the
  // fixture's own people among everything returned.
  let viewer: Person;
  let both: Person; // follows both of the viewer's interests
  let one: Person; // follows one
  let circleOnly: Person; // shares a circle, no interest
  let circlePlusOther: Person; // shares a circle, follows an interest the viewer does not
  let nothingShared: Person; // follows an interest the viewer does not, no circle
  let slug: string;

  beforeAll(async () => {
    [viewer, both, one, circleOnly, circlePlusOther, nothingShared] = await Promise.all(
      Array.from({ length: 6 }, () => signUp(test.client, 'ri')),
    );
    await setInterests(viewer!, ['gardening', 'handicrafts']);
    await setInterests(both!, ['handicrafts', 'gardening']);
    await setInterests(one!, ['gardening']);
    await setInterests(circlePlusOther!, ['volunteering']);
    await setInterests(nothingShared!, ['volunteering']);
    slug = await foundCircle(test, viewer!, 'reco');
    await joinCircle(test, circleOnly!, slug);
    await joinCircle(test, circlePlusOther!, slug);
  });

  const fixtureHandles = () => [both, one, circleOnly, circlePlusOther, nothingShared].map((p) => p.handle);
  const ours = (edges: Edge[]) => edges.filter((e) => fixtureHandles().includes(e.node.user.handle));

  it('recommends people who share an interest or a circle, not people who share nothing', async () => {
    const mine = ours(await walk(viewer, {}));
    expect(new Set(mine.map((e) => e.node.user.handle))).toEqual(new Set([both.handle, one.handle, circleOnly.handle, circlePlusOther.handle]));
  });

  it('weighs shared circles twice and shared interests once (all unscored: relevance decides)', async () => {
    const mine = ours(await walk(viewer, {}));
    const byHandle = Object.fromEntries(mine.map((e) => [e.node.user.handle, e.node]));
    expect(byHandle[both.handle]!.sharedInterests.map((i) => i.slug)).toEqual(['gardening', 'handicrafts']);
    expect(byHandle[one.handle]!.sharedInterests.map((i) => i.slug)).toEqual(['gardening']);
    expect(byHandle[circleOnly.handle]!.sharedCircles.map((s) => s.slug)).toEqual([slug]);
    expect(byHandle[circleOnly.handle]!.sharedInterests).toEqual([]);
    // both: 2 interests = 2; circleOnly and circlePlusOther: 1 circle = 2; one: 1 interest = 1.
    const rel = (p: Person) => {
      const node = byHandle[p.handle]!;
      return node.sharedInterests.length * RELEVANCE_WEIGHTS.interest + node.sharedCircles.length * RELEVANCE_WEIGHTS.circle;
    };
    const order = mine.map((e) => e.node.user.handle);
    const want = [both, circleOnly, circlePlusOther, one]
      .sort((x, y) => rel(y) - rel(x) || (x.id < y.id ? -1 : 1))
      .map((p) => p.handle);
    expect(order).toEqual(want);
  });

  it('with `interest`, only people who follow that interest', async () => {
    const gardening = ours(await walk(viewer, { interest: 'gardening' })).map((e) => e.node.user.handle);
    expect(new Set(gardening)).toEqual(new Set([both.handle, one.handle]));
    const handicrafts = ours(await walk(viewer, { interest: 'handicrafts' })).map((e) => e.node.user.handle);
    expect(handicrafts).toEqual([both.handle]);
    // An interest the viewer does not follow: people who share a circle and follow it.
    const volunteering = ours(await walk(viewer, { interest: 'volunteering' })).map((e) => e.node.user.handle);
    expect(volunteering).toEqual([circlePlusOther.handle]);
    // Everyone returned follows it (checked in the graph, for everyone, not just the fixture).
    const all = await walk(viewer, { interest: 'gardening' });
    const rows = await test.database.forRequest().read((q) =>
      q.rows<{ handle: string; follows: boolean }>(
        `UNWIND $handles AS handle MATCH (u:User {handle: handle})
         RETURN handle, EXISTS { (u)-[:INTERESTED_IN]->(:Interest {slug: 'gardening'}) } AS follows`,
        { handles: all.map((e) => e.node.user.handle) },
      ),
    );
    expect(rows.every((row) => row.follows)).toBe(true);
  });

  it('an interest nobody in reach follows gives an empty list', async () => {
    const edges = ours(await walk(viewer, { interest: 'electric-vehicles' }));
    expect(edges).toEqual([]);
  });
});

describe('strangerRecommendations follow score and visibility changes at once', () => {
  // Three people change their score and visibility together: one shares an interest and a
  // circle with the viewer, one only the interest, one only the circle. A FAIR control stays put.
  let viewer: Person;
  let movers: Person[];
  let control: Person;

  beforeAll(async () => {
    const everyone = await Promise.all(Array.from({ length: 5 }, () => signUp(test.client, 'rf')));
    [viewer, control] = [everyone[0]!, everyone[1]!];
    movers = everyone.slice(2);
    await setInterests(viewer, ['parenting']);
    const slug = await foundCircle(test, viewer, 'reco');
    const [both, interestOnly, circleOnly] = movers as [Person, Person, Person];
    for (const person of [both, interestOnly, control]) await setInterests(person, ['parenting']);
    for (const person of [both, circleOnly, control]) await joinCircle(test, person, slug);
    await setScore(control, 560);
  });

  async function state(minCreditBand?: CreditBand) {
    const edges = await walk(viewer, minCreditBand ? { minCreditBand } : {});
    const list = edges.map((e) => e.node.user.handle);
    for (const person of [...movers, control]) {
      expect(list.filter((h) => h === person.handle), `${person.handle} listed once`).toHaveLength(list.includes(person.handle) ? 1 : 0);
    }
    return list;
  }

  const expectOrder = async (moversBeforeControl: boolean) => {
    const list = await state();
    for (const mover of movers) {
      expect(list.indexOf(mover.handle), mover.handle).toBeGreaterThanOrEqual(0);
      if (moversBeforeControl) expect(list.indexOf(mover.handle)).toBeLessThan(list.indexOf(control.handle));
      else expect(list.indexOf(mover.handle)).toBeGreaterThan(list.indexOf(control.handle));
    }
  };

  const expectInBand = async (band: CreditBand, included: boolean) => {
    const list = await state(band);
    for (const mover of movers) expect(list.includes(mover.handle), `${mover.handle} with minCreditBand ${band}`).toBe(included);
  };

  it('unscored: last; a new EXCELLENT score: first; PRIVATE: last again; PUBLIC POOR: after FAIR', async () => {
    await expectOrder(false);
    await expectInBand('POOR', false);

    for (const mover of movers) await setScore(mover, 800);
    await expectOrder(true);
    await expectInBand('EXCELLENT', true);

    for (const mover of movers) await setVisibility(mover, 'PRIVATE');
    await expectOrder(false);
    await expectInBand('POOR', false);

    for (const mover of movers) await setVisibility(mover, 'CONNECTIONS_ONLY');
    await expectOrder(false);
    await expectInBand('POOR', false);

    for (const mover of movers) await setVisibility(mover, 'BAND_ONLY');
    await expectOrder(true);
    await expectInBand('EXCELLENT', true);

    // A later observation in POOR, shown in full.
    for (const mover of movers) {
      await ok(
        test.client.request(
          RecordCreditScoreDocument,
          { handle: mover.handle, score: 400, source: `reco later ${tag()}`, observedAt: new Date(Date.now() - 60_000).toISOString() },
          { token: bureau },
        ),
      );
      await setVisibility(mover, 'PUBLIC');
    }
    await expectOrder(false);
    await expectInBand('POOR', true);
    await expectInBand('FAIR', false);
    const edges = await walk(viewer, {});
    for (const mover of movers) {
      const edge = edges.find((e) => e.node.user.handle === mover.handle)!;
      expect(edge.node.user).toMatchObject({ creditScore: 400, creditBand: 'POOR' });
    }
    // A hidden person ranks after a visible POOR one: PRIVATE again puts them after it.
    for (const mover of movers) await setVisibility(mover, 'PRIVATE');
    await expectOrder(false);
    await expectInBand('POOR', false);
  });

  it('changing interests keeps each person listed once, in their band', async () => {
    for (const mover of movers) await setVisibility(mover, 'BAND_ONLY');
    for (const mover of movers.slice(0, 2)) await setInterests(mover, ['pets', 'parenting']);
    await expectOrder(false); // POOR (400) after FAIR
    await expectInBand('POOR', true);
    await setInterests(viewer, ['parenting', 'pets']);
    await expectOrder(false);
    const edges = await walk(viewer, {});
    const both = edges.find((e) => e.node.user.handle === movers[0]!.handle)!;
    expect(both.node.sharedInterests.map((i) => i.slug).sort()).toEqual(['parenting', 'pets']);
  });
});

describe('icebreaker', () => {
  it('shows shared interests, shared circles and how many people the viewer trusts who trust them', async () => {
    const [viewer, other, m1, m2, m3, m4, m5] = await Promise.all(Array.from({ length: 7 }, () => signUp(test.client, 'ib')));
    await setInterests(viewer!, ['astronomy', 'pets', 'languages']);
    await setInterests(other!, ['pets', 'astronomy', 'investing']);
    const s1 = await foundCircle(test, viewer!, 'reco');
    const s2 = await foundCircle(test, other!, 'reco');
    const notShared = await foundCircle(test, other!, 'reco');
    await joinCircle(test, other!, s1);
    await joinCircle(test, viewer!, s2);
    // Counted: viewer -> m1 -> other (m1 vouches publicly), viewer -> m2 -> other (m2 is the
    // viewer's connection, and shows vouches to connections: the default).
    await setProfile(m1!, { vouchVisibility: 'PUBLIC' });
    await connect(test.database, viewer!, m2!);
    await trust(viewer!, m1!);
    await trust(m1!, other!);
    await trust(viewer!, m2!);
    await trust(m2!, other!);
    // Not counted: m3 trusts other but the viewer does not trust m3; viewer trusts m4, who
    // does not trust other (other trusts m4: the wrong way round); direct trust.
    await trust(m3!, other!);
    await trust(viewer!, m4!);
    await trust(other!, m4!);
    await trust(viewer!, other!);
    // Not counted: m5's vouch for other is private.
    await setProfile(m5!, { vouchVisibility: 'PRIVATE' });
    await trust(viewer!, m5!);
    await trust(m5!, other!);

    const data = await ok(test.client.request(RecoIcebreakerDocument, { handle: other!.handle }, { token: viewer!.token }));
    const icebreaker = data.user!.icebreaker!;
    expect(icebreaker.sharedInterests.map((i) => i.slug).sort()).toEqual(['astronomy', 'pets']);
    expect(icebreaker.sharedCircles.map((s) => s.slug).sort()).toEqual([s1, s2].sort());
    expect(icebreaker.sharedCircles.map((s) => s.slug)).not.toContain(notShared);
    expect(icebreaker.mutualTrustCount).toBe(2);

    // From the other side: other trusts m4, and m4 trusts nobody; so 0.
    const back = await ok(test.client.request(RecoIcebreakerDocument, { handle: viewer!.handle }, { token: other!.token }));
    expect(back.user!.icebreaker!.mutualTrustCount).toBe(0);
    expect(back.user!.icebreaker!.sharedInterests.map((i) => i.slug).sort()).toEqual(['astronomy', 'pets']);
  });

  it('is empty, not null, for a stranger who shares nothing', async () => {
    const [viewer, other] = await Promise.all([signUp(test.client, 'ibe'), signUp(test.client, 'ibe')]);
    const data = await ok(test.client.request(RecoIcebreakerDocument, { handle: other.handle }, { token: viewer.token }));
    expect(data.user!.icebreaker).toEqual({ sharedInterests: [], sharedCircles: [], mutualTrustCount: 0 });
  });

  it('is null for yourself and across a block, both ways', async () => {
    const [viewer, blocked, blocker] = await Promise.all([signUp(test.client, 'ibn'), signUp(test.client, 'ibn'), signUp(test.client, 'ibn')]);
    const self = await ok(test.client.request(RecoIcebreakerDocument, { handle: viewer.handle }, { token: viewer.token }));
    expect(self.user!.icebreaker).toBeNull();
    // To someone they blocked, the blocker is a handle nobody has: no user, so no icebreaker either.
    const look = async (from: Person, to: Person) =>
      (await ok(test.client.request(RecoIcebreakerDocument, { handle: to.handle }, { token: from.token }))).user?.icebreaker ?? null;
    expect(await look(viewer, blocked)).not.toBeNull();
    await ok(test.client.request(BlocksBlockDocument, { handle: blocked.handle }, { token: viewer.token }));
    await ok(test.client.request(BlocksBlockDocument, { handle: viewer.handle }, { token: blocker.token }));
    expect(await look(viewer, blocked)).toBeNull();
    expect(await look(blocked, viewer)).toBeNull();
    expect(await look(viewer, blocker)).toBeNull();
    expect(await look(blocker, viewer)).toBeNull();
  });
});
