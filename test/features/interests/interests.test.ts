import { beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../../src/auth/roles.js';
import { INTEREST_CATALOGUE } from '../../../src/db/interest-catalogue.js';
import {
  InterestsDocument,
  MeDocument,
  SetInterestsDocument,
  UsersExtraProfileDocument,
  type InterestsQuery,
} from '../../generated/graphql.js';
import { errorCodes } from '../../helpers/client.js';
import { serviceToken, signUp, type Person } from '../../helpers/people.js';
import { serverForTests } from '../../helpers/server.js';

const test = serverForTests();
let reader: Person;

beforeAll(async () => {
  reader = await signUp(test.client, 'interests');
});

type Node = InterestsQuery['interests']['edges'][number]['node'];

/** Code-unit order, the order Neo4j sorts strings in. */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byNameThenSlug = (a: Node, b: Node) => compare(a.name, b.name) || compare(a.slug, b.slug);

const catalogueSlugs = INTEREST_CATALOGUE.map((i) => i.slug);
const matches = (interest: Node, search: string) => {
  const term = search.trim().toLowerCase();
  return interest.name.toLowerCase().includes(term) || interest.slug.includes(term);
};

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function page(variables: { search?: string | null; first?: number | null; after?: string | null }, token = reader.token) {
  const result = await test.client.request(InterestsDocument, variables, { token });
  expect(result.errors).toBeUndefined();
  return result.data!.interests;
}

/** Every page of the list, checking the connection's invariants on the way. */
async function walk(first: number, search?: string) {
  const nodes: Node[] = [];
  const pages: number[] = [];
  let after: string | null = null;
  for (let i = 0; i < 1000; i++) {
    const connection = await page({ search, first, after });
    expect(connection.edges.length).toBeLessThanOrEqual(first);
    pages.push(connection.edges.length);
    nodes.push(...connection.edges.map((edge) => edge.node));
    expect(connection.pageInfo.endCursor).toBe(connection.edges.at(-1)?.cursor ?? null);
    if (!connection.pageInfo.hasNextPage) return { nodes, pages };
    expect(connection.edges).toHaveLength(first);
    after = connection.pageInfo.endCursor;
    expect(after).toBeTruthy();
  }
  throw new Error('pagination never ended');
}

async function storedInterests(userId: string) {
  const rows = await test.database.forRequest().read((q) =>
    q.rows<{ slug: string; since: Date | null }>(
      'MATCH (:User {id: $userId})-[r:INTERESTED_IN]->(i:Interest) RETURN i.slug AS slug, r.since AS since ORDER BY slug',
      { userId },
    ),
  );
  return rows;
}

async function set(person: Person, slugs: string[]) {
  return test.client.request(SetInterestsDocument, { slugs }, { token: person.token });
}

describe('interests', () => {
  it('lists the catalogue in name order, 20 by default', async () => {
    const connection = await page({});
    const nodes = connection.edges.map((edge) => edge.node);
    expect(nodes).toHaveLength(Math.min(20, test.config.maxPageSize));
    expect(nodes).toEqual([...nodes].sort(byNameThenSlug));
    expect(connection.pageInfo.hasNextPage).toBe(INTEREST_CATALOGUE.length > 20);
    // The first page is the start of the whole catalogue in name order.
    const { nodes: all } = await walk(test.config.maxPageSize);
    expect(nodes).toEqual(all.slice(0, nodes.length));
  });

  it.each([1, 7, 20])('walks the whole catalogue %i at a time: every interest once, in order, no gaps', async (first) => {
    const { nodes, pages } = await walk(first);
    const slugs = nodes.map((n) => n.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const slug of catalogueSlugs) expect(slugs).toContain(slug);
    expect(nodes).toEqual([...nodes].sort(byNameThenSlug));
    // Names as the catalogue has them.
    for (const interest of INTEREST_CATALOGUE) expect(nodes.find((n) => n.slug === interest.slug)?.name).toBe(interest.name);
    expect(pages.slice(0, -1).every((size) => size === first)).toBe(true);
    // No empty trailing page: the last full page already says nothing follows.
    expect(pages).toHaveLength(Math.ceil(nodes.length / first));
    // Same content as one big page.
    const { nodes: whole } = await walk(test.config.maxPageSize);
    expect(nodes).toEqual(whole);
  });

  it('continues after any edge cursor with exactly the items that follow it', async () => {
    const { nodes: all } = await walk(test.config.maxPageSize);
    const first = await page({ first: 15 });
    const cursor = first.edges[9]!.cursor;
    const next = await page({ first: 5, after: cursor });
    expect(next.edges.map((e) => e.node)).toEqual(all.slice(10, 15));
  });

  it('gives an empty page for first: 0', async () => {
    const connection = await page({ first: 0 });
    expect(connection.edges).toEqual([]);
    expect(connection.pageInfo.endCursor).toBeNull();
  });

  it('accepts first equal to MAX_PAGE_SIZE', async () => {
    const connection = await page({ first: test.config.maxPageSize });
    expect(connection.edges.length).toBeLessThanOrEqual(test.config.maxPageSize);
    expect(connection.edges.length).toBeGreaterThanOrEqual(Math.min(INTEREST_CATALOGUE.length, test.config.maxPageSize));
  });

  it.each([
    ['above MAX_PAGE_SIZE', () => test.config.maxPageSize + 1],
    ['far above MAX_PAGE_SIZE', () => 1_000_000],
    ['negative', () => -1],
  ])('refuses first %s with BAD_USER_INPUT naming "first"', async (_name, first) => {
    const result = await test.client.request(InterestsDocument, { first: first() }, { token: reader.token });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0]!.extensions!.field).toBe('first');
    expect(result.errors![0]!.message).toContain(String(test.config.maxPageSize));
    expect(result.data ?? null).toBeNull();
  });

  it.each([
    ['plain garbage', 'garbage'],
    ['characters outside base64url', '!!!***'],
    ['base64 of text that is not JSON', Buffer.from('hello world').toString('base64url')],
    ['a JSON object', cursorOf({ name: 'Tea culture', slug: 'tea-culture' })],
    ['a JSON string', cursorOf('Tea culture')],
    ['a key of the wrong length', cursorOf(['Tea culture'])],
    ['a key that is too long', cursorOf(['Tea culture', 'tea-culture', 'extra'])],
    ['numbers instead of strings', cursorOf([1, 2])],
    ['a number where a string belongs', cursorOf(['Tea culture', 5])],
    ['nulls', cursorOf([null, null])],
    ['an empty array', cursorOf([])],
  ])('refuses an `after` cursor that is %s with BAD_USER_INPUT naming "after"', async (_name, after) => {
    const result = await test.client.request(InterestsDocument, { first: 5, after }, { token: reader.token });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0]!.extensions!.field).toBe('after');
    expect(result.errors![0]!.message).toMatch(/cursor/);
    expect(result.data ?? null).toBeNull();
  });

  it('refuses a real cursor that has been tampered with', async () => {
    const real = (await page({ first: 3 })).edges[2]!.cursor;
    const decoded = JSON.parse(Buffer.from(real, 'base64url').toString('utf8'));
    expect(Array.isArray(decoded)).toBe(true);
    const tampered = [
      real.slice(0, -3), // truncated
      `${real}x!`, // extended with junk
      cursorOf([...decoded, 'more']),
      cursorOf(decoded.map(() => 42)),
    ];
    for (const after of tampered) {
      const result = await test.client.request(InterestsDocument, { first: 3, after }, { token: reader.token });
      expect(errorCodes(result), after).toEqual(['BAD_USER_INPUT']);
      expect(result.errors![0]!.extensions!.field).toBe('after');
    }
  });

  describe('search', () => {
    it.each([
      ['lower case', 'tea'],
      ['upper case', 'TEA'],
      ['mixed case', 'cHeSs'],
      ['a word only in a name', 'XIANGQI'],
      ['a word only in a name (2)', 'Learning'],
      ['a hyphenated slug fragment', 'TABLE-TEN'],
      ['a slug fragment with a hyphen that no name has', 'e-t'],
      ['a common fragment', 'ING'],
      ['a bracket, taken literally', '('],
      ['surrounding spaces', '  weiqi  '],
    ])('finds %s case-insensitively in names and slugs (%s)', async (_name, search) => {
      const { nodes } = await walk(test.config.maxPageSize, search);
      const expected = INTEREST_CATALOGUE.filter((i) => matches(i, search));
      expect(expected.length).toBeGreaterThan(0);
      for (const interest of expected) expect(nodes.map((n) => n.slug)).toContain(interest.slug);
      for (const node of nodes) expect(matches(node, search), node.slug).toBe(true);
      expect(nodes).toEqual([...nodes].sort(byNameThenSlug));
    });

    it('finds by name when the slug differs, and by slug when the name differs', async () => {
      const byName = (await walk(50, 'xiangqi')).nodes.map((n) => n.slug);
      expect(byName).toContain('chinese-chess');
      const bySlug = (await walk(50, 'table-tennis')).nodes.map((n) => n.slug);
      expect(bySlug).toContain('table-tennis');
      expect(INTEREST_CATALOGUE.find((i) => i.slug === 'table-tennis')!.name.toLowerCase()).not.toContain('table-tennis');
    });

    it('treats pattern characters literally (no LIKE or regex semantics)', async () => {
      for (const search of ['%', '.*', '_', "'", '\\', '[a-z]']) {
        const { nodes } = await walk(50, search);
        // Were the search a pattern, these would match (nearly) everything.
        for (const node of nodes) expect(matches(node, search), `${search}: ${node.slug}`).toBe(true);
        for (const interest of INTEREST_CATALOGUE.filter((i) => matches(i, search))) expect(nodes.map((n) => n.slug)).toContain(interest.slug);
      }
    });

    it('gives an empty last page when nothing matches', async () => {
      const connection = await page({ search: 'zzz-no-such-interest-zzz' });
      expect(connection.edges).toEqual([]);
      expect(connection.pageInfo).toEqual({ hasNextPage: false, endCursor: null });
    });

    it('treats a blank search as no search', async () => {
      const all = (await walk(test.config.maxPageSize)).nodes;
      expect((await walk(test.config.maxPageSize, '   ')).nodes).toEqual(all);
      expect((await walk(test.config.maxPageSize, '')).nodes).toEqual(all);
    });

    it('paginates within the search results', async () => {
      const search = 'ing';
      const whole = (await walk(test.config.maxPageSize, search)).nodes;
      expect(whole.length).toBeGreaterThan(3);
      const paged = await walk(2, search);
      expect(paged.nodes).toEqual(whole);
      expect(paged.pages).toHaveLength(Math.ceil(whole.length / 2));
    });

    it('refuses a search over 100 characters with BAD_USER_INPUT naming "search"', async () => {
      const result = await test.client.request(InterestsDocument, { search: 't'.repeat(101) }, { token: reader.token });
      expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
      expect(result.errors![0]!.extensions!.field).toBe('search');
    });
  });

  it('is open to service tokens too (any signed-in principal)', async () => {
    const result = await test.client.request(InterestsDocument, { first: 3 }, { token: serviceToken(test, Role.CREDIT_BUREAU) });
    expect(result.errors).toBeUndefined();
    expect(result.data!.interests.edges).toHaveLength(3);
  });

  it('refuses anonymous requests with UNAUTHENTICATED', async () => {
    const result = await test.client.request(InterestsDocument, { first: 3 });
    expect(errorCodes(result)).toEqual(['UNAUTHENTICATED']);
    expect(result.data ?? null).toBeNull();
  });
});

describe('setInterests', () => {
  it('replaces the interests with exactly the ones sent, returned in name order', async () => {
    const person = await signUp(test.client, 'setint');
    const firstSet = ['tea-culture', 'hiking', 'weiqi'];
    const result = await set(person, firstSet);
    expect(result.errors).toBeUndefined();
    expect(result.data!.setInterests.handle).toBe(person.handle);
    const expectedOrder = INTEREST_CATALOGUE.filter((i) => firstSet.includes(i.slug)).sort(byNameThenSlug).map((i) => i.slug);
    expect(result.data!.setInterests.interests.map((i) => i.slug)).toEqual(expectedOrder);
    const stored = await storedInterests(person.id);
    expect(stored.map((r) => r.slug)).toEqual([...firstSet].sort());
    const teaSince = stored.find((r) => r.slug === 'tea-culture')!.since;
    expect(teaSince).toBeInstanceOf(Date);

    const second = await set(person, ['tea-culture', 'coffee']);
    expect(second.errors).toBeUndefined();
    expect(second.data!.setInterests.interests.map((i) => i.slug).sort()).toEqual(['coffee', 'tea-culture']);
    const restored = await storedInterests(person.id);
    expect(restored.map((r) => r.slug)).toEqual(['coffee', 'tea-culture']);
    // An interest kept across the replacement keeps the date it was first followed.
    expect(restored.find((r) => r.slug === 'tea-culture')!.since).toEqual(teaSince);

    const me = await test.client.request(MeDocument, {}, { token: person.token });
    expect(me.data!.me!.interests).toEqual(
      INTEREST_CATALOGUE.filter((i) => ['coffee', 'tea-culture'].includes(i.slug)).sort(byNameThenSlug).map(({ slug, name }) => ({ slug, name })),
    );
  });

  it('dedupes and normalises case, spaces and full-width forms', async () => {
    const person = await signUp(test.client, 'normint');
    const result = await set(person, ['Tea-Culture', 'TEA-CULTURE', ' tea-culture ', 'ｈｉｋｉｎｇ', 'Hiking', 'hiking']);
    expect(result.errors).toBeUndefined();
    expect(result.data!.setInterests.interests.map((i) => i.slug).sort()).toEqual(['hiking', 'tea-culture']);
    const stored = await storedInterests(person.id);
    expect(stored.map((r) => r.slug)).toEqual(['hiking', 'tea-culture']);
  });

  it('clears every interest with an empty list', async () => {
    const person = await signUp(test.client, 'clearint');
    await set(person, ['coffee', 'running']);
    expect(await storedInterests(person.id)).toHaveLength(2);
    const result = await set(person, []);
    expect(result.errors).toBeUndefined();
    expect(result.data!.setInterests.interests).toEqual([]);
    expect(await storedInterests(person.id)).toEqual([]);
    // Clearing twice is fine too.
    expect((await set(person, [])).errors).toBeUndefined();
  });

  it('accepts 30 interests, and 31 entries that dedupe to 30', async () => {
    const person = await signUp(test.client, 'thirty');
    const thirty = catalogueSlugs.slice(0, 30);
    expect(thirty).toHaveLength(30);
    const result = await set(person, [...thirty, thirty[0]!.toUpperCase()]);
    expect(result.errors).toBeUndefined();
    expect(result.data!.setInterests.interests).toHaveLength(30);
    expect((await storedInterests(person.id)).map((r) => r.slug)).toEqual([...thirty].sort());
  });

  it("changes only the caller's interests", async () => {
    const [a, b] = await Promise.all([signUp(test.client, 'inta'), signUp(test.client, 'intb')]);
    await set(b, ['poetry', 'film']);
    const before = await storedInterests(b.id);
    await set(a, ['poetry']);
    await set(a, []);
    expect(await storedInterests(b.id)).toEqual(before);
  });

  it("shows a person's interests to others, in name order", async () => {
    const [owner, viewer] = await Promise.all([signUp(test.client, 'showint'), signUp(test.client, 'seeint')]);
    const chosen = ['volunteering', 'anime', 'piano'];
    await set(owner, chosen);
    const result = await test.client.request(UsersExtraProfileDocument, { handle: owner.handle }, { token: viewer.token });
    expect(result.errors).toBeUndefined();
    const names = result.data!.user!.interests.map((i) => i.name);
    expect(result.data!.user!.interests.map((i) => i.slug).sort()).toEqual([...chosen].sort());
    expect(names).toEqual([...names].sort(compare));
  });

  describe('refuses bad lists with BAD_USER_INPUT naming "slugs", leaving the previous interests unchanged', () => {
    let person: Person;
    let before: Awaited<ReturnType<typeof storedInterests>>;
    beforeAll(async () => {
      person = await signUp(test.client, 'badint');
      const result = await set(person, ['calligraphy', 'swimming']);
      expect(result.errors).toBeUndefined();
      before = await storedInterests(person.id);
      expect(before.map((r) => r.slug)).toEqual(['calligraphy', 'swimming']);
    });

    const cases: Array<[string, () => string[], RegExp]> = [
      ['an unknown slug', () => ['no-such-interest'], /no-such-interest/],
      ['an unknown slug among known ones', () => ['coffee', 'no-such-thing', 'hiking'], /no-such-thing/],
      ['several unknown slugs', () => ['nope-one', 'nope-two'], /nope-one.*nope-two|nope-two.*nope-one/],
      ['a slug with a space', () => ['tea culture'], /slugs/],
      ['a slug with a double hyphen', () => ['tea--culture'], /slugs/],
      ['a slug with a trailing hyphen', () => ['coffee-'], /slugs/],
      ['a one-character slug', () => ['a'], /slugs/],
      ['an empty slug', () => [''], /slugs/],
      ['a slug with Cypher in it', () => ["coffee'}) DETACH DELETE (n"], /slugs/],
      ['31 distinct known slugs', () => catalogueSlugs.slice(0, 31), /30/],
      ['every catalogue slug', () => [...catalogueSlugs], /30/],
    ];
    it.each(cases)('%s', async (_name, slugs, message) => {
      const list = slugs();
      const result = await set(person, list);
      expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
      expect(result.errors![0]!.extensions!.field).toBe('slugs');
      expect(result.errors![0]!.message).toMatch(message);
      expect(result.data ?? null).toBeNull();
      expect(await storedInterests(person.id)).toEqual(before);
    });
  });

  it('refuses service tokens with FORBIDDEN', async () => {
    for (const role of [Role.CREDIT_BUREAU, Role.IDENTITY_VERIFIER] as const) {
      const result = await test.client.request(SetInterestsDocument, { slugs: ['coffee'] }, { token: serviceToken(test, role) });
      expect(errorCodes(result)).toEqual(['FORBIDDEN']);
    }
  });

  it('refuses anonymous requests with UNAUTHENTICATED', async () => {
    const result = await test.client.request(SetInterestsDocument, { slugs: ['coffee'] });
    expect(errorCodes(result)).toEqual(['UNAUTHENTICATED']);
    expect(result.data ?? null).toBeNull();
  });
});
