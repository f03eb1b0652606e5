/**
 * Posts: createPost (members only; body trimmed, 1–5000 characters; an idempotencyKey
 * makes a retry return the first post), editPost (author only; sets editedAt), deletePost,
 * and Circle.posts (newest first; a cursor that stays put while new posts arrive;
 * members-only circles hide their posts from everyone else).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CirclePostsDocument, CreatePostDocument, DeletePostDocument, EditPostDocument, SetMemberRoleDocument } from '../../generated/graphql.js';
import { foundCircle, joinCircle, writePost } from '../../helpers/circles.js';
import { errorCodes } from '../../helpers/client.js';
import { signUp, type Person } from '../../helpers/people.js';
import { serverForTests } from '../../helpers/server.js';
import { tag } from '../../helpers/util.js';

const test = serverForTests();

// ---------------------------------------------------------------------------------------
// Helpers

function createPost(author: Person, circleSlug: string, body: string, idempotencyKey?: string) {
  return test.client.request(CreatePostDocument, { input: { circleSlug, body, idempotencyKey } }, { token: author.token });
}

/** The posts of a circle as the graph holds them, with their author and circle edges. */
async function postsInGraph(slug: string) {
  return test.database.forRequest().read((q) =>
    q.rows<{ id: string; body: string; author: string | null; editedAt: Date | null }>(
      `MATCH (p:Post)-[:IN]->(:Circle {slug: $slug})
       OPTIONAL MATCH (u:User)-[:POSTED]->(p)
       RETURN p.id AS id, p.body AS body, u.handle AS author, p.editedAt AS editedAt ORDER BY p.createdAt, p.id`,
      { slug },
    ),
  );
}

async function pageOf(viewer: Person, slug: string, first: number, after: string | null = null) {
  const result = await test.client.request(CirclePostsDocument, { slug, first, after }, { token: viewer.token });
  expect(result.errors).toBeUndefined();
  return result.data!.circle!.posts;
}

/** Every post of a circle, page by page. */
async function walk(viewer: Person, slug: string, first: number): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 200; guard++) {
    const page = await pageOf(viewer, slug, first, after);
    expect(page.edges.length).toBeLessThanOrEqual(first);
    ids.push(...page.edges.map((edge) => edge.node.id));
    if (!page.pageInfo.hasNextPage) return ids;
    after = page.pageInfo.endCursor;
  }
  throw new Error('pagination did not end');
}

let owner: Person;
let member: Person;
let outsider: Person;
let slug: string;

beforeAll(async () => {
  [owner, member, outsider] = await Promise.all([signUp(test.client, 'powner'), signUp(test.client, 'pmember'), signUp(test.client, 'poutsider')]);
  slug = await foundCircle(test, owner, 'posts');
  await joinCircle(test, member, slug);
});

// ---------------------------------------------------------------------------------------

describe('createPost', () => {
  it('posts for a member: trimmed body, author, circle, createdAt, no editedAt; the graph links it', async () => {
    const result = await createPost(member, slug, '   你好, 圈子!  \n');
    expect(result.errors).toBeUndefined();
    const created = result.data!.createPost;
    expect(created).toMatchObject({ body: '你好, 圈子!', editedAt: null, author: { id: member.id, handle: member.handle }, circle: { slug } });
    expect(Math.abs(Date.now() - new Date(created.createdAt).getTime())).toBeLessThan(60_000);
    const inGraph = (await postsInGraph(slug)).find((row) => row.id === created.id);
    expect(inGraph).toEqual({ id: created.id, body: '你好, 圈子!', author: member.handle, editedAt: null });
  });

  it('refuses a non-member with FORBIDDEN and writes nothing', async () => {
    const before = await postsInGraph(slug);
    const result = await createPost(outsider, slug, 'let me in');
    expect(errorCodes(result)).toEqual(['FORBIDDEN']);
    expect(result.errors![0]!.message).toMatch(/member/);
    expect(await postsInGraph(slug)).toEqual(before);
  });

  it('refuses anonymous callers with UNAUTHENTICATED', async () => {
    const before = await postsInGraph(slug);
    const result = await test.client.request(CreatePostDocument, { input: { circleSlug: slug, body: 'anon' } });
    expect(errorCodes(result)).toEqual(['UNAUTHENTICATED']);
    expect(await postsInGraph(slug)).toEqual(before);
  });

  it('answers NOT_FOUND for an unknown circle and BAD_USER_INPUT for a malformed slug', async () => {
    const unknown = await createPost(member, `nowhere-${tag()}`, 'hello');
    expect(errorCodes(unknown)).toEqual(['NOT_FOUND']);
    const malformed = await createPost(member, 'Not a slug!', 'hello');
    expect(errorCodes(malformed)).toEqual(['BAD_USER_INPUT']);
  });

  it.each([
    ['empty', ''],
    ['blank', ' \n\t  '],
    ['5001 characters long', 'x'.repeat(5001)],
    ['5001 characters long after trimming', `  ${'字'.repeat(5001)}  `],
  ])('refuses a body that is %s with BAD_USER_INPUT naming the field, and writes nothing', async (_what, body) => {
    const before = await postsInGraph(slug);
    const result = await createPost(member, slug, body);
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0]!.extensions!.field).toBe('body');
    expect(await postsInGraph(slug)).toEqual(before);
  });

  it('accepts exactly 5000 characters after trimming, counted as characters, not bytes', async () => {
    const latin = await createPost(member, slug, `   ${'a'.repeat(5000)}   `);
    expect(latin.errors).toBeUndefined();
    expect(latin.data!.createPost.body).toHaveLength(5000);
    const chinese = await createPost(member, slug, '圈'.repeat(5000));
    expect(chinese.errors).toBeUndefined();
    expect([...chinese.data!.createPost.body]).toHaveLength(5000);
  });
});

describe('createPost with an idempotencyKey', () => {
  it('returns the first post on a retry, and the graph holds one post', async () => {
    const key = `retry-${tag()}`;
    const first = await createPost(member, slug, 'once only', key);
    expect(first.errors).toBeUndefined();
    const retry = await createPost(member, slug, 'once only', key);
    expect(retry.errors).toBeUndefined();
    expect(retry.data!.createPost).toEqual(first.data!.createPost);
    expect((await postsInGraph(slug)).filter((row) => row.body === 'once only')).toHaveLength(1);
  });

  it('returns one post to several retries sent at once', async () => {
    const key = `burst-${tag()}`;
    const body = `burst ${key}`;
    const results = await Promise.all(Array.from({ length: 6 }, () => createPost(member, slug, body, key)));
    for (const result of results) expect(result.errors).toBeUndefined();
    expect(new Set(results.map((result) => result.data!.createPost.id)).size).toBe(1);
    expect((await postsInGraph(slug)).filter((row) => row.body === body)).toHaveLength(1);
  });

  it('refuses a reused key with different content (CONFLICT) and writes nothing', async () => {
    const key = `reuse-${tag()}`;
    const first = await createPost(member, slug, 'original content', key);
    expect(first.errors).toBeUndefined();
    const before = await postsInGraph(slug);
    const changed = await createPost(member, slug, 'different content', key);
    expect(errorCodes(changed)).toEqual(['CONFLICT']);
    expect(changed.errors![0]!.message).toMatch(/idempotencyKey/);
    expect(await postsInGraph(slug)).toEqual(before);

    const otherCircle = await foundCircle(test, member, 'posts');
    const elsewhere = await createPost(member, otherCircle, 'original content', key);
    expect(errorCodes(elsewhere)).toEqual(['CONFLICT']);
    expect(await postsInGraph(otherCircle)).toEqual([]);
  });

  it("keeps one person's keys apart from another's", async () => {
    const key = `shared-${tag()}`;
    const mine = await createPost(member, slug, 'same words', key);
    const theirs = await createPost(owner, slug, 'same words', key);
    expect(mine.errors).toBeUndefined();
    expect(theirs.errors).toBeUndefined();
    expect(theirs.data!.createPost.id).not.toBe(mine.data!.createPost.id);
    expect(theirs.data!.createPost.author.handle).toBe(owner.handle);
  });

  it('refuses a key over 100 characters with BAD_USER_INPUT', async () => {
    const before = await postsInGraph(slug);
    const result = await createPost(member, slug, 'long key', 'k'.repeat(101));
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(await postsInGraph(slug)).toEqual(before);
  });
});

describe('editPost', () => {
  it("changes the author's post, trims the body and sets editedAt", async () => {
    const original = await writePost(test, member, slug, 'first draft');
    const result = await test.client.request(EditPostDocument, { input: { id: original.id, body: '  second draft  ' } }, { token: member.token });
    expect(result.errors).toBeUndefined();
    const edited = result.data!.editPost;
    expect(edited).toMatchObject({ id: original.id, body: 'second draft', createdAt: original.createdAt, author: { handle: member.handle } });
    expect(edited.editedAt).not.toBeNull();
    expect(new Date(edited.editedAt!).getTime()).toBeGreaterThanOrEqual(new Date(original.createdAt).getTime());
    const inGraph = (await postsInGraph(slug)).find((row) => row.id === original.id)!;
    expect(inGraph.body).toBe('second draft');
    expect(inGraph.editedAt).not.toBeNull();

    const page = await pageOf(outsider, slug, 100);
    expect(page.edges.find((edge) => edge.node.id === original.id)!.node).toMatchObject({ body: 'second draft', editedAt: edited.editedAt });
  });

  it("refuses someone else's post with FORBIDDEN, even for the circle's owner, and changes nothing", async () => {
    const original = await writePost(test, member, slug, 'mine alone');
    const moderator = await signUp(test.client, 'pmod');
    await joinCircle(test, moderator, slug);
    expect((await test.client.request(SetMemberRoleDocument, { circleSlug: slug, handle: moderator.handle, role: 'MODERATOR' }, { token: owner.token })).errors).toBeUndefined();
    const before = await postsInGraph(slug);
    for (const someoneElse of [owner, moderator, outsider]) {
      const result = await test.client.request(EditPostDocument, { input: { id: original.id, body: 'hijacked' } }, { token: someoneElse.token });
      expect(errorCodes(result)).toEqual(['FORBIDDEN']);
    }
    expect(await postsInGraph(slug)).toEqual(before);
  });

  it('refuses a blank or over-long body with BAD_USER_INPUT, and an unknown post with NOT_FOUND', async () => {
    const original = await writePost(test, member, slug, 'stays as is');
    const before = await postsInGraph(slug);
    for (const body of ['   ', 'y'.repeat(5001)]) {
      const result = await test.client.request(EditPostDocument, { input: { id: original.id, body } }, { token: member.token });
      expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    }
    const unknown = await test.client.request(EditPostDocument, { input: { id: `missing-${tag()}`, body: 'hello' } }, { token: member.token });
    expect(errorCodes(unknown)).toEqual(['NOT_FOUND']);
    expect(await postsInGraph(slug)).toEqual(before);
  });
});

describe('deletePost', () => {
  it("lets the author delete their post; it leaves the graph and the circle's pages", async () => {
    const doomed = await writePost(test, member, slug, 'short-lived');
    const result = await test.client.request(DeletePostDocument, { id: doomed.id }, { token: member.token });
    expect(result.errors).toBeUndefined();
    expect(result.data!.deletePost).toBe(true);
    expect((await postsInGraph(slug)).map((row) => row.id)).not.toContain(doomed.id);
    const page = await pageOf(member, slug, 100);
    expect(page.edges.map((edge) => edge.node.id)).not.toContain(doomed.id);
    const again = await test.client.request(DeletePostDocument, { id: doomed.id }, { token: member.token });
    expect(errorCodes(again)).toEqual(['NOT_FOUND']);
  });

  it("refuses a plain member deleting someone else's post with FORBIDDEN", async () => {
    const kept = await writePost(test, owner, slug, 'owner words');
    const before = await postsInGraph(slug);
    const result = await test.client.request(DeletePostDocument, { id: kept.id }, { token: member.token });
    expect(errorCodes(result)).toEqual(['FORBIDDEN']);
    expect(await postsInGraph(slug)).toEqual(before);
  });
});

describe('Circle.posts(first, after)', () => {
  let circle: string;
  let ids: string[];

  beforeAll(async () => {
    circle = await foundCircle(test, owner, 'posts');
    await joinCircle(test, member, circle);
    ids = [];
    for (let i = 0; i < 7; i++) ids.push((await writePost(test, i % 2 ? member : owner, circle, `numbered ${i}`)).id);
  });

  it('lists posts newest first, page by page, each once', async () => {
    const newestFirst = [...ids].reverse();
    expect(await walk(outsider, circle, 3)).toEqual(newestFirst);
    expect(await walk(outsider, circle, 1)).toEqual(newestFirst);
    expect(await walk(outsider, circle, 100)).toEqual(newestFirst);
    const page = await pageOf(outsider, circle, 7);
    const times = page.edges.map((edge) => new Date(edge.node.createdAt).getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(page.pageInfo.hasNextPage).toBe(false);
  });

  it('keeps its cursor while new posts arrive: the next page continues where the last one ended', async () => {
    const first = await pageOf(member, circle, 3);
    expect(first.edges.map((edge) => edge.node.id)).toEqual([ids[6], ids[5], ids[4]]);
    expect(first.pageInfo.hasNextPage).toBe(true);

    const newer = [(await writePost(test, member, circle, 'late 1')).id, (await writePost(test, owner, circle, 'late 2')).id];

    const second = await pageOf(member, circle, 3, first.pageInfo.endCursor);
    expect(second.edges.map((edge) => edge.node.id)).toEqual([ids[3], ids[2], ids[1]]);
    const third = await pageOf(member, circle, 3, second.pageInfo.endCursor);
    expect(third.edges.map((edge) => edge.node.id)).toEqual([ids[0]]);
    expect(third.pageInfo.hasNextPage).toBe(false);

    const fresh = await pageOf(member, circle, 2);
    expect(fresh.edges.map((edge) => edge.node.id)).toEqual([newer[1], newer[0]]);
  });

  it('pages through posts written at the same moment without losing or repeating any', async () => {
    const busy = await foundCircle(test, owner, 'posts');
    const writers = await Promise.all(Array.from({ length: 4 }, () => signUp(test.client, 'burst')));
    for (const writer of writers) await joinCircle(test, writer, busy);
    const created = await Promise.all(Array.from({ length: 16 }, (_, i) => writePost(test, writers[i % 4]!, busy, `burst ${i}`)));
    const expected = new Set(created.map((p) => p.id));
    for (const size of [1, 3, 5]) {
      const seen = await walk(outsider, busy, size);
      expect(seen).toHaveLength(expected.size);
      expect(new Set(seen)).toEqual(expected);
    }
  });

  it.each([
    ['above the cap', 101],
    ['negative', -1],
  ])('refuses `first` %s with BAD_USER_INPUT', async (_what, first) => {
    const result = await test.client.request(CirclePostsDocument, { slug: circle, first }, { token: member.token });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
  });

  it('accepts `first` at the cap', async () => {
    const result = await test.client.request(CirclePostsDocument, { slug: circle, first: 100 }, { token: member.token });
    expect(result.errors).toBeUndefined();
  });

  it('refuses a cursor it never gave out with BAD_USER_INPUT', async () => {
    const foreign = Buffer.from(JSON.stringify(['nonsense'])).toString('base64url');
    const result = await test.client.request(CirclePostsDocument, { slug: circle, first: 2, after: foreign }, { token: member.token });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('a members-only circle', () => {
  it('shows its posts to members and refuses everyone else with FORBIDDEN', async () => {
    const privateSlug = await foundCircle(test, owner, 'posts', { membersOnly: true });
    await joinCircle(test, member, privateSlug);
    const secret = await writePost(test, member, privateSlug, 'for members only');

    const inside = await pageOf(member, privateSlug, 10);
    expect(inside.edges.map((edge) => edge.node.id)).toEqual([secret.id]);

    const outside = await test.client.request(CirclePostsDocument, { slug: privateSlug, first: 10 }, { token: outsider.token });
    expect(errorCodes(outside)).toEqual(['FORBIDDEN']);
    expect(JSON.stringify(outside)).not.toContain('for members only');

    const refusedPost = await createPost(outsider, privateSlug, 'sneaking in');
    expect(errorCodes(refusedPost)).toEqual(['FORBIDDEN']);
    expect((await postsInGraph(privateSlug)).map((row) => row.id)).toEqual([secret.id]);
  });

  it('lets anyone signed in read the posts of an open circle', async () => {
    const page = await pageOf(outsider, slug, 5);
    expect(page.edges.length).toBeGreaterThan(0);
  });
});
