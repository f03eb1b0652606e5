/**
 * Trust: trustUser(handle, weight) and revokeTrust(handle); the counts every signed-in
 * person sees and the lists only the owner reads; trustPath(toHandle, maxHops), the shortest
 * chain of TRUSTS edges from the viewer, which never runs through anyone with a block
 * between them and the viewer. Every refused mutation is checked against the graph.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BlocksBlockDocument,
  TrustCountsOfDocument,
  TrustGiveDocument,
  TrustListsOfDocument,
  TrustMineDocument,
  TrustPathToDocument,
  TrustRevokeDocument,
  type TrustMineQuery,
} from '../../generated/graphql.js';
import { errorCodes, type Result } from '../../helpers/client.js';
import { signUpMany, uniqueHandle, type Person } from '../../helpers/people.js';
import { setProfile } from '../../helpers/privacy.js';
import { serverForTests } from '../../helpers/server.js';
import { sleep } from '../../helpers/util.js';

const test = serverForTests();

// ---------------------------------------------------------------------------------------
// Helpers

async function trust(from: Person, to: Person, weight = 0.5) {
  const result = await test.client.request(TrustGiveDocument, { handle: to.handle, weight }, { token: from.token });
  expect(result.errors).toBeUndefined();
  return result.data!.trustUser;
}

/** Builds a chain a -> b -> c ... of TRUSTS edges through the API. */
async function chain(...links: Person[]) {
  for (let i = 0; i + 1 < links.length; i++) await trust(links[i]!, links[i + 1]!);
}

async function path(viewer: Person, to: Person | string, maxHops?: number | null) {
  const toHandle = typeof to === 'string' ? to : to.handle;
  return test.client.request(TrustPathToDocument, { toHandle, maxHops }, { token: viewer.token });
}

async function pathHandles(viewer: Person, to: Person, maxHops?: number | null): Promise<string[] | null> {
  const result = await path(viewer, to, maxHops);
  expect(result.errors).toBeUndefined();
  return result.data!.trustPath?.map((u) => u.handle) ?? null;
}

async function blockViaApi(blocker: Person, blocked: Person) {
  const result = await test.client.request(BlocksBlockDocument, { handle: blocked.handle }, { token: blocker.token });
  expect(result.errors).toBeUndefined();
  expect(result.data!.blockUser).toBe(true);
}

/** Every TRUSTS edge touching these people, as the graph holds it. */
async function trustEdges(...persons: Person[]) {
  const ids = persons.map((p) => p.id);
  return test.database.forRequest().read((q) =>
    q.rows<{ from: string; to: string; weight: number; since: Date }>(
      `MATCH (a:User)-[t:TRUSTS]->(b:User) WHERE a.id IN $ids OR b.id IN $ids
       RETURN a.id AS from, b.id AS to, t.weight AS weight, t.since AS since ORDER BY from, to`,
      { ids },
    ),
  );
}

/** People who show their vouches to everyone, so chains through them are anyone's to find. */
async function publicVouchers(n: number, prefix: string): Promise<Person[]> {
  const people = await signUpMany(test.client, n, prefix);
  await Promise.all(people.map((person) => setProfile(test, person, { vouchVisibility: 'PUBLIC' })));
  return people;
}

async function counts(viewer: Person, of: Person) {
  const result = await test.client.request(TrustCountsOfDocument, { handle: of.handle }, { token: viewer.token });
  expect(result.errors).toBeUndefined();
  return { given: result.data!.user!.trustsGivenCount, received: result.data!.user!.trustsReceivedCount };
}

// ---------------------------------------------------------------------------------------

describe('trustUser', () => {
  it('creates a directed TRUSTS edge with the weight and a since date, and returns it', async () => {
    const [a, b] = await signUpMany(test.client, 2, 'tr');
    const before = Date.now();
    const edge = await trust(a, b, 0.75);
    expect(edge.weight).toBe(0.75);
    expect(edge.from).toEqual({ id: a.id, handle: a.handle });
    expect(edge.to).toEqual({ id: b.id, handle: b.handle });
    expect(Math.abs(new Date(edge.since).getTime() - before)).toBeLessThan(60_000);

    const stored = await trustEdges(a, b);
    expect(stored.map(({ from, to, weight }) => ({ from, to, weight }))).toEqual([{ from: a.id, to: b.id, weight: 0.75 }]);
    expect(stored[0]!.since.toISOString()).toBe(new Date(edge.since).toISOString());
  });

  it('accepts the upper bound 1 and a tiny positive weight', async () => {
    const [a, b, c] = await signUpMany(test.client, 3, 'trb');
    expect((await trust(a, b, 1)).weight).toBe(1);
    expect((await trust(a, c, 0.001)).weight).toBe(0.001);
    expect((await trustEdges(a)).map((e) => e.weight).sort()).toEqual([0.001, 1]);
  });

  it('updates the weight when trusting again, keeping one edge and its since date', async () => {
    const [a, b] = await signUpMany(test.client, 2, 'tru');
    const first = await trust(a, b, 0.2);
    await sleep(20);
    const second = await trust(a, b, 0.9);
    expect(second.weight).toBe(0.9);
    expect(second.since).toBe(first.since);
    const stored = await trustEdges(a, b);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.weight).toBe(0.9);
    expect(await counts(a, b)).toEqual({ given: 0, received: 1 });
  });

  it.each([0, -0.1, 1.01, 2, -1])('refuses weight %s with BAD_USER_INPUT naming the field, and changes nothing', async (weight) => {
    const [a, b] = await signUpMany(test.client, 2, 'trw');
    await trust(a, b, 0.4);
    const snapshot = await trustEdges(a, b);
    const result = await test.client.request(TrustGiveDocument, { handle: b.handle, weight }, { token: a.token });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0]!.extensions!.field).toBe('weight');
    expect(result.errors![0]!.message).toMatch(/weight/);
    expect(await trustEdges(a, b)).toEqual(snapshot);

    // And no new edge appears when the pair had none.
    const [c, d] = await signUpMany(test.client, 2, 'trw');
    const fresh = await test.client.request(TrustGiveDocument, { handle: d.handle, weight }, { token: c.token });
    expect(errorCodes(fresh)).toEqual(['BAD_USER_INPUT']);
    expect(await trustEdges(c, d)).toEqual([]);
  });

  it('refuses an unknown handle with NOT_FOUND and creates nothing', async () => {
    const [a] = await signUpMany(test.client, 1, 'trn');
    const result = await test.client.request(TrustGiveDocument, { handle: uniqueHandle('ghost'), weight: 0.5 }, { token: a.token });
    expect(errorCodes(result)).toEqual(['NOT_FOUND']);
    expect(await trustEdges(a)).toEqual([]);
  });

  it('refuses trusting yourself with BAD_USER_INPUT and creates nothing', async () => {
    const [a] = await signUpMany(test.client, 1, 'trs');
    const result = await test.client.request(TrustGiveDocument, { handle: a.handle, weight: 0.5 }, { token: a.token });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(await trustEdges(a)).toEqual([]);
  });

  it('refuses anonymous callers with UNAUTHENTICATED and creates nothing', async () => {
    const [a] = await signUpMany(test.client, 1, 'tra');
    const result = await test.client.request(TrustGiveDocument, { handle: a.handle, weight: 0.5 });
    expect(errorCodes(result)).toEqual(['UNAUTHENTICATED']);
    expect(await trustEdges(a)).toEqual([]);
  });
});

describe('revokeTrust', () => {
  it('removes your edge (true), then reports there is none (false); their trust in you stays', async () => {
    const [a, b] = await signUpMany(test.client, 2, 'rv');
    await trust(a, b, 0.5);
    await trust(b, a, 0.6);
    const first = await test.client.request(TrustRevokeDocument, { handle: b.handle }, { token: a.token });
    expect(first.data?.revokeTrust).toBe(true);
    const stored = await trustEdges(a, b);
    expect(stored.map(({ from, to }) => [from, to])).toEqual([[b.id, a.id]]);
    const again = await test.client.request(TrustRevokeDocument, { handle: b.handle }, { token: a.token });
    expect(again.data?.revokeTrust).toBe(false);
    expect(await trustEdges(a, b)).toEqual(stored);
  });

  it('refuses an unknown handle with NOT_FOUND and changes nothing', async () => {
    const [a, b] = await signUpMany(test.client, 2, 'rvn');
    await trust(a, b);
    const snapshot = await trustEdges(a, b);
    const result = await test.client.request(TrustRevokeDocument, { handle: uniqueHandle('ghost') }, { token: a.token });
    expect(errorCodes(result)).toEqual(['NOT_FOUND']);
    expect(await trustEdges(a, b)).toEqual(snapshot);
  });
});

describe('counts and lists', () => {
  let owner: Person;
  let givenTo: Person[];
  let receivedFrom: Person[];
  let stranger: Person;

  beforeAll(async () => {
    [owner, stranger] = await signUpMany(test.client, 2, 'tl');
    givenTo = await signUpMany(test.client, 3, 'tlg');
    receivedFrom = await signUpMany(test.client, 2, 'tlr');
    // One at a time, so `since` orders them.
    for (const [i, other] of givenTo.entries()) await trust(owner, other, (i + 1) / 10);
    for (const other of receivedFrom) await trust(other, owner, 0.9);
  });

  it('counts, for each viewer, the vouches that viewer may see (new accounts show theirs to connections)', async () => {
    expect(await counts(owner, owner)).toEqual({ given: 3, received: 2 });
    expect(await counts(stranger, owner)).toEqual({ given: 0, received: 0 });
    // The two people a vouch joins always see it.
    expect(await counts(givenTo[0]!, owner)).toEqual({ given: 1, received: 0 });
    expect(await counts(receivedFrom[0]!, owner)).toEqual({ given: 0, received: 1 });
    expect(await counts(givenTo[0]!, givenTo[0]!)).toEqual({ given: 0, received: 1 });
  });

  it('shows the owner their whole lists, newest first', async () => {
    const mine = await test.client.request(TrustListsOfDocument, { handle: owner.handle, first: 10 }, { token: owner.token });
    expect(mine.errors).toBeUndefined();
    const user = mine.data!.user!;
    expect(user.trustsGiven!.edges.map((e) => e.node.to.handle)).toEqual([...givenTo].reverse().map((p) => p.handle));
    expect(user.trustsGiven!.edges.map((e) => e.node.weight)).toEqual([0.3, 0.2, 0.1]);
    expect(user.trustsGiven!.edges.every((e) => e.node.from.id === owner.id)).toBe(true);
    expect(user.trustsReceived!.edges.map((e) => e.node.from.handle)).toEqual([...receivedFrom].reverse().map((p) => p.handle));
    expect(user.trustsReceived!.edges.every((e) => e.node.to.id === owner.id)).toBe(true);

    const viaMe = await test.client.request(TrustMineDocument, { first: 10 }, { token: owner.token });
    expect(viaMe.data!.me!.trustsGiven!.edges.map((e) => e.node.to.handle)).toEqual(
      user.trustsGiven!.edges.map((e) => e.node.to.handle),
    );
  });

  it('shows others the vouches their givers let them see, lists and counts alike', async () => {
    const seenBy = async (viewer: Person) => {
      const result = await test.client.request(TrustListsOfDocument, { handle: owner.handle, first: 10 }, { token: viewer.token });
      expect(result.errors).toBeUndefined();
      const user = result.data!.user!;
      return {
        given: user.trustsGiven!.edges.map((e) => e.node.to.handle),
        received: user.trustsReceived!.edges.map((e) => e.node.from.handle),
        counts: [user.trustsGivenCount, user.trustsReceivedCount],
      };
    };
    expect(await seenBy(stranger)).toEqual({ given: [], received: [], counts: [0, 0] });
    expect(await seenBy(givenTo[0]!)).toEqual({ given: [givenTo[0]!.handle], received: [], counts: [1, 0] });
    await setProfile(test, owner, { vouchVisibility: 'PUBLIC' });
    expect(await seenBy(stranger)).toEqual({ given: [...givenTo].reverse().map((p) => p.handle), received: [], counts: [3, 0] });
    await setProfile(test, owner, { vouchVisibility: 'CONNECTIONS_ONLY' });
  });

  it('pages through the list with cursors, without gaps or repeats', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let pageNo = 0; pageNo < 5; pageNo++) {
      const result: Result<TrustMineQuery> = await test.client.request(TrustMineDocument, { first: 2, after }, { token: owner.token });
      expect(result.errors).toBeUndefined();
      const page: NonNullable<NonNullable<TrustMineQuery['me']>['trustsGiven']> = result.data!.me!.trustsGiven!;
      seen.push(...page.edges.map((e) => e.node.to.handle));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual([...givenTo].reverse().map((p) => p.handle));
  });

  it.each([
    ['first over the cap', { first: 101 }],
    ['negative first', { first: -1 }],
    ['a cursor it never gave out', { first: 2, after: 'not-a-cursor' }],
    ['a cursor of another shape', { first: 2, after: Buffer.from(JSON.stringify([1, 2, 'x'])).toString('base64url') }],
  ])('refuses %s with BAD_USER_INPUT', async (_name, args) => {
    const result = await test.client.request(TrustMineDocument, args, { token: owner.token });
    expect(errorCodes(result)).toContain('BAD_USER_INPUT');
  });

  it('keeps the counts in step with trust and revoke', async () => {
    const [a, b] = await signUpMany(test.client, 2, 'tlc');
    expect(await counts(a, b)).toEqual({ given: 0, received: 0 });
    await trust(a, b);
    expect(await counts(b, a)).toEqual({ given: 1, received: 0 });
    expect(await counts(a, b)).toEqual({ given: 0, received: 1 });
    await test.client.request(TrustRevokeDocument, { handle: b.handle }, { token: a.token });
    expect(await counts(b, a)).toEqual({ given: 0, received: 0 });
    expect(await counts(a, b)).toEqual({ given: 0, received: 0 });
  });
});

describe('trustPath', () => {
  it('returns the chain from the viewer to the person, viewer first', async () => {
    const [v, m, t] = await publicVouchers(3, 'tp');
    await chain(v, m, t);
    expect(await pathHandles(v, t)).toEqual([v.handle, m.handle, t.handle]);
    expect(await pathHandles(v, m)).toEqual([v.handle, m.handle]);
  });

  it('follows the direction of trust: null against it', async () => {
    const [v, m, t] = await publicVouchers(3, 'tpd');
    await chain(v, m, t);
    expect(await pathHandles(t, v)).toBeNull();
    expect(await pathHandles(m, v)).toBeNull();
  });

  it('returns null when there is no chain at all', async () => {
    const [v, t] = await publicVouchers(2, 'tpn');
    expect(await pathHandles(v, t)).toBeNull();
  });

  it('picks the shortest of several chains', async () => {
    const [v, a, b, c, d, t] = await publicVouchers(6, 'tps');
    await chain(v, a, b, c, t); // 4 hops
    await chain(v, d, t); // 2 hops
    expect(await pathHandles(v, t)).toEqual([v.handle, d.handle, t.handle]);
  });

  it('looks 4 hops far by default, further with maxHops up to 6', async () => {
    const five = await publicVouchers(6, 'tph');
    await chain(...five); // 5 hops from five[0] to five[5]
    const [v] = five;
    const target = five[5]!;
    expect(await pathHandles(v!, target)).toBeNull();
    expect(await pathHandles(v!, target, 4)).toBeNull();
    expect(await pathHandles(v!, target, 5)).toEqual(five.map((p) => p.handle));
    expect(await pathHandles(v!, target, 6)).toEqual(five.map((p) => p.handle));
    expect(await pathHandles(v!, five[4]!)).toEqual(five.slice(0, 5).map((p) => p.handle));
    expect(await pathHandles(v!, five[1]!, 1)).toEqual(five.slice(0, 2).map((p) => p.handle));
    expect(await pathHandles(v!, five[2]!, 1)).toBeNull();
  });

  it('never looks further than 6 hops, whatever maxHops asks', async () => {
    const seven = await publicVouchers(8, 'tp7');
    await chain(...seven); // 7 hops
    const [v] = seven;
    const target = seven[7]!;
    expect(await pathHandles(v!, seven[6]!, 6)).toEqual(seven.slice(0, 7).map((p) => p.handle));
    for (const maxHops of [7, 10, 1000]) {
      const result = await path(v!, target, maxHops);
      // Capped: either refused as bad input or answered within 6 hops (no path here); never the 7-hop chain.
      if (result.errors) expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
      else expect(result.data!.trustPath).toBeNull();
    }
  });

  it.each([0, -1])('refuses maxHops %s with BAD_USER_INPUT', async (maxHops) => {
    const [v, t] = await publicVouchers(2, 'tpb');
    await trust(v, t);
    const result = await path(v, t, maxHops);
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
  });

  it('refuses an unknown person with NOT_FOUND', async () => {
    const [v] = await publicVouchers(1, 'tpu');
    const result = await path(v, uniqueHandle('ghost'));
    expect(errorCodes(result)).toEqual(['NOT_FOUND']);
  });

  it('refuses anonymous callers', async () => {
    const [v] = await publicVouchers(1, 'tpa');
    const result = await test.client.request(TrustPathToDocument, { toHandle: v.handle });
    expect(errorCodes(result)).toEqual(['UNAUTHENTICATED']);
  });

  describe('blocks', () => {
    it('routes around a person the viewer blocked, even if the route is longer', async () => {
      const [v, blocked, x, y, t] = await publicVouchers(5, 'tpbl');
      await chain(v, blocked, t); // 2 hops, through the blocked one
      await chain(v, x, y, t); // 3 hops
      expect(await pathHandles(v, t)).toEqual([v.handle, blocked.handle, t.handle]);
      await blockViaApi(v, blocked);
      expect(await pathHandles(v, t)).toEqual([v.handle, x.handle, y.handle, t.handle]);
    });

    it('routes around a person who blocked the viewer', async () => {
      const [v, blocker, x, y, t] = await publicVouchers(5, 'tpbr');
      await chain(v, blocker, t);
      await chain(v, x, y, t);
      await blockViaApi(blocker, v);
      expect(await pathHandles(v, t)).toEqual([v.handle, x.handle, y.handle, t.handle]);
    });

    it('returns null when the only chain runs through a block', async () => {
      const [v, blocker, blocked, t1, t2] = await publicVouchers(5, 'tpbo');
      await chain(v, blocker, t1);
      await chain(v, blocked, t2);
      await blockViaApi(blocker, v);
      await blockViaApi(v, blocked);
      expect(await pathHandles(v, t1)).toBeNull();
      expect(await pathHandles(v, t2)).toBeNull();
      // With any hop limit.
      expect(await pathHandles(v, t1, 6)).toBeNull();
      expect(await pathHandles(v, t2, 6)).toBeNull();
    });

    it('gives no path to or from the other person, in both directions of the block', async () => {
      const [a, b] = await publicVouchers(2, 'tpbd');
      await trust(a, b);
      await trust(b, a);
      expect(await pathHandles(a, b)).toEqual([a.handle, b.handle]);
      expect(await pathHandles(b, a)).toEqual([b.handle, a.handle]);
      await blockViaApi(a, b);
      expect(await pathHandles(a, b)).toBeNull();
      // To b, a is now a handle nobody has.
      expect(errorCodes(await path(b, a))).toEqual(errorCodes(await path(b, uniqueHandle('ghost'))));
      expect(errorCodes(await path(b, a))).toEqual(['NOT_FOUND']);
    });

    it('a block between two other people does not cut the viewer\'s chain', async () => {
      const [v, m, t] = await publicVouchers(3, 'tpbx');
      await chain(v, m, t);
      await blockViaApi(m, t);
      expect(await pathHandles(v, t)).toEqual([v.handle, m.handle, t.handle]);
    });
  });
});
