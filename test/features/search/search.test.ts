/**
 * Search through the public API: people by a fragment of a Chinese name or by handle,
 * circles by name and description, posts by words, each as the rest of the API would show
 * them to the viewer (blocks both ways, circles' read access), paged with cursors; bad text
 * refused. Test files share one database, so every name here carries a fresh tag.
 */
import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BlocksBlockDocument, SearchCirclesDocument, SearchPeopleDocument, SearchPostsDocument, SignUpDocument } from '../../generated/graphql.js';
import { foundCircle, joinCircle, writePost } from '../../helpers/circles.js';
import { errorCodes, ok } from '../../helpers/client.js';
import { PASSWORD, personFrom, signUp, uniqueHandle, type Person } from '../../helpers/people.js';
import { searchable } from '../../helpers/search.js';
import { serverForTests } from '../../helpers/server.js';
import { tag } from '../../helpers/util.js';

const test = serverForTests();

/** `n` random common Han characters (U+4E00–U+9FA5): a name fragment no other test has. */
const han = (n: number) => Array.from({ length: n }, () => String.fromCodePoint(randomInt(0x4e00, 0x9fa6))).join('');

async function person(prefix: string, realName: string): Promise<Person> {
  return personFrom((await ok(test.client.request(SignUpDocument, { input: { handle: uniqueHandle(prefix), realName, password: PASSWORD } }))).signUp);
}

/** The indexes take writes just after they commit: every search here first waits for what the test wrote. */
const people = async (viewer: Person, text: string, first?: number, after?: string | null) => {
  await searchable(test.database);
  return ok(test.client.request(SearchPeopleDocument, { text, first, after }, { token: viewer.token })).then((d) => d.searchPeople);
};
const handles = async (viewer: Person, text: string) => (await people(viewer, text, 100)).edges.map((e) => e.node.handle);

describe('searchPeople', () => {
  it('finds a person by two characters of a three-character Chinese name, by one character, and by the whole name', async () => {
    const name = han(3);
    const [target, viewer] = [await person('zhname', name), await signUp(test.client, 'zhviewer')];
    for (const fragment of [name.slice(0, 2), name.slice(1), name.slice(0, 1), name.slice(2), name]) {
      const found = await people(viewer, fragment, 100);
      expect(found.edges.map((e) => e.node.handle), fragment).toContain(target.handle);
      // Every person found holds the fragment (in the name or, for Latin text, the handle).
      for (const edge of found.edges) expect(edge.node.realName, fragment).toContain(fragment);
    }
    // The whole name typed ranks first.
    expect((await people(viewer, name, 1)).edges[0]!.node.handle).toBe(target.handle);
    // Characters that are not next to each other in the name do not match as a pair.
    expect(await handles(viewer, `${name[0]}${name[2]}`)).not.toContain(target.handle);
  });

  it('finds people by a Latin name in any case, by handle, and by the start of a handle', async () => {
    const word = `Lin${tag()}`;
    const target = await person('latin', `Anna ${word}`);
    const viewer = await signUp(test.client, 'laviewer');
    expect(await handles(viewer, word.toUpperCase())).toEqual([target.handle]);
    expect(await handles(viewer, `anna ${word.toLowerCase()}`)).toEqual([target.handle]);
    expect(await handles(viewer, target.handle)).toEqual([target.handle]);
    expect(await handles(viewer, target.handle.slice(0, 12))).toContain(target.handle);
  });

  it('never shows people with a block between them and the viewer, either way; the blocker is as if they did not exist', async () => {
    const word = `Blk${tag()}`;
    const [blocker, blockedByViewer, other, viewer] = [
      await person('blocker', `${word} One`),
      await person('blockee', `${word} Two`),
      await person('bystander', `${word} Three`),
      await signUp(test.client, 'blviewer'),
    ];
    await ok(test.client.request(BlocksBlockDocument, { handle: viewer.handle }, { token: blocker.token }));
    await ok(test.client.request(BlocksBlockDocument, { handle: blockedByViewer.handle }, { token: viewer.token }));
    expect(await handles(viewer, word)).toEqual([other.handle]);
    expect(await handles(viewer, blocker.handle)).toEqual([]);
    // Someone without a block sees all three.
    expect((await handles(await signUp(test.client, 'blfree'), word)).sort()).toEqual([blocker.handle, blockedByViewer.handle, other.handle].sort());
  });

  it('pages with cursors: every match once, in a stable order, whatever the page size', async () => {
    const word = `Pg${tag()}`;
    const matches = [];
    for (let i = 0; i < 5; i++) matches.push(await person('pager', `${word} ${i}`));
    const exact = await person('pagerx', word);
    const viewer = await signUp(test.client, 'pgviewer');
    const all = await handles(viewer, word);
    // The whole name typed first, then the rest in handle order.
    expect(all).toEqual([exact.handle, ...matches.map((m) => m.handle).sort()]);
    for (const size of [1, 2, 4]) {
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: Awaited<ReturnType<typeof people>> = await people(viewer, word, size, after);
        seen.push(...page.edges.map((e) => e.node.handle));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen, `pages of ${size}`).toEqual(all);
    }
    // A cursor from another list is refused.
    const feedCursor = Buffer.from(JSON.stringify(['2024-01-01T00:00:00Z', 'x'])).toString('base64url');
    const refused = await test.client.request(SearchPeopleDocument, { text: word, after: feedCursor }, { token: viewer.token });
    expect(errorCodes(refused)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('searchCircles', () => {
  it('finds circles by name before circles found by their description alone', async () => {
    const word = `tea${tag()}`;
    const owner = await signUp(test.client, 'ciowner');
    const byDescription = await foundCircle(test, owner, 'cidesc', { name: `Hangzhou ${tag()}`, description: `We drink ${word} together.` });
    const byName = await foundCircle(test, owner, 'ciname', { name: `Lovers of ${word}` });
    await searchable(test.database);
    const found = await ok(test.client.request(SearchCirclesDocument, { text: word }, { token: owner.token }));
    expect(found.searchCircles.edges.map((e) => e.node.slug)).toEqual([byName, byDescription]);
    const chinese = han(4);
    const zh = await foundCircle(test, owner, 'cizh', { name: `${chinese}茶会` });
    await searchable(test.database);
    const zhFound = await ok(test.client.request(SearchCirclesDocument, { text: chinese.slice(1, 3) }, { token: owner.token }));
    expect(zhFound.searchCircles.edges.map((e) => e.node.slug)).toContain(zh);
  });
});

describe('searchPosts', () => {
  it('finds posts by words only in circles the viewer may read, and none by people with a block', async () => {
    const word = `oolong${tag()}`;
    const [owner, viewer, blocker] = [await signUp(test.client, 'powner'), await signUp(test.client, 'poviewer'), await signUp(test.client, 'poblocker')];
    const open = await foundCircle(test, owner, 'poopen');
    const closed = await foundCircle(test, owner, 'poclosed', { membersOnly: true });
    await joinCircle(test, blocker, open);
    const visible = await writePost(test, owner, open, `Brewing ${word} at dawn`);
    await writePost(test, owner, closed, `Secret ${word} tasting`);
    await writePost(test, blocker, open, `My ${word} notes`);
    await ok(test.client.request(BlocksBlockDocument, { handle: viewer.handle }, { token: blocker.token }));

    await searchable(test.database);
    const search = async (who: Person, text: string) =>
      (await ok(test.client.request(SearchPostsDocument, { text }, { token: who.token }))).searchPosts.edges.map((e) => e.node.id);
    expect(await search(viewer, word)).toEqual([visible.id]);
    // Every word must match; a word typed in any case.
    expect(await search(viewer, `DAWN ${word}`)).toEqual([visible.id]);
    expect(await search(viewer, `dusk ${word}`)).toEqual([]);
    // A member of the closed circle finds its post too; the page, its authors and circles in one round-trip.
    const owners = await test.client.request(SearchPostsDocument, { text: word }, { token: owner.token });
    expect(owners.data!.searchPosts.edges.map((e) => e.node.author.handle)).toEqual([blocker.handle, owner.handle, owner.handle]);
    expect(owners.data!.searchPosts.edges.map((e) => e.node.circle.slug)).toEqual([open, closed, open]);
    expect(owners.extensions.cypher?.roundTrips).toBe(1);
  });
});

describe('bad text', () => {
  it('refuses empty, blank, too long and too many words with BAD_USER_INPUT naming text; query syntax is only words', async () => {
    const viewer = await signUp(test.client, 'badtext');
    for (const text of ['', '   ', 'x'.repeat(101), 'a b c d e f g h i', 'line\nbreak']) {
      const result = await test.client.request(SearchPeopleDocument, { text }, { token: viewer.token });
      expect(errorCodes(result), JSON.stringify(text)).toEqual(['BAD_USER_INPUT']);
      expect(result.errors![0]!.extensions?.field).toBe('text');
    }
    // Lucene syntax finds nothing special: no match-all, no field, no fuzzy, no range, no error.
    for (const text of ['*', '*:*', 'realName:*', 'a~', '[a TO z]', '"unclosed', 'x) OR (y', '\\', 'OR', 'AND NOT']) {
      const result = await test.client.request(SearchPeopleDocument, { text, first: 100 }, { token: viewer.token });
      expect(result.errors, text).toBeUndefined();
      expect(result.data!.searchPeople.edges.length, text).toBeLessThan(100);
    }
  });

  it('needs a signed-in person', async () => {
    expect(errorCodes(await test.client.request(SearchCirclesDocument, { text: 'tea' }))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('searches per person (SEARCHES_PER_USER_PER_MINUTE)', () => {
  const limited = serverForTests({ SEARCHES_PER_USER_PER_MINUTE: '3' });

  it('allows 3 searches a minute across the three kinds, refuses the 4th with RATE_LIMITED, per person', async () => {
    const [a, b] = [await signUp(limited.client, 'srate'), await signUp(limited.client, 'srate')];
    expect((await limited.client.request(SearchPeopleDocument, { text: 'x' }, { token: a.token })).errors).toBeUndefined();
    expect((await limited.client.request(SearchCirclesDocument, { text: 'x' }, { token: a.token })).errors).toBeUndefined();
    expect((await limited.client.request(SearchPostsDocument, { text: 'x' }, { token: a.token })).errors).toBeUndefined();
    const refused = await limited.client.request(SearchPeopleDocument, { text: 'x' }, { token: a.token });
    expect(errorCodes(refused)).toEqual(['RATE_LIMITED']);
    expect((await limited.client.request(SearchPeopleDocument, { text: 'x' }, { token: b.token })).errors).toBeUndefined();
  });
});
