/**
 * feed(first, after): the newest posts from the viewer's circles, leaving out people the
 * viewer blocked and people who blocked the viewer, as a cursor connection whose cursor
 * stays put while new posts arrive. (Blocks are written straight into the graph: the
 * block API comes in a later feature.)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BanMemberDocument, FeedDocument, LeaveCircleDocument } from '../../generated/graphql.js';
import { foundCircle, joinCircle, writePost } from '../../helpers/circles.js';
import { errorCodes } from '../../helpers/client.js';
import { blockInGraph, signUp, type Person } from '../../helpers/people.js';
import { serverForTests } from '../../helpers/server.js';

const test = serverForTests();

// ---------------------------------------------------------------------------------------
// Helpers

interface Written {
  id: string;
  createdAt: string;
  author: string;
  circle: string;
}

async function post(author: Person, circleSlug: string, body?: string): Promise<Written> {
  const created = await writePost(test, author, circleSlug, body);
  return { id: created.id, createdAt: created.createdAt, author: created.author.handle, circle: created.circle.slug };
}

/** Newest first, as the contract orders a feed (ties by id, newest id first). */
const newestFirst = (posts: Written[]) =>
  [...posts].sort((x, y) => (x.createdAt === y.createdAt ? (x.id < y.id ? 1 : -1) : x.createdAt < y.createdAt ? 1 : -1)).map((p) => p.id);

async function feedPage(viewer: Person, first: number, after: string | null = null) {
  const result = await test.client.request(FeedDocument, { first, after }, { token: viewer.token });
  expect(result.errors).toBeUndefined();
  return result.data!.feed;
}

async function walkFeed(viewer: Person, first: number): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 200; guard++) {
    const page = await feedPage(viewer, first, after);
    expect(page.edges.length).toBeLessThanOrEqual(first);
    ids.push(...page.edges.map((edge) => edge.node.id));
    if (!page.pageInfo.hasNextPage) return ids;
    expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)!.cursor);
    after = page.pageInfo.endCursor;
  }
  throw new Error('pagination did not end');
}

// ---------------------------------------------------------------------------------------

let viewer: Person;
let friendA: Person;
let friendB: Person;
let blockedByViewer: Person;
let blockerOfViewer: Person;
let hiking: string;
let tea: string;
let secret: string;
let elsewhere: string;
const visible: Written[] = [];
const hidden: Written[] = [];

beforeAll(async () => {
  [viewer, friendA, friendB, blockedByViewer, blockerOfViewer] = await Promise.all([
    signUp(test.client, 'fviewer'),
    signUp(test.client, 'friend_a'),
    signUp(test.client, 'friend_b'),
    signUp(test.client, 'blocked'),
    signUp(test.client, 'blocker'),
  ]);
  hiking = await foundCircle(test, friendA, 'feed');
  tea = await foundCircle(test, friendB, 'feed');
  secret = await foundCircle(test, friendA, 'feed', { membersOnly: true });
  elsewhere = await foundCircle(test, friendB, 'feed'); // the viewer never joins it
  for (const slug of [hiking, tea, secret]) await joinCircle(test, viewer, slug);
  for (const person of [blockedByViewer, blockerOfViewer]) {
    await joinCircle(test, person, hiking);
    await joinCircle(test, person, tea);
  }
  await joinCircle(test, friendA, tea);
  await blockInGraph(test.database, viewer, blockedByViewer);
  await blockInGraph(test.database, blockerOfViewer, viewer);

  for (let round = 0; round < 3; round++) {
    visible.push(await post(friendA, hiking));
    visible.push(await post(friendB, tea));
    hidden.push(await post(blockedByViewer, hiking));
    visible.push(await post(friendA, tea));
    hidden.push(await post(blockerOfViewer, tea));
    visible.push(await post(viewer, hiking));
    hidden.push(await post(friendB, elsewhere));
    visible.push(await post(friendA, secret));
  }
});

describe('feed', () => {
  it("holds the newest posts of the viewer's circles, with their authors and circles, and nothing else", async () => {
    const page = await feedPage(viewer, 100);
    expect(page.edges.map((edge) => edge.node.id)).toEqual(newestFirst(visible));
    expect(page.pageInfo.hasNextPage).toBe(false);
    const byId = new Map(visible.map((p) => [p.id, p]));
    for (const { node } of page.edges) {
      expect(node.author.handle).toBe(byId.get(node.id)!.author);
      expect(node.circle.slug).toBe(byId.get(node.id)!.circle);
    }
    const ids = new Set(page.edges.map((edge) => edge.node.id));
    for (const post of hidden) expect(ids.has(post.id)).toBe(false);
  });

  it('leaves out people the viewer blocked and people who blocked the viewer, both ways', async () => {
    const authors = new Set((await feedPage(viewer, 100)).edges.map((edge) => edge.node.author.handle));
    expect(authors).not.toContain(blockedByViewer.handle);
    expect(authors).not.toContain(blockerOfViewer.handle);
    // The blocked person's own feed does not show the viewer either.
    const theirs = await feedPage(blockedByViewer, 100);
    expect(theirs.edges.map((edge) => edge.node.author.handle)).not.toContain(viewer.handle);
    expect(theirs.edges.map((edge) => edge.node.author.handle)).toContain(friendA.handle);
    // Someone with no blocks in the same circles sees all of them.
    const friendAuthors = new Set((await feedPage(friendA, 100)).edges.map((edge) => edge.node.author.handle));
    expect(friendAuthors).toContain(blockedByViewer.handle);
    expect(friendAuthors).toContain(blockerOfViewer.handle);
  });

  it('pages newest first, each post once, at any page size', async () => {
    const expected = newestFirst(visible);
    for (const size of [1, 4, 7]) expect(await walkFeed(viewer, size)).toEqual(expected);
  });

  it('keeps its cursor while new posts arrive', async () => {
    const expected = newestFirst(visible);
    const first = await feedPage(viewer, 5);
    expect(first.edges.map((edge) => edge.node.id)).toEqual(expected.slice(0, 5));
    const newer = await post(friendB, tea, 'arrived between pages');
    try {
      const rest: string[] = [];
      let after = first.pageInfo.endCursor;
      for (;;) {
        const page = await feedPage(viewer, 5, after);
        rest.push(...page.edges.map((edge) => edge.node.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(rest).toEqual(expected.slice(5));
      const fresh = await feedPage(viewer, 1);
      expect(fresh.edges[0]!.node.id).toBe(newer.id);
    } finally {
      visible.push(newer);
    }
  });

  it('is empty for someone in no circles', async () => {
    const loner = await signUp(test.client, 'loner');
    const page = await feedPage(loner, 20);
    expect(page).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it('drops the posts of a circle the viewer left, or was banned from', async () => {
    const reader = await signUp(test.client, 'leaver');
    await joinCircle(test, reader, hiking);
    await joinCircle(test, reader, tea);
    const before = new Set((await feedPage(reader, 100)).edges.map((edge) => edge.node.circle.slug));
    expect(before).toEqual(new Set([hiking, tea]));

    const left = await test.client.request(LeaveCircleDocument, { slug: tea }, { token: reader.token });
    expect(left.data?.leaveCircle).toBe(true);
    const afterLeaving = new Set((await feedPage(reader, 100)).edges.map((edge) => edge.node.circle.slug));
    expect(afterLeaving).toEqual(new Set([hiking]));

    const banned = await test.client.request(BanMemberDocument, { circleSlug: hiking, handle: reader.handle }, { token: friendA.token });
    expect(banned.errors).toBeUndefined();
    expect((await feedPage(reader, 100)).edges).toEqual([]);
  });

  it.each([
    ['above the cap', 101],
    ['negative', -1],
  ])('refuses `first` %s with BAD_USER_INPUT', async (_what, first) => {
    const result = await test.client.request(FeedDocument, { first }, { token: viewer.token });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0]!.extensions!.field).toBe('first');
  });

  it('refuses a cursor it never gave out with BAD_USER_INPUT', async () => {
    const result = await test.client.request(FeedDocument, { first: 5, after: '%%%' }, { token: viewer.token });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
  });

  it('refuses anonymous callers with UNAUTHENTICATED', async () => {
    const result = await test.client.request(FeedDocument, { first: 5 });
    expect(errorCodes(result)).toEqual(['UNAUTHENTICATED']);
  });
});
