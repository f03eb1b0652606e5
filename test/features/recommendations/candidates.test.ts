/**
 * Stored candidate lists (src/recommendations/candidates.*): strangerRecommendations reads a
 * person's list, ranked ahead of time by the worker, and re-checks every entry as it reads.
 *
 * Each kind of change (a new shared interest, a block, a connection request, a score
 * visibility change) shows on the next page at once (the list is marked changed, or a
 * person's band no longer matches: the page is ranked live) and reaches the stored list once
 * the worker has run (`drained()`). A list tampered into a stale state never shows a person
 * the rules hide. A short list (CANDIDATE_LIST_SIZE=21) pages on live past its end.
 *
 * People meet only through interests and circles made for each test, so each viewer's
 * candidates are exactly the test's people, whatever else the shared database holds.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { Role } from '../../../src/auth/roles.js';
import {
  BlocksBlockDocument,
  ConnSendDocument,
  RecoStrangersDocument,
  RecordCreditScoreDocument,
  SetInterestsDocument,
  UpdateProfileDocument,
  type RecoStrangersQuery,
  type RecoStrangersQueryVariables,
  type ScoreVisibility,
} from '../../generated/graphql.js';
import { foundCircle, joinCircle } from '../../helpers/circles.js';
import { ok } from '../../helpers/client.js';
import { blockInGraph, connect, serviceToken, signUp, signUpMany, type Person } from '../../helpers/people.js';
import { serverForTests } from '../../helpers/server.js';
import { tag } from '../../helpers/util.js';

const LIST_SIZE = 21;
// Longer limits than the suite's: on a loaded machine Neo4j can take seconds to plan the ranking.
const test = serverForTests({ CANDIDATE_LIST_SIZE: String(LIST_SIZE), NEO4J_TX_TIMEOUT_MS: '60000', REQUEST_DEADLINE_MS: '90000' });
vi.setConfig({ testTimeout: 300_000 });
let bureau: string;
beforeAll(() => {
  bureau = serviceToken(test, Role.CREDIT_BUREAU);
});

type Edge = RecoStrangersQuery['strangerRecommendations']['edges'][number];

const drained = () => test.server.app.candidates.drained(120_000);

async function page(viewer: Person, variables: RecoStrangersQueryVariables = { first: 50 }): Promise<string[]> {
  const data = await ok(test.client.request(RecoStrangersDocument, variables, { token: viewer.token }));
  return data.strangerRecommendations.edges.map((edge: Edge) => edge.node.user.handle);
}

async function walk(viewer: Person, first: number): Promise<string[]> {
  const handles: string[] = [];
  let after: string | null = null;
  for (let i = 0; i < 50; i++) {
    const data: RecoStrangersQuery = await ok(test.client.request(RecoStrangersDocument, { first, after }, { token: viewer.token }));
    handles.push(...data.strangerRecommendations.edges.map((edge) => edge.node.user.handle));
    if (!data.strangerRecommendations.pageInfo.hasNextPage) return handles;
    after = data.strangerRecommendations.pageInfo.endCursor ?? null;
  }
  throw new Error('more than 50 pages');
}

interface StoredList {
  ids: string[];
  bands: number[];
  fresh: boolean;
  complete: boolean;
}

async function storedList(person: Person): Promise<StoredList | undefined> {
  return test.database.forRequest().read((q) =>
    q.one<StoredList>(
      `MATCH (l:CandidateList {userId: $id})
       RETURN l.ids AS ids, l.bands AS bands, l.changes = l.computedChanges AS fresh, l.complete AS complete`,
      { id: person.id },
    ),
  );
}

/** An interest of the test's own (the catalogue is shared with every other test file). */
async function newInterest(): Promise<string> {
  const slug = `cand-${tag()}`;
  await test.database.forRequest().write((q) => q.rows('CREATE (:Interest {slug: $slug, name: $slug})', { slug }));
  return slug;
}

const setInterests = (person: Person, slugs: string[]) => ok(test.client.request(SetInterestsDocument, { slugs }, { token: person.token }));

async function setScore(person: Person, score: number) {
  const observedAt = new Date(Date.now() - 3_600_000).toISOString();
  await ok(test.client.request(RecordCreditScoreDocument, { handle: person.handle, score, source: `candidates ${tag()}`, observedAt }, { token: bureau }));
}

const setVisibility = (person: Person, scoreVisibility: ScoreVisibility) =>
  ok(test.client.request(UpdateProfileDocument, { input: { scoreVisibility } }, { token: person.token }));

/** The viewer and `others` in a circle of their own; the viewer's list computed and drained. */
async function circleOf(n: number): Promise<{ viewer: Person; others: Person[]; slug: string }> {
  const [viewer, ...others] = await signUpMany(test.client, n + 1, 'cand');
  const slug = await foundCircle(test, viewer!, 'cand');
  for (const person of others) await joinCircle(test, person, slug);
  await page(viewer!); // no list yet: ranked live, and the list queued
  await drained();
  return { viewer: viewer!, others, slug };
}

describe('stored candidate lists follow each kind of change', () => {
  it('a new shared interest: shown at once, and in the stored list after the worker ran', async () => {
    const slug = await newInterest();
    const [viewer, other] = await Promise.all([signUp(test.client, 'cand'), signUp(test.client, 'cand')]);
    await setInterests(other!, [slug]);
    expect(await page(viewer!)).toEqual([]);
    await drained();
    expect((await storedList(viewer!))?.ids).toEqual([]);

    await setInterests(viewer!, [slug]);
    expect(await page(viewer!)).toEqual([other!.handle]); // the list was marked before the mutation answered
    await drained();
    expect(await storedList(viewer!)).toMatchObject({ ids: [other!.id], fresh: true, complete: true });

    // Someone else taking the interest up marks the viewer's list too (its followers').
    const third = await signUp(test.client, 'cand');
    await setInterests(third, [slug]);
    expect((await page(viewer!)).sort()).toEqual([other!.handle, third.handle].sort());
    await drained();
    expect((await storedList(viewer!))?.ids.sort()).toEqual([other!.id, third.id].sort());
  });

  it('a block (either way): gone from the next page, and from the stored list after the worker ran', async () => {
    const { viewer, others } = await circleOf(3);
    const [blockedByViewer, blockerOfViewer, stays] = others as [Person, Person, Person];
    expect((await storedList(viewer))?.ids.sort()).toEqual([blockedByViewer.id, blockerOfViewer.id, stays.id].sort());

    await ok(test.client.request(BlocksBlockDocument, { handle: blockedByViewer.handle }, { token: viewer.token }));
    await ok(test.client.request(BlocksBlockDocument, { handle: viewer.handle }, { token: blockerOfViewer.token }));
    expect(await page(viewer)).toEqual([stays.handle]);
    await drained();
    expect(await storedList(viewer)).toMatchObject({ ids: [stays.id], fresh: true });
    expect(await page(viewer)).toEqual([stays.handle]);
  });

  it('a connection request: gone from the next page, and from the stored list after the worker ran', async () => {
    const { viewer, others } = await circleOf(2);
    const [asked, stays] = others as [Person, Person];
    await ok(test.client.request(ConnSendDocument, { handle: asked.handle, message: 'hello' }, { token: viewer.token }));
    expect(await page(viewer)).toEqual([stays.handle]);
    await drained();
    expect(await storedList(viewer)).toMatchObject({ ids: [stays.id], fresh: true });
  });

  it('a score visibility change by a candidate: ranked by the band now shown at once, and in the list after the worker ran', async () => {
    const { viewer, others } = await circleOf(2);
    const [excellent, fair] = others as [Person, Person];
    await setScore(excellent, 800);
    await setScore(fair, 560);
    await Promise.all([setVisibility(excellent, 'PUBLIC'), setVisibility(fair, 'PUBLIC')]);
    // Their changes do not name the viewer: the viewer's list is recomputed when a page finds a band moved.
    await page(viewer);
    await drained();
    expect(await storedList(viewer)).toMatchObject({ ids: [excellent.id, fair.id], bands: [4, 1], fresh: true });
    expect(await page(viewer)).toEqual([excellent.handle, fair.handle]);

    await setVisibility(excellent, 'PRIVATE');
    expect(await page(viewer)).toEqual([fair.handle, excellent.handle]);
    await drained();
    expect(await storedList(viewer)).toMatchObject({ ids: [fair.id, excellent.id], bands: [1, -1], fresh: true });
    expect(await page(viewer)).toEqual([fair.handle, excellent.handle]);
  });
});

describe('a stale stored list never shows what the rules hide', () => {
  it('skips people blocked, connected or gone since the list was computed, without waiting for the worker', async () => {
    const { viewer, others } = await circleOf(4);
    const [blocked, connected, gone, stays] = others as [Person, Person, Person, Person];
    expect((await storedList(viewer))?.fresh).toBe(true);
    // Written straight into the graph: no mutation marks the list, so it is stale and still "fresh".
    await blockInGraph(test.database, blocked, viewer);
    await connect(test.database, viewer, connected);
    await test.database.forRequest().write((q) => q.rows('MATCH (u:User {id: $id}) DETACH DELETE u', { id: gone.id }));
    expect((await storedList(viewer))?.ids).toHaveLength(4);
    expect(await page(viewer)).toEqual([stays.handle]);
  });

  it('does not rank anyone by a band they no longer show, even when the list says so', async () => {
    const { viewer, others } = await circleOf(2);
    const [hidden, shown] = others as [Person, Person];
    await setScore(hidden, 900);
    await setScore(shown, 560);
    await Promise.all([setVisibility(hidden, 'PRIVATE'), setVisibility(shown, 'PUBLIC')]);
    await page(viewer);
    await drained();
    // The list as it would be had `hidden` once shown EXCELLENT: first, above `shown`.
    await test.database.forRequest().write((q) =>
      q.rows('MATCH (l:CandidateList {userId: $id}) SET l.ids = $ids, l.bands = [4, 1], l.relevances = [2, 2]', { id: viewer.id, ids: [hidden.id, shown.id] }),
    );
    expect(await page(viewer)).toEqual([shown.handle, hidden.handle]);
    await drained(); // the page found the band moved and queued a recompute
    expect(await storedList(viewer)).toMatchObject({ ids: [shown.id, hidden.id], bands: [1, -1], fresh: true });
  });
});

describe('past the stored list', () => {
  it('pages on with the live ranking, in one order, without gaps or repeats', async () => {
    const { viewer, others } = await circleOf(LIST_SIZE + 4);
    const list = await storedList(viewer);
    expect(list).toMatchObject({ complete: false, fresh: true });
    expect(list!.ids).toHaveLength(LIST_SIZE);
    // Everyone shares one circle and no score: relevance ties, id decides.
    const expected = [...others].sort((a, b) => (a.id < b.id ? -1 : 1)).map((person) => person.handle);
    expect(await walk(viewer, 10)).toEqual(expected);
    expect(await walk(viewer, 7)).toEqual(expected);
  });
});
