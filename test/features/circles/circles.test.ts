/**
 * Circles: founding one (the founder becomes its OWNER; ABOUT its interests; slug checked
 * and unique), reading one, listing them as a stable cursor connection, joining through
 * its gates (credit score, verified real name), leaving, and its member list.
 * Every refused mutation is checked against the graph itself: nothing changed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../../src/auth/roles.js';
import {
  CircleBySlugDocument,
  CircleListDocument,
  CircleMembersDocument,
  CirclePostsDocument,
  CreateCircleDocument,
  JoinCircleDocument,
  LeaveCircleDocument,
  RecordCreditScoreDocument,
  SetMemberRoleDocument,
  VerifyRealNameDocument,
  type CircleListQuery,
  type CircleMembersQuery,
  type CreateCircleInput,
} from '../../generated/graphql.js';
import { circleInGraph, createCircle, joinCircle } from '../../helpers/circles.js';
import { errorCodes, type Result } from '../../helpers/client.js';
import { serviceToken, signUp, type Person } from '../../helpers/people.js';
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

const uniqueSlug = (prefix = 'circle') => `${prefix}-${tag()}`;

/** Founds a circle (`input` overriding the defaults, consent to a credit gate's disclosure given); returns it as createCircle answers. */
function found(owner: Person, input: Partial<CreateCircleInput> = {}) {
  const slug = input.slug ?? uniqueSlug();
  return createCircle(test, owner, { slug, name: `Circle ${slug}`, interestSlugs: ['tea-culture'], acknowledgeDisclosure: true, ...input });
}

async function giveScore(person: Person, score: number) {
  const result = await test.client.request(
    RecordCreditScoreDocument,
    { handle: person.handle, score, source: `Sesame test ${tag()}`, observedAt: new Date(Date.now() - 60_000).toISOString() },
    { token: bureau },
  );
  expect(result.errors).toBeUndefined();
  expect(result.data!.recordCreditScore.creditScore).toBe(score);
}

async function verify(person: Person) {
  const result = await test.client.request(VerifyRealNameDocument, { handle: person.handle }, { token: verifier });
  expect(result.errors).toBeUndefined();
  expect(result.data!.verifyRealName.verified).toBe(true);
}

async function circlesNamed(name: string): Promise<number> {
  const row = await test.database
    .forRequest()
    .read((q) => q.one<{ n: number }>('MATCH (c:Circle) WHERE c.name = $name RETURN count(c) AS n', { name }));
  return row!.n;
}

async function membershipEdges(person: Person, slug: string): Promise<string[]> {
  const rows = await test.database
    .forRequest()
    .read((q) =>
      q.rows<{ role: string }>('MATCH (:User {id: $id})-[m:MEMBER_OF]->(:Circle {slug: $slug}) RETURN m.role AS role', { id: person.id, slug }),
    );
  return rows.map((row) => row.role);
}

// ---------------------------------------------------------------------------------------

describe('createCircle', () => {
  it('founds a circle: the creator is its only member, as OWNER, and it is ABOUT exactly its interests', async () => {
    const owner = await signUp(test.client, 'founder');
    const slug = uniqueSlug('tea');
    const circle = await found(owner, {
      slug,
      name: '  West Lake Tea  ',
      description: 'Longjing, slowly.',
      interestSlugs: ['tea-culture', 'hiking', 'tea-culture'],
    });
    expect(circle).toMatchObject({
      slug,
      name: 'West Lake Tea',
      description: 'Longjing, slowly.',
      minCreditScore: null,
      requiresVerified: false,
      membersOnly: false,
      memberCount: 1,
      viewerRole: 'OWNER',
    });
    expect(circle.interests.map((i) => i.slug).sort()).toEqual(['hiking', 'tea-culture']);
    expect(Date.now() - new Date(circle.createdAt).getTime()).toBeLessThan(60_000);

    const graph = await circleInGraph(test.database, slug);
    expect(graph!.members).toEqual([`${owner.handle}:OWNER`]);
    expect(graph!.interests).toEqual(['hiking', 'tea-culture']);
    expect(graph!.circle.id).toBe(circle.id);

    // Read back by someone else: same circle, but they have no role in it.
    const stranger = await signUp(test.client, 'stranger');
    const read = await test.client.request(CircleBySlugDocument, { slug }, { token: stranger.token });
    expect(read.errors).toBeUndefined();
    expect(read.data!.circle).toMatchObject({ id: circle.id, slug, name: 'West Lake Tea', memberCount: 1, viewerRole: null });
  });

  it('keeps the gates it is given', async () => {
    const owner = await signUp(test.client, 'gatekeeper');
    await giveScore(owner, 780);
    await verify(owner);
    const circle = await found(owner, { minCreditScore: 650, requiresVerified: true, membersOnly: true });
    expect(circle).toMatchObject({ minCreditScore: 650, requiresVerified: true, membersOnly: true, viewerRole: 'OWNER' });
    const graph = await circleInGraph(test.database, circle.slug);
    expect(graph!.circle).toMatchObject({ minCreditScore: 650, requiresVerified: true, membersOnly: true });
  });

  it('refuses a slug that is taken with CONFLICT, and leaves the first circle as it was', async () => {
    const first = await signUp(test.client, 'first');
    const second = await signUp(test.client, 'second');
    const slug = uniqueSlug('taken');
    await found(first, { slug, name: 'The original' });
    const before = await circleInGraph(test.database, slug);

    const again = await test.client.request(
      CreateCircleDocument,
      { input: { slug, name: 'The copy', interestSlugs: ['hiking'] } },
      { token: second.token },
    );
    expect(errorCodes(again)).toEqual(['CONFLICT']);
    expect(again.errors![0]!.message).toContain(slug);
    expect(await circleInGraph(test.database, slug)).toEqual(before);
    expect(await circlesNamed('The copy')).toBe(0);
  });

  it.each([
    ['with a space', 'has space'],
    ['with a leading hyphen', '-tea'],
    ['with a trailing hyphen', 'tea-'],
    ['with a double hyphen', 'tea--time'],
    ['with an underscore', 'tea_time'],
    ['of one character', 'a'],
    ['of 49 characters', 'x'.repeat(49)],
    ['with punctuation', 'tea!'],
    ['that is empty', ''],
    ['with a non-ASCII letter', 'thé'],
  ])('refuses a slug %s with BAD_USER_INPUT naming the field, and creates nothing', async (_what, badSlug) => {
    const owner = await signUp(test.client, 'badslug');
    const name = `Bad slug ${tag()}`;
    const result = await test.client.request(
      CreateCircleDocument,
      { input: { slug: badSlug, name, interestSlugs: ['tea-culture'] } },
      { token: owner.token },
    );
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0]!.extensions!.field).toBe('slug');
    expect(await circlesNamed(name)).toBe(0);
  });

  it('accepts a slug of exactly 48 characters', async () => {
    const owner = await signUp(test.client, 'longslug');
    const slug = `${tag()}-${'y'.repeat(39)}`;
    expect(slug).toHaveLength(48);
    const circle = await found(owner, { slug });
    expect(circle.slug).toBe(slug);
  });

  it.each([
    ['an unknown interest', { interestSlugs: ['tea-culture', 'no-such-interest-xyz'] }, 'interestSlugs'],
    ['no interests at all', { interestSlugs: [] }, 'interestSlugs'],
    ['six interests', { interestSlugs: ['tea-culture', 'hiking', 'photography', 'calligraphy', 'weiqi', 'cooking'] }, 'interestSlugs'],
    ['a blank name', { name: '   ' }, 'name'],
    ['a minimum score below the scale', { minCreditScore: 349 }, 'minCreditScore'],
    ['a minimum score above the scale', { minCreditScore: 951 }, 'minCreditScore'],
  ])('refuses %s with BAD_USER_INPUT, and creates nothing', async (_what, override, field) => {
    const owner = await signUp(test.client, 'badinput');
    const slug = uniqueSlug('bad');
    const result = await test.client.request(
      CreateCircleDocument,
      { input: { slug, name: `Bad ${slug}`, interestSlugs: ['tea-culture'], ...override } },
      { token: owner.token },
    );
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0]!.extensions!.field).toBe(field);
    expect(await circleInGraph(test.database, slug)).toBeUndefined();
  });

  it('refuses anonymous callers with UNAUTHENTICATED', async () => {
    const slug = uniqueSlug('anon');
    const result = await test.client.request(CreateCircleDocument, { input: { slug, name: 'Anon', interestSlugs: ['hiking'] } });
    expect(errorCodes(result)).toEqual(['UNAUTHENTICATED']);
    expect(await circleInGraph(test.database, slug)).toBeUndefined();
  });
});

describe('circle(slug)', () => {
  it('answers null for a slug nobody uses', async () => {
    const person = await signUp(test.client, 'reader');
    const result = await test.client.request(CircleBySlugDocument, { slug: uniqueSlug('nothing') }, { token: person.token });
    expect(result.errors).toBeUndefined();
    expect(result.data!.circle).toBeNull();
  });

  it('refuses a malformed slug with BAD_USER_INPUT', async () => {
    const person = await signUp(test.client, 'reader');
    const result = await test.client.request(CircleBySlugDocument, { slug: 'not a slug!' }, { token: person.token });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('circles(interest, search, first, after)', () => {
  let viewer: Person;
  let token: string;
  let expectedOrder: string[];

  beforeAll(async () => {
    viewer = await signUp(test.client, 'lister');
    token = tag();
    const owner = await signUp(test.client, 'listowner');
    // Name order differs from creation order and from slug order; two names tie (slug decides).
    const specs: Array<[string, string, string[]]> = [
      [`d-${token}`, `Mango ${token}`, ['calligraphy']],
      [`a-${token}`, `Zither ${token}`, ['hiking']],
      [`c-${token}`, `Apple ${token}`, ['calligraphy', 'hiking']],
      [`f-${token}`, `Kite ${token}`, ['hiking']],
      [`b-${token}`, `Kite ${token}`, ['calligraphy']],
      [`e-${token}`, `Banyan ${token}`, ['weiqi']],
    ];
    for (const [slug, name, interestSlugs] of specs) await found(owner, { slug, name, interestSlugs, description: 'listed' });
    expectedOrder = [...specs]
      .sort(([sa, na], [sb, nb]) => (na < nb ? -1 : na > nb ? 1 : sa < sb ? -1 : 1))
      .map(([slug]) => slug);
    await joinCircle(test, viewer, `c-${token}`);
  });

  async function walk(variables: { search?: string; interest?: string; first: number }) {
    const slugs: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 20; guard++) {
      const result: Result<CircleListQuery> = await test.client.request(CircleListDocument, { ...variables, after }, { token: viewer.token });
      expect(result.errors).toBeUndefined();
      const page = result.data!.circles;
      expect(page.edges.length).toBeLessThanOrEqual(variables.first);
      slugs.push(...page.edges.map((edge) => edge.node.slug));
      if (!page.pageInfo.hasNextPage) return slugs;
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)!.cursor);
      after = page.pageInfo.endCursor!;
    }
    throw new Error('pagination did not end');
  }

  it('lists matching circles in name order (slug breaking ties), page after page, each once', async () => {
    expect(await walk({ search: token, first: 2 })).toEqual(expectedOrder);
    expect(await walk({ search: token, first: 4 })).toEqual(expectedOrder);
    expect(await walk({ search: token.toUpperCase(), first: 100 })).toEqual(expectedOrder);
  });

  it('filters by interest', async () => {
    const calligraphy = await walk({ search: token, interest: 'calligraphy', first: 2 });
    expect(calligraphy).toEqual(expectedOrder.filter((slug) => ['d', 'c', 'b'].includes(slug[0]!)));
    const hiking = await walk({ search: token, interest: 'hiking', first: 10 });
    expect(hiking).toEqual(expectedOrder.filter((slug) => ['a', 'c', 'f'].includes(slug[0]!)));
  });

  it('reports memberCount and the viewer role of each circle', async () => {
    const result = await test.client.request(CircleListDocument, { search: token, first: 10 }, { token: viewer.token });
    const nodes = result.data!.circles.edges.map((edge) => edge.node);
    for (const node of nodes) {
      const joined = node.slug === `c-${token}`;
      expect(node.memberCount).toBe(joined ? 2 : 1);
      expect(node.viewerRole).toBe(joined ? 'MEMBER' : null);
    }
  });

  it('keeps its place while new circles are founded before and after the cursor', async () => {
    const first = await test.client.request(CircleListDocument, { search: token, first: 3 }, { token: viewer.token });
    const page1 = first.data!.circles.edges.map((edge) => edge.node.slug);
    expect(page1).toEqual(expectedOrder.slice(0, 3));

    const owner = await signUp(test.client, 'lateowner');
    const before = await found(owner, { slug: `g-${token}`, name: `Aardvark ${token}` }); // sorts first: before the cursor
    const after = await found(owner, { slug: `h-${token}`, name: `Zzz ${token}` }); // sorts last: after the cursor

    const second = await test.client.request(
      CircleListDocument,
      { search: token, first: 100, after: first.data!.circles.pageInfo.endCursor },
      { token: viewer.token },
    );
    expect(second.errors).toBeUndefined();
    const page2 = second.data!.circles.edges.map((edge) => edge.node.slug);
    expect(page2).toEqual([...expectedOrder.slice(3), after.slug]);
    expect(page2).not.toContain(before.slug);
  });

  it.each([
    ['above the cap', 101],
    ['negative', -1],
  ])('refuses `first` %s with BAD_USER_INPUT', async (_what, first) => {
    const result = await test.client.request(CircleListDocument, { search: token, first }, { token: viewer.token });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0]!.extensions!.field).toBe('first');
  });

  it('accepts `first` at the cap', async () => {
    const result = await test.client.request(CircleListDocument, { first: 100 }, { token: viewer.token });
    expect(result.errors).toBeUndefined();
    expect(result.data!.circles.edges.length).toBeLessThanOrEqual(100);
  });

  it('refuses a cursor it never gave out with BAD_USER_INPUT', async () => {
    const result = await test.client.request(CircleListDocument, { search: token, first: 2, after: 'bm90LWEtY3Vyc29y' }, { token: viewer.token });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('joinCircle and leaveCircle', () => {
  it('joins: the person becomes a MEMBER and the count goes up', async () => {
    const owner = await signUp(test.client, 'jowner');
    const joiner = await signUp(test.client, 'joiner');
    const circle = await found(owner);
    const joined = await joinCircle(test, joiner, circle.slug);
    expect(joined).toEqual({ slug: circle.slug, memberCount: 2, viewerRole: 'MEMBER' });
    expect(await membershipEdges(joiner, circle.slug)).toEqual(['MEMBER']);
  });

  it('joining twice is harmless: one membership, same count, same role (an owner stays OWNER)', async () => {
    const owner = await signUp(test.client, 'twiceowner');
    const joiner = await signUp(test.client, 'twice');
    const circle = await found(owner);
    await joinCircle(test, joiner, circle.slug);
    const again = await joinCircle(test, joiner, circle.slug);
    expect(again).toEqual({ slug: circle.slug, memberCount: 2, viewerRole: 'MEMBER' });
    expect(await membershipEdges(joiner, circle.slug)).toEqual(['MEMBER']);

    const ownerAgain = await joinCircle(test, owner, circle.slug);
    expect(ownerAgain).toEqual({ slug: circle.slug, memberCount: 2, viewerRole: 'OWNER' });
    expect(await membershipEdges(owner, circle.slug)).toEqual(['OWNER']);
  });

  it('two people joining at once both become members', async () => {
    const owner = await signUp(test.client, 'raceowner');
    const circle = await found(owner);
    const people = await Promise.all([1, 2, 3, 4].map(() => signUp(test.client, 'racer')));
    const results = await Promise.all(people.map((p) => test.client.request(JoinCircleDocument, { slug: circle.slug }, { token: p.token })));
    for (const result of results) expect(result.errors).toBeUndefined();
    const graph = await circleInGraph(test.database, circle.slug);
    expect(graph!.members).toHaveLength(5);
  });

  describe('a circle that requires a credit score', () => {
    let owner: Person;
    let slug: string;
    beforeAll(async () => {
      owner = await signUp(test.client, 'scoreowner', '钱 Qian Owner');
      await giveScore(owner, 812);
      slug = (await found(owner, { name: 'High Trust Tea', minCreditScore: 700 })).slug;
    });

    it('refuses a person with no score with CREDIT_TOO_LOW, saying what it requires and nothing of anyone else', async () => {
      const person = await signUp(test.client, 'noscore');
      const before = await circleInGraph(test.database, slug);
      const result = await test.client.request(JoinCircleDocument, { slug }, { token: person.token });
      expect(errorCodes(result)).toEqual(['CREDIT_TOO_LOW']);
      const message = result.errors![0]!.message;
      expect(message).toContain('700');
      expect(message).not.toContain('812');
      expect(message).not.toContain(owner.handle);
      expect(message).not.toContain('Qian');
      expect(result.data?.joinCircle ?? null).toBeNull();
      expect(await circleInGraph(test.database, slug)).toEqual(before);
    });

    it('refuses a score below the minimum with CREDIT_TOO_LOW and leaves the graph unchanged', async () => {
      const person = await signUp(test.client, 'lowscore');
      await giveScore(person, 699);
      const before = await circleInGraph(test.database, slug);
      const result = await test.client.request(JoinCircleDocument, { slug }, { token: person.token });
      expect(errorCodes(result)).toEqual(['CREDIT_TOO_LOW']);
      expect(result.errors![0]!.message).toContain('700');
      expect(result.errors![0]!.message).not.toContain('812');
      expect(await circleInGraph(test.database, slug)).toEqual(before);
      expect(await membershipEdges(person, slug)).toEqual([]);
    });

    it('lets in a score exactly at the minimum, and one above it', async () => {
      const exact = await signUp(test.client, 'exactscore');
      await giveScore(exact, 700);
      expect((await joinCircle(test, exact, slug)).viewerRole).toBe('MEMBER');
      const high = await signUp(test.client, 'highscore');
      await giveScore(high, 900);
      expect((await joinCircle(test, high, slug)).viewerRole).toBe('MEMBER');
    });

    it('lets a person in once their score has risen', async () => {
      const person = await signUp(test.client, 'risingscore');
      await giveScore(person, 620);
      const refused = await test.client.request(JoinCircleDocument, { slug }, { token: person.token });
      expect(errorCodes(refused)).toEqual(['CREDIT_TOO_LOW']);
      await giveScore(person, 720);
      expect((await joinCircle(test, person, slug)).viewerRole).toBe('MEMBER');
    });
  });

  describe('a circle that requires a verified real name', () => {
    let slug: string;
    beforeAll(async () => {
      const owner = await signUp(test.client, 'verowner');
      await verify(owner);
      slug = (await found(owner, { requiresVerified: true })).slug;
    });

    it('refuses an unverified person with VERIFICATION_REQUIRED and leaves the graph unchanged', async () => {
      const person = await signUp(test.client, 'unverified');
      const before = await circleInGraph(test.database, slug);
      const result = await test.client.request(JoinCircleDocument, { slug }, { token: person.token });
      expect(errorCodes(result)).toEqual(['VERIFICATION_REQUIRED']);
      expect(result.errors![0]!.message).toMatch(/verif/i);
      expect(await circleInGraph(test.database, slug)).toEqual(before);
    });

    it('lets the same person in once verified', async () => {
      const person = await signUp(test.client, 'willverify');
      const refused = await test.client.request(JoinCircleDocument, { slug }, { token: person.token });
      expect(errorCodes(refused)).toEqual(['VERIFICATION_REQUIRED']);
      await verify(person);
      expect((await joinCircle(test, person, slug)).viewerRole).toBe('MEMBER');
    });
  });

  describe('a circle that requires both a verified real name and a credit score', () => {
    let slug: string;
    beforeAll(async () => {
      const owner = await signUp(test.client, 'bothowner');
      await verify(owner);
      await giveScore(owner, 800);
      slug = (await found(owner, { name: 'Both Gates Tea', requiresVerified: true, minCreditScore: 700 })).slug;
    });

    it('reports every unmet requirement together: extensions.unmet lists both, the message names both', async () => {
      const person = await signUp(test.client, 'bothunmet');
      await giveScore(person, 650);
      const before = await circleInGraph(test.database, slug);
      const result = await test.client.request(JoinCircleDocument, { slug }, { token: person.token });
      expect(errorCodes(result)).toEqual(['VERIFICATION_REQUIRED']);
      expect(result.errors![0]!.extensions?.unmet).toEqual(['VERIFICATION_REQUIRED', 'CREDIT_TOO_LOW']);
      expect(result.errors![0]!.message).toMatch(/verified real name and a credit score of at least 700/);
      expect(await circleInGraph(test.database, slug)).toEqual(before);

      await verify(person);
      const scoreOnly = await test.client.request(JoinCircleDocument, { slug }, { token: person.token });
      expect(errorCodes(scoreOnly)).toEqual(['CREDIT_TOO_LOW']);
      expect(scoreOnly.errors![0]!.extensions?.unmet).toEqual(['CREDIT_TOO_LOW']);
    });
  });

  it('leaves: true, the membership is gone and the count drops; leaving again answers false', async () => {
    const owner = await signUp(test.client, 'lowner');
    const leaver = await signUp(test.client, 'leaver');
    const circle = await found(owner);
    await joinCircle(test, leaver, circle.slug);
    const left = await test.client.request(LeaveCircleDocument, { slug: circle.slug }, { token: leaver.token });
    expect(left.errors).toBeUndefined();
    expect(left.data!.leaveCircle).toBe(true);
    expect(await membershipEdges(leaver, circle.slug)).toEqual([]);
    const read = await test.client.request(CircleBySlugDocument, { slug: circle.slug }, { token: leaver.token });
    expect(read.data!.circle).toMatchObject({ memberCount: 1, viewerRole: null });

    const again = await test.client.request(LeaveCircleDocument, { slug: circle.slug }, { token: leaver.token });
    expect(again.errors).toBeUndefined();
    expect(again.data!.leaveCircle).toBe(false);
  });

  it('refuses to let the last owner leave (CONFLICT), until there is another owner', async () => {
    const owner = await signUp(test.client, 'lastowner');
    const other = await signUp(test.client, 'nextowner');
    const circle = await found(owner);
    await joinCircle(test, other, circle.slug);
    const before = await circleInGraph(test.database, circle.slug);

    const refused = await test.client.request(LeaveCircleDocument, { slug: circle.slug }, { token: owner.token });
    expect(errorCodes(refused)).toEqual(['CONFLICT']);
    expect(refused.errors![0]!.message).toMatch(/owner/);
    expect(await circleInGraph(test.database, circle.slug)).toEqual(before);

    const promoted = await test.client.request(
      SetMemberRoleDocument,
      { circleSlug: circle.slug, handle: other.handle, role: 'OWNER' },
      { token: owner.token },
    );
    expect(promoted.errors).toBeUndefined();
    const left = await test.client.request(LeaveCircleDocument, { slug: circle.slug }, { token: owner.token });
    expect(left.data?.leaveCircle).toBe(true);
    expect((await circleInGraph(test.database, circle.slug))!.members).toEqual([`${other.handle}:OWNER`]);
  });

  it('keeps an owner when two owners try to leave at the same moment: one leaves, the other gets CONFLICT', async () => {
    const first = await signUp(test.client, 'coowner1');
    const second = await signUp(test.client, 'coowner2');
    const circle = await found(first);
    await joinCircle(test, second, circle.slug);
    expect((await test.client.request(SetMemberRoleDocument, { circleSlug: circle.slug, handle: second.handle, role: 'OWNER' }, { token: first.token })).errors).toBeUndefined();

    const results = await Promise.all(
      [first, second].map((owner) => test.client.request(LeaveCircleDocument, { slug: circle.slug }, { token: owner.token })),
    );
    const outcomes = results.map((result) => (result.errors ? errorCodes(result)[0] : result.data!.leaveCircle)).sort();
    expect(outcomes).toEqual(['CONFLICT', true].sort());
    const graph = await circleInGraph(test.database, circle.slug);
    expect(graph!.members).toHaveLength(1);
    expect(graph!.members[0]).toMatch(/:OWNER$/);
  });

  it.each([
    ['joinCircle', (slug: string, token?: string) => test.client.request(JoinCircleDocument, { slug }, { token })],
    ['leaveCircle', (slug: string, token?: string) => test.client.request(LeaveCircleDocument, { slug }, { token })],
  ] as const)('%s refuses an unknown circle with NOT_FOUND and a malformed slug with BAD_USER_INPUT', async (_name, send) => {
    const person = await signUp(test.client, 'nowhere');
    const unknown = await send(uniqueSlug('missing'), person.token);
    expect(errorCodes(unknown)).toEqual(['NOT_FOUND']);
    const malformed = await send('Not A Slug', person.token);
    expect(errorCodes(malformed)).toEqual(['BAD_USER_INPUT']);
    const anonymous = await send(uniqueSlug('missing'));
    expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('members(first, after)', () => {
  let owner: Person;
  let people: Person[];
  let slug: string;

  beforeAll(async () => {
    owner = await signUp(test.client, 'mowner');
    slug = (await found(owner)).slug;
    people = [];
    for (let i = 0; i < 4; i++) {
      const person = await signUp(test.client, `member${i}`);
      await joinCircle(test, person, slug);
      people.push(person);
    }
    const promoted = await test.client.request(SetMemberRoleDocument, { circleSlug: slug, handle: people[1]!.handle, role: 'MODERATOR' }, { token: owner.token });
    expect(promoted.errors).toBeUndefined();
  });

  it('lists members earliest first with their roles, page by page, each once', async () => {
    const seen: Array<{ handle: string; role: string; joinedAt: string }> = [];
    let after: string | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const result: Result<CircleMembersQuery> = await test.client.request(CircleMembersDocument, { slug, first: 2, after }, { token: people[3]!.token });
      expect(result.errors).toBeUndefined();
      const members = result.data!.circle!.members;
      expect(members.edges.length).toBeLessThanOrEqual(2);
      seen.push(...members.edges.map((edge) => ({ handle: edge.node.user.handle, role: edge.node.role, joinedAt: edge.node.joinedAt })));
      if (!members.pageInfo.hasNextPage) break;
      after = members.pageInfo.endCursor;
    }
    expect(seen.map((m) => m.handle)).toEqual([owner.handle, ...people.map((p) => p.handle)]);
    expect(seen.map((m) => m.role)).toEqual(['OWNER', 'MEMBER', 'MODERATOR', 'MEMBER', 'MEMBER']);
    const times = seen.map((m) => new Date(m.joinedAt).getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('counts them', async () => {
    const result = await test.client.request(CircleMembersDocument, { slug, first: 0 }, { token: owner.token });
    expect(result.data!.circle!.memberCount).toBe(5);
  });

  it.each([
    ['above the cap', 101],
    ['negative', -5],
  ])('refuses `first` %s with BAD_USER_INPUT', async (_what, first) => {
    const result = await test.client.request(CircleMembersDocument, { slug, first }, { token: owner.token });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
  });

  it('a members-only circle shows its members and posts to members, and refuses everyone else with FORBIDDEN', async () => {
    const privateOwner = await signUp(test.client, 'privowner');
    const insider = await signUp(test.client, 'insider');
    const outsider = await signUp(test.client, 'outsider');
    const circle = await found(privateOwner, { membersOnly: true, name: 'Quiet Room' });
    await joinCircle(test, insider, circle.slug);

    const inside = await test.client.request(CircleMembersDocument, { slug: circle.slug }, { token: insider.token });
    expect(inside.errors).toBeUndefined();
    expect(inside.data!.circle!.members.edges.map((e) => e.node.user.handle)).toEqual([privateOwner.handle, insider.handle]);

    const outside = await test.client.request(CircleMembersDocument, { slug: circle.slug }, { token: outsider.token });
    expect(errorCodes(outside)).toEqual(['FORBIDDEN']);
    expect(JSON.stringify(outside.data ?? null)).not.toContain(insider.handle);

    const posts = await test.client.request(CirclePostsDocument, { slug: circle.slug }, { token: outsider.token });
    expect(errorCodes(posts)).toEqual(['FORBIDDEN']);
  });
});
