import { beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../../src/auth/roles.js';
import { bandRank, type CreditBand as ServerBand } from '../../../src/privacy/credit-bands.js';
import {
  CreditExtraHistoryDocument,
  CreditExtraMeDocument,
  CreditExtraRecordDocument,
  CreditViewDocument,
  InterestsDocument,
  MyCreditHistoryDocument,
  RecordCreditScoreDocument,
  UpdateProfileDocument,
  type ScoreVisibility,
} from '../../generated/graphql.js';
import { errorCodes } from '../../helpers/client.js';
import { bandFor } from '../../helpers/credit.js';
import { blockInGraph, connect, serviceToken, signUp, uniqueHandle, type Person } from '../../helpers/people.js';
import { serverForTests } from '../../helpers/server.js';
import { tag } from '../../helpers/util.js';

const test = serverForTests();
let bureau: string;
let verifier: string;

beforeAll(() => {
  bureau = serviceToken(test, Role.CREDIT_BUREAU);
  verifier = serviceToken(test, Role.IDENTITY_VERIFIER);
});

// ---------------------------------------------------------------------------------------
// Helpers

/** A fixed moment well in the past (whole seconds); observations are minutes after it. */
const BASE = Math.floor((Date.now() - 30 * 86_400_000) / 1000) * 1000;
const at = (minutes: number) => new Date(BASE + minutes * 60_000).toISOString();

/** A source name no other test uses. */
const newSource = (name = 'Sesame') => `${name} test ${tag()}`;

/** Records through the API; `token` null sends no token at all. */
function record(handle: string, score: number, observedAt: string, source: string, token: string | null = bureau) {
  return test.client.request(RecordCreditScoreDocument, { handle, score, source, observedAt }, { token: token ?? undefined });
}

async function recordOk(handle: string, score: number, observedAt: string, source: string) {
  const result = await record(handle, score, observedAt, source);
  expect(result.errors).toBeUndefined();
  return result.data!.recordCreditScore;
}

async function setVisibility(person: Person, scoreVisibility: ScoreVisibility) {
  const result = await test.client.request(UpdateProfileDocument, { input: { scoreVisibility } }, { token: person.token });
  expect(result.errors).toBeUndefined();
}

const sortById = <T extends { id?: unknown }>(list: T[]) => [...list].sort((a, b) => String(a.id).localeCompare(String(b.id)));

/** Everything the graph holds about one person's credit: node properties, records, edges. */
async function creditGraph(userId: string) {
  const row = await test.database.forRequest().read((q) =>
    q.one<{ user: Record<string, unknown>; linked: Array<Record<string, unknown>>; stored: number; degree: number }>(
      `MATCH (u:User {id: $userId})
       RETURN properties(u) AS user,
              [(u)-[:HAS_CREDIT_RECORD]->(r:CreditScoreRecord) | properties(r)] AS linked,
              COUNT { MATCH (r:CreditScoreRecord) WHERE r.userId = $userId } AS stored,
              COUNT { (u)--() } AS degree`,
      { userId },
    ),
  );
  return { ...row!, linked: sortById(row!.linked) };
}

/**
 * Credit-relevant state only: the current score, the band rank it shows strangers (kept on
 * the node for ranking; the default visibility BAND_ONLY shows the band), and the records.
 */
async function creditState(userId: string) {
  const { user, linked, stored } = await creditGraph(userId);
  return { score: user.creditScore ?? null, band: user.visibleBand ?? null, observedAt: user.creditObservedAt ?? null, linked, stored };
}

/** The rank a BAND_ONLY person's band is stored under for ranking (EXCELLENT 4 … POOR 0). */
const rankFor = (score: number) => bandRank(bandFor(score) as ServerBand);

async function history(person: Person, first?: number, after?: string | null) {
  const result = await test.client.request(MyCreditHistoryDocument, { first, after }, { token: person.token });
  expect(result.errors).toBeUndefined();
  return result.data!.me!.creditHistory!;
}

async function historyIds(person: Person, first: number, after?: string | null) {
  const result = await test.client.request(CreditExtraHistoryDocument, { handle: person.handle, first, after }, { token: person.token });
  return result;
}

async function countRecordsFrom(source: string): Promise<number> {
  const row = await test.database
    .forRequest()
    .read((q) => q.one<{ n: number }>('MATCH (r:CreditScoreRecord {source: $source}) RETURN count(r) AS n', { source }));
  return row!.n;
}

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

// ---------------------------------------------------------------------------------------

describe('recordCreditScore', () => {
  it('records a score with a CREDIT_BUREAU token: a dated record with its source, and the current score', async () => {
    const person = await signUp(test.client, 'credit');
    const source = newSource();
    const observedAt = at(10);
    const result = await test.client.request(
      CreditExtraRecordDocument,
      { handle: person.handle, score: 688, source, observedAt },
      { token: bureau },
    );
    expect(result.errors).toBeUndefined();
    // The bureau reads back what it wrote; the owner-only fields stay hidden from it.
    expect(result.data!.recordCreditScore).toEqual({
      id: person.id,
      handle: person.handle,
      creditScore: 688,
      creditBand: bandFor(688),
      scoreVisibility: null,
      creditHistory: null,
    });

    const { user, linked, stored } = await creditGraph(person.id);
    expect(user).toMatchObject({ creditScore: 688, visibleBand: rankFor(688) });
    expect((user.creditObservedAt as Date).toISOString()).toBe(observedAt);
    expect(stored).toBe(1);
    expect(linked).toHaveLength(1);
    expect(linked[0]).toMatchObject({ userId: person.id, score: 688, source, recordedBy: 'service:credit_bureau' });
    expect((linked[0]!.observedAt as Date).toISOString()).toBe(observedAt);
    expect(Math.abs((linked[0]!.recordedAt as Date).getTime() - Date.now())).toBeLessThan(60_000);

    const mine = await history(person);
    expect(mine.edges.map((e) => e.node)).toEqual([
      { score: 688, band: bandFor(688), source, observedAt, recordedAt: (linked[0]!.recordedAt as Date).toISOString() },
    ]);
    const me = await test.client.request(CreditExtraMeDocument, {}, { token: person.token });
    expect(me.data!.me).toMatchObject({ creditScore: 688, creditBand: bandFor(688) });
  });

  it('finds the person by handle in any case, and trims the source', async () => {
    const person = await signUp(test.client, 'anycase');
    const source = newSource();
    const result = await record(person.handle.toUpperCase(), 612, at(1), `  ${source}  `);
    expect(result.errors).toBeUndefined();
    expect(result.data!.recordCreditScore).toEqual({ handle: person.handle, creditScore: 612, creditBand: bandFor(612) });
    const { linked } = await creditGraph(person.id);
    expect(linked.map((r) => r.source)).toEqual([source]);
  });

  it('accepts an observation given in another time zone as the same instant', async () => {
    const person = await signUp(test.client, 'timezone');
    const source = newSource();
    const utc = at(100);
    const inShanghai = new Date(new Date(utc).getTime() + 8 * 3_600_000).toISOString().replace('Z', '+08:00');
    expect(new Date(inShanghai).getTime()).toBe(new Date(utc).getTime());
    await recordOk(person.handle, 640, inShanghai, source);
    const mine = await history(person);
    expect(mine.edges.map((e) => e.node.observedAt)).toEqual([utc]);
    // Re-sent in UTC it is the same observation.
    await recordOk(person.handle, 640, utc, source);
    expect((await creditGraph(person.id)).stored).toBe(1);
  });

  describe('refusals change nothing', () => {
    let person: Person;
    let source: string;
    beforeAll(async () => {
      person = await signUp(test.client, 'refusals');
      source = newSource();
      await recordOk(person.handle, 701, at(50), source);
      expect((await creditGraph(person.id)).user.creditScore).toBe(701);
    });

    const refused: Array<[string, string, () => { handle?: string; score?: number; observedAt?: string; source?: string; token?: string | null }, string | undefined]> = [
      ['a USER token', 'FORBIDDEN', () => ({ token: person.token }), undefined],
      ['an IDENTITY_VERIFIER token', 'FORBIDDEN', () => ({ token: verifier }), undefined],
      ['no token', 'UNAUTHENTICATED', () => ({ token: null }), undefined],
      ['score 349', 'BAD_USER_INPUT', () => ({ score: 349 }), 'score'],
      ['score 951', 'BAD_USER_INPUT', () => ({ score: 951 }), 'score'],
      ['score 0', 'BAD_USER_INPUT', () => ({ score: 0 }), 'score'],
      ['a negative score', 'BAD_USER_INPUT', () => ({ score: -700 }), 'score'],
      ['observedAt five minutes in the future', 'BAD_USER_INPUT', () => ({ observedAt: new Date(Date.now() + 5 * 60_000).toISOString() }), 'observedAt'],
      ['observedAt a year in the future', 'BAD_USER_INPUT', () => ({ observedAt: new Date(Date.now() + 365 * 86_400_000).toISOString() }), 'observedAt'],
      ['a blank source', 'BAD_USER_INPUT', () => ({ source: '   ' }), 'source'],
      ['a source over 100 characters', 'BAD_USER_INPUT', () => ({ source: 's'.repeat(101) }), 'source'],
      ['a source with a newline', 'BAD_USER_INPUT', () => ({ source: 'Sesame\nCredit' }), 'source'],
      ['a malformed handle', 'BAD_USER_INPUT', () => ({ handle: 'not a handle!' }), 'handle'],
    ];
    it.each(refused)('refuses %s with %s', async (_name, code, override, field) => {
      const before = await creditGraph(person.id);
      const o = override();
      const token = o.token === undefined ? bureau : o.token;
      // A valid, newer observation but for the one thing wrong with it.
      const result = await record(o.handle ?? person.handle, o.score ?? 820, o.observedAt ?? at(60), o.source ?? source, token);
      expect(errorCodes(result)).toEqual([code]);
      if (field) expect(result.errors![0]!.extensions!.field).toBe(field);
      expect(result.data?.recordCreditScore ?? null).toBeNull();
      expect(await creditGraph(person.id)).toEqual(before);
    });

    it.each([
      ['a fractional score', { s: 700.5 }],
      ['a date-time that is not ISO-8601', { at: 'yesterday at noon' }],
      ['a date without a time', { at: '2025-01-31' }],
    ])('refuses %s with BAD_USER_INPUT', async (_name, override) => {
      const before = await creditGraph(person.id);
      const result = await test.client.raw(
        {
          query:
            'mutation ($h: String!, $s: Int!, $src: String!, $at: DateTime!) { recordCreditScore(handle: $h, score: $s, source: $src, observedAt: $at) { creditScore } }',
          variables: { h: person.handle, s: 820, src: source, at: at(60), ...override },
        },
        { token: bureau },
      );
      expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
      expect(await creditGraph(person.id)).toEqual(before);
    });
  });

  it('answers NOT_FOUND for a handle nobody has, and records nothing', async () => {
    const handle = uniqueHandle('ghost');
    const source = newSource();
    const result = await record(handle, 700, at(5), source);
    expect(errorCodes(result)).toEqual(['NOT_FOUND']);
    expect(result.errors![0]!.message).toContain(handle);
    expect(await countRecordsFrom(source)).toBe(0);
    const users = await test.database.forRequest().read((q) => q.one<{ n: number }>('MATCH (u:User {handle: $handle}) RETURN count(u) AS n', { handle }));
    expect(users!.n).toBe(0);
  });

  it('makes the latest observation current, not the latest to arrive', async () => {
    const person = await signUp(test.client, 'latest');
    const source = newSource();
    expect((await recordOk(person.handle, 720, at(20), source)).creditScore).toBe(720);
    // An older observation arrives later: it joins the history but does not become current.
    const late = await recordOk(person.handle, 580, at(10), source);
    expect(late).toMatchObject({ creditScore: 720, creditBand: bandFor(720) });
    const state = await creditState(person.id);
    expect(state).toMatchObject({ score: 720, band: rankFor(720), stored: 2 });
    expect((state.observedAt as Date).toISOString()).toBe(at(20));
    expect((await history(person)).edges.map((e) => [e.node.score, e.node.observedAt])).toEqual([
      [720, at(20)],
      [580, at(10)],
    ]);
    // A newer one, from another source, takes over.
    const newer = await recordOk(person.handle, 610, at(30), newSource('Other'));
    expect(newer).toMatchObject({ creditScore: 610, creditBand: bandFor(610) });
    expect((await creditState(person.id)).score).toBe(610);
    const me = await test.client.request(CreditExtraMeDocument, {}, { token: person.token });
    expect(me.data!.me!.creditScore).toBe(610);
  });

  it('keeps the first recorded when two sources observed the same moment', async () => {
    const person = await signUp(test.client, 'tie');
    await recordOk(person.handle, 605, at(40), newSource('First'));
    const second = await recordOk(person.handle, 805, at(40), newSource('Second'));
    expect(second.creditScore).toBe(605);
    expect(await creditState(person.id)).toMatchObject({ score: 605, stored: 2 });
  });

  it('is idempotent: re-sending the identical observation keeps one record and changes nothing', async () => {
    const person = await signUp(test.client, 'idem');
    const source = newSource();
    const first = await recordOk(person.handle, 655, at(15), source);
    const before = await creditState(person.id);
    expect(before.stored).toBe(1);
    for (let i = 0; i < 3; i++) {
      const again = await recordOk(person.handle, 655, at(15), source);
      expect(again).toEqual(first);
    }
    // Same id, same recordedAt: the original record, untouched.
    expect(await creditState(person.id)).toEqual(before);
    expect((await history(person)).edges).toHaveLength(1);
  });

  it('is idempotent for an old observation re-sent after a newer one', async () => {
    const person = await signUp(test.client, 'idemold');
    const source = newSource();
    await recordOk(person.handle, 560, at(1), source);
    await recordOk(person.handle, 760, at(2), source);
    const before = await creditState(person.id);
    const again = await recordOk(person.handle, 560, at(1), source);
    expect(again.creditScore).toBe(760);
    expect(await creditState(person.id)).toEqual(before);
  });

  it('refuses the same source and observedAt with a different score with CONFLICT; score and history stay as they were', async () => {
    const person = await signUp(test.client, 'conflict');
    const source = newSource();
    await recordOk(person.handle, 630, at(25), source);
    const before = await creditState(person.id);
    const result = await record(person.handle, 631, at(25), source);
    expect(errorCodes(result)).toEqual(['CONFLICT']);
    expect(result.errors![0]!.message).toContain(source);
    expect(result.data?.recordCreditScore ?? null).toBeNull();
    expect(await creditState(person.id)).toEqual(before);
    expect((await history(person)).edges.map((e) => e.node.score)).toEqual([630]);
    // The same moment from another source is a different observation, not a conflict.
    expect((await record(person.handle, 631, at(25), newSource('Another'))).errors).toBeUndefined();
  });

  it('a CONFLICT commits no write at all (the person node is untouched)', async () => {
    const person = await signUp(test.client, 'conflict2');
    const source = newSource();
    await recordOk(person.handle, 630, at(25), source);
    const before = await creditGraph(person.id);
    const result = await record(person.handle, 900, at(25), source);
    expect(errorCodes(result)).toEqual(['CONFLICT']);
    expect(await creditGraph(person.id)).toEqual(before);
  });

  it('records concurrent identical observations once, without errors', async () => {
    const person = await signUp(test.client, 'concurrent');
    const source = newSource();
    const results = await Promise.all(Array.from({ length: 8 }, () => record(person.handle, 677, at(33), source)));
    for (const result of results) {
      expect(result.errors).toBeUndefined();
      expect(result.data!.recordCreditScore.creditScore).toBe(677);
    }
    expect(await creditState(person.id)).toMatchObject({ score: 677, stored: 1 });
  });

  it('settles concurrent different observations on the latest observedAt', async () => {
    const person = await signUp(test.client, 'race');
    const source = newSource();
    const scores = [401, 502, 603, 704, 805, 906];
    const order = [3, 0, 5, 1, 4, 2];
    const results = await Promise.all(order.map((i) => record(person.handle, scores[i]!, at(200 + i), source)));
    for (const result of results) expect(result.errors).toBeUndefined();
    const state = await creditState(person.id);
    expect(state).toMatchObject({ score: scores.at(-1), band: rankFor(scores.at(-1)!), stored: scores.length });
    expect((await history(person)).edges.map((e) => e.node.score)).toEqual([...scores].reverse());
  });

  describe('band boundaries', () => {
    let viewer: Person;
    beforeAll(async () => {
      viewer = await signUp(test.client, 'bandview');
    });

    it.each([350, 549, 550, 599, 600, 649, 650, 699, 700, 950])('%i is in its contract band everywhere it shows', async (score) => {
      const person = await signUp(test.client, `band${score}`);
      const source = newSource();
      const expected = bandFor(score);
      const result = await recordOk(person.handle, score, at(score), source);
      expect(result).toEqual({ handle: person.handle, creditScore: score, creditBand: expected });
      // The default visibility (BAND_ONLY) shows a stranger the band alone.
      const seen = await test.client.request(CreditViewDocument, { handle: person.handle }, { token: viewer.token });
      expect(seen.data!.user).toMatchObject({ creditScore: null, creditBand: expected });
      const mine = await history(person);
      expect(mine.edges.map((e) => [e.node.score, e.node.band])).toEqual([[score, expected]]);
      expect((await creditGraph(person.id)).user).toMatchObject({ creditScore: score, visibleBand: rankFor(score) });
    });
  });
});

describe('creditHistory', () => {
  let owner: Person;
  let other: Person;
  let sourceA: string;
  let sourceB: string;
  const observations: Array<[number, number, 'A' | 'B']> = [
    // [minutes, score, source]
    [300, 610, 'A'],
    [320, 640, 'A'],
    [310, 700, 'A'],
    [330, 720, 'A'],
    [330, 730, 'B'], // the same moment as the one above, from another source
    [290, 500, 'B'],
    [340, 555, 'B'],
  ];

  beforeAll(async () => {
    [owner, other] = await Promise.all([signUp(test.client, 'history'), signUp(test.client, 'snoop')]);
    sourceA = newSource('A');
    sourceB = newSource('B');
    for (const [minutes, score, src] of observations) await recordOk(owner.handle, score, at(minutes), src === 'A' ? sourceA : sourceB);
    await connect(test.database, owner, other);
  });

  it('shows the owner every record, newest observation first', async () => {
    const page = await history(owner, 50);
    expect(page.pageInfo.hasNextPage).toBe(false);
    expect(page.edges).toHaveLength(observations.length);
    const times = page.edges.map((e) => new Date(e.node.observedAt).getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const got = page.edges.map((e) => `${e.node.observedAt}|${e.node.score}|${e.node.source}`).sort();
    const want = observations.map(([m, s, src]) => `${at(m)}|${s}|${src === 'A' ? sourceA : sourceB}`).sort();
    expect(got).toEqual(want);
    for (const edge of page.edges) expect(edge.node.band).toBe(bandFor(edge.node.score));
    // The same through user(handle) for the owner.
    const viaHandle = await historyIds(owner, 50);
    expect(viaHandle.errors).toBeUndefined();
    expect(viaHandle.data!.user!.creditHistory!.edges.map((e) => e.node.score)).toEqual(page.edges.map((e) => e.node.score));
  });

  it('walks page by page with cursors: every record once, in the same order', async () => {
    const whole = (await historyIds(owner, 50)).data!.user!.creditHistory!.edges.map((e) => e.node.id);
    for (const size of [1, 2, 3]) {
      const ids: string[] = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const result = await historyIds(owner, size, after);
        expect(result.errors).toBeUndefined();
        const connection = result.data!.user!.creditHistory!;
        pages += 1;
        expect(connection.edges.length).toBeLessThanOrEqual(size);
        ids.push(...connection.edges.map((e) => e.node.id));
        expect(connection.pageInfo.endCursor).toBe(connection.edges.at(-1)?.cursor ?? null);
        if (!connection.pageInfo.hasNextPage) break;
        after = connection.pageInfo.endCursor;
        expect(pages).toBeLessThan(50);
      }
      expect(ids).toEqual(whole);
      expect(new Set(ids).size).toBe(observations.length);
      expect(pages).toBe(Math.ceil(observations.length / size));
    }
  });

  it('is null for everyone but the owner: strangers, connections, services', async () => {
    const stranger = await signUp(test.client, 'stranger');
    for (const token of [stranger.token, other.token, bureau, verifier]) {
      const seen = await test.client.request(CreditExtraHistoryDocument, { handle: owner.handle, first: 10 }, { token });
      expect(seen.errors).toBeUndefined();
      expect(seen.data!.user!.id).toBe(owner.id);
      expect(seen.data!.user!.creditHistory).toBeNull();
    }
  });

  it('is empty for an owner with no records', async () => {
    const fresh = await signUp(test.client, 'nohistory');
    expect(await history(fresh)).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it.each([
    ['above MAX_PAGE_SIZE', () => test.config.maxPageSize + 1],
    ['negative', () => -5],
  ])('refuses first %s with BAD_USER_INPUT naming "first"', async (_name, first) => {
    const result = await test.client.request(MyCreditHistoryDocument, { first: first() }, { token: owner.token });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0]!.extensions!.field).toBe('first');
  });

  it.each([
    ['garbage', 'garbage'],
    ['a key of the wrong shape', cursorOf([1, 2])],
    ['a key of the wrong length', cursorOf([at(300)])],
  ])('refuses an `after` cursor that is %s with BAD_USER_INPUT naming "after"', async (_name, after) => {
    const result = await test.client.request(MyCreditHistoryDocument, { first: 2, after }, { token: owner.token });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0]!.extensions!.field).toBe('after');
  });

  it('refuses a cursor of the right shape whose time is not a date-time with BAD_USER_INPUT (not an internal error)', async () => {
    const result = await test.client.request(MyCreditHistoryDocument, { first: 2, after: cursorOf(['not-a-date', 'some-id']) }, { token: owner.token });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0]!.extensions!.field).toBe('after');
  });

  it("refuses another list's cursor (from `interests`) with BAD_USER_INPUT", async () => {
    const interests = await test.client.request(InterestsDocument, { first: 1 }, { token: owner.token });
    const foreign = interests.data!.interests.pageInfo.endCursor!;
    const result = await test.client.request(MyCreditHistoryDocument, { first: 2, after: foreign }, { token: owner.token });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('who sees a credit score', () => {
  type Seen = 'score' | 'band' | 'nothing';
  type ViewerKind =
    | 'self'
    | 'stranger'
    | 'connection (they connected)'
    | 'connection (viewer connected)'
    | 'blocker (viewer blocked them)'
    | 'blocked (they blocked the viewer)'
    | 'connection who was blocked'
    | 'CREDIT_BUREAU service'
    | 'IDENTITY_VERIFIER service';

  // PRODUCT.md, "Trust and privacy rules"; the bureau reads back what it writes; a blocked
  // pair sees nothing of each other; other services are not people the owner chose.
  const MATRIX: Record<ScoreVisibility, Record<ViewerKind, Seen>> = {
    PUBLIC: {
      self: 'score',
      stranger: 'score',
      'connection (they connected)': 'score',
      'connection (viewer connected)': 'score',
      'blocker (viewer blocked them)': 'nothing',
      'blocked (they blocked the viewer)': 'nothing',
      'connection who was blocked': 'nothing',
      'CREDIT_BUREAU service': 'score',
      'IDENTITY_VERIFIER service': 'nothing',
    },
    BAND_ONLY: {
      self: 'score',
      stranger: 'band',
      'connection (they connected)': 'score',
      'connection (viewer connected)': 'score',
      'blocker (viewer blocked them)': 'nothing',
      'blocked (they blocked the viewer)': 'nothing',
      'connection who was blocked': 'nothing',
      'CREDIT_BUREAU service': 'score',
      'IDENTITY_VERIFIER service': 'nothing',
    },
    CONNECTIONS_ONLY: {
      self: 'score',
      stranger: 'nothing',
      'connection (they connected)': 'score',
      'connection (viewer connected)': 'score',
      'blocker (viewer blocked them)': 'nothing',
      'blocked (they blocked the viewer)': 'nothing',
      'connection who was blocked': 'nothing',
      'CREDIT_BUREAU service': 'score',
      'IDENTITY_VERIFIER service': 'nothing',
    },
    PRIVATE: {
      self: 'score',
      stranger: 'nothing',
      'connection (they connected)': 'nothing',
      'connection (viewer connected)': 'nothing',
      'blocker (viewer blocked them)': 'nothing',
      'blocked (they blocked the viewer)': 'nothing',
      'connection who was blocked': 'nothing',
      'CREDIT_BUREAU service': 'score',
      'IDENTITY_VERIFIER service': 'nothing',
    },
  };
  const VISIBILITIES = Object.keys(MATRIX) as ScoreVisibility[];
  const VIEWER_KINDS = Object.keys(MATRIX.PUBLIC) as ViewerKind[];
  const SCORE = 668;

  const scored = new Map<ScoreVisibility, Person>();
  const unscored = new Map<ScoreVisibility, Person>();
  const viewers = new Map<ViewerKind, Person>();

  beforeAll(async () => {
    const people = await Promise.all([
      ...VISIBILITIES.map((v) => signUp(test.client, `own_${v.toLowerCase().slice(0, 4)}`)),
      ...VISIBILITIES.map((v) => signUp(test.client, `none_${v.toLowerCase().slice(0, 4)}`)),
      ...VIEWER_KINDS.filter((k) => !k.endsWith('service') && k !== 'self').map(() => signUp(test.client, 'viewer')),
    ]);
    VISIBILITIES.forEach((v, i) => scored.set(v, people[i]!));
    VISIBILITIES.forEach((v, i) => unscored.set(v, people[VISIBILITIES.length + i]!));
    VIEWER_KINDS.filter((k) => !k.endsWith('service') && k !== 'self').forEach((k, i) => viewers.set(k, people[2 * VISIBILITIES.length + i]!));

    for (const owner of [...scored.values(), ...unscored.values()]) {
      await connect(test.database, owner, viewers.get('connection (they connected)')!);
      await connect(test.database, viewers.get('connection (viewer connected)')!, owner);
      await blockInGraph(test.database, viewers.get('blocker (viewer blocked them)')!, owner);
      await blockInGraph(test.database, owner, viewers.get('blocked (they blocked the viewer)')!);
      await connect(test.database, owner, viewers.get('connection who was blocked')!);
      await blockInGraph(test.database, owner, viewers.get('connection who was blocked')!);
    }
    for (const v of VISIBILITIES) {
      await setVisibility(scored.get(v)!, v);
      await setVisibility(unscored.get(v)!, v);
      await recordOk(scored.get(v)!.handle, SCORE, at(500), newSource());
    }
  });

  const tokenFor = (kind: ViewerKind, owner: Person) =>
    kind === 'self' ? owner.token : kind === 'CREDIT_BUREAU service' ? bureau : kind === 'IDENTITY_VERIFIER service' ? verifier : viewers.get(kind)!.token;

  const expectedFor = (seen: Seen) =>
    seen === 'score'
      ? { creditScore: SCORE, creditBand: bandFor(SCORE) }
      : seen === 'band'
        ? { creditScore: null, creditBand: bandFor(SCORE) }
        : { creditScore: null, creditBand: null };

  const cases = VISIBILITIES.flatMap((visibility) => VIEWER_KINDS.map((kind) => [visibility, kind, MATRIX[visibility][kind]] as const));

  /** To someone they blocked, the owner is a handle nobody has: no profile at all. */
  const ownerBlockedViewer = (kind: ViewerKind) => kind === 'blocked (they blocked the viewer)' || kind === 'connection who was blocked';

  it.each(cases)('%s score, seen by %s: %s', async (visibility, kind, seen) => {
    const owner = scored.get(visibility)!;
    const result = await test.client.request(CreditViewDocument, { handle: owner.handle }, { token: tokenFor(kind, owner) });
    expect(result.errors).toBeUndefined();
    if (ownerBlockedViewer(kind)) return expect(result.data!.user).toBeNull();
    expect(result.data!.user).toEqual({
      handle: owner.handle,
      ...expectedFor(seen),
      // Who sees the score is itself the owner's business.
      scoreVisibility: kind === 'self' ? visibility : null,
    });
  });

  it.each(cases.map(([visibility, kind]) => [visibility, kind] as const))('%s, no score yet, seen by %s: nothing', async (visibility, kind) => {
    const owner = unscored.get(visibility)!;
    const result = await test.client.request(CreditViewDocument, { handle: owner.handle }, { token: tokenFor(kind, owner) });
    expect(result.errors).toBeUndefined();
    if (ownerBlockedViewer(kind)) return expect(result.data!.user).toBeNull();
    expect(result.data!.user).toEqual({ handle: owner.handle, creditScore: null, creditBand: null, scoreVisibility: kind === 'self' ? visibility : null });
  });

  it.each(VISIBILITIES)('%s: the owner sees their own score through `me` too', async (visibility) => {
    const owner = scored.get(visibility)!;
    const me = await test.client.request(CreditExtraMeDocument, {}, { token: owner.token });
    expect(me.data!.me).toEqual({ id: owner.id, creditScore: SCORE, creditBand: bandFor(SCORE), scoreVisibility: visibility });
    const none = await test.client.request(CreditExtraMeDocument, {}, { token: unscored.get(visibility)!.token });
    expect(none.data!.me).toMatchObject({ creditScore: null, creditBand: null, scoreVisibility: visibility });
  });

  it.each(VISIBILITIES)('%s: anonymous viewers get UNAUTHENTICATED and no score', async (visibility) => {
    const owner = scored.get(visibility)!;
    const result = await test.client.request(CreditViewDocument, { handle: owner.handle });
    expect(errorCodes(result)).toEqual(['UNAUTHENTICATED']);
    expect(result.data?.user ?? null).toBeNull();
    expect(JSON.stringify(result)).not.toContain(String(SCORE));
  });

  it('applies a change of visibility at once', async () => {
    const owner = await signUp(test.client, 'switch');
    const stranger = viewers.get('stranger')!;
    await recordOk(owner.handle, 585, at(7), newSource());
    const look = async () =>
      (await test.client.request(CreditViewDocument, { handle: owner.handle }, { token: stranger.token })).data!.user!;
    expect(await look()).toMatchObject({ creditScore: null, creditBand: bandFor(585) });
    await setVisibility(owner, 'PUBLIC');
    expect(await look()).toMatchObject({ creditScore: 585, creditBand: bandFor(585) });
    await setVisibility(owner, 'PRIVATE');
    expect(await look()).toMatchObject({ creditScore: null, creditBand: null });
    await setVisibility(owner, 'CONNECTIONS_ONLY');
    expect(await look()).toMatchObject({ creditScore: null, creditBand: null });
    await connect(test.database, owner, stranger);
    expect(await look()).toMatchObject({ creditScore: 585, creditBand: bandFor(585) });
    await blockInGraph(test.database, stranger, owner);
    expect(await look()).toMatchObject({ creditScore: null, creditBand: null });
  });

  it('shows each owner in one request as their own choice allows', async () => {
    const stranger = viewers.get('stranger')!;
    const fields = VISIBILITIES.map((v, i) => `u${i}: user(handle: "${scored.get(v)!.handle}") { creditScore creditBand }`).join(' ');
    const result = await test.client.raw<Record<string, { creditScore: number | null; creditBand: string | null }>>(
      { query: `{ ${fields} }` },
      { token: stranger.token },
    );
    expect(result.errors).toBeUndefined();
    VISIBILITIES.forEach((v, i) => expect(result.data![`u${i}`], v).toEqual(expectedFor(MATRIX[v].stranger)));
  });
});
