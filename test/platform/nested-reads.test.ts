/**
 * Nested reads in one round-trip (issue 16): a profile with its interests and circles, a
 * circle page with its members and posts, a list of circles with counts and roles — each
 * answered by one Cypher statement that looks ahead at what the query asks for. Before,
 * they took 3, 3 and 2 round-trips. And the rules hold exactly as they did: what the
 * look-ahead primes is what the children's own loaders read (a second, longer page in the
 * same query is not looked ahead, so its loader reads it, and the two agree), people with a
 * block between them and the viewer are left out, members-only circles stay closed, and bad
 * arguments are refused by the field that has them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BlocksBlockDocument,
  FeedDocument,
  NestedCircleListDocument,
  NestedCirclePageBackwardDocument,
  NestedCirclePageDocument,
  NestedCirclePageTwiceDocument,
  NestedProfileDocument,
  NestedProfileTwiceDocument,
  SetInterestsDocument,
} from '../generated/graphql.js';
import { foundCircle, joinCircle, writePost } from '../helpers/circles.js';
import { errorCodes, ok, type Result } from '../helpers/client.js';
import { signUp, type Person } from '../helpers/people.js';
import { serverForTests } from '../helpers/server.js';
import { tag } from '../helpers/util.js';

const test = serverForTests();

let viewer: Person;
let owner: Person;
let members: Person[];
/** Blocked the viewer: to the viewer as if they did not exist. */
let blocker: Person;
/** Blocked by the viewer. */
let blocked: Person;
let search: string;
let open: string;
let other: string;
let closed: string;

function roundTrips(result: Result<unknown>): number {
  expect(result.errors).toBeUndefined();
  return result.extensions.cypher!.roundTrips;
}

beforeAll(async () => {
  search = tag();
  [viewer, owner, blocker, blocked, ...members] = await Promise.all(Array.from({ length: 8 }, () => signUp(test.client, 'nested')));
  await ok(test.client.request(SetInterestsDocument, { slugs: ['travel', 'photography'] }, { token: members[0]!.token }));
  open = await foundCircle(test, owner, `nested-open-${search}`);
  other = await foundCircle(test, members[0]!, `nested-other-${search}`);
  closed = await foundCircle(test, owner, `nested-closed-${search}`, { membersOnly: true });
  for (const person of [viewer, ...members, blocker, blocked]) await joinCircle(test, person, open);
  await joinCircle(test, members[0]!, closed);
  // Everyone posts, the blocker and the blocked too; the viewer must see neither's.
  for (const author of [owner, blocker, ...members, blocked, owner, blocker]) await writePost(test, author, open, `nested post by ${author.handle}`);
  await ok(test.client.request(BlocksBlockDocument, { handle: viewer.handle }, { token: blocker.token }));
  await ok(test.client.request(BlocksBlockDocument, { handle: blocked.handle }, { token: viewer.token }));
}, 120_000);

const hiddenHandles = () => [blocker.handle, blocked.handle];

describe('a profile: a person, their interests and their circles', () => {
  it('takes one round-trip (three before), with the circles the viewer may know of', async () => {
    const result = await test.client.request(NestedProfileDocument, { handle: members[0]!.handle, first: 20 }, { token: viewer.token });
    expect(roundTrips(result)).toBe(1);
    const user = result.data!.user!;
    expect(user.interests.map((i) => i.slug)).toEqual(['photography', 'travel']);
    // The members-only circle is theirs, but not the viewer's to know of.
    expect(user.circles.edges.map((e) => e.node.slug).sort()).toEqual([open, other].sort());
    expect(user.circles.pageInfo.hasNextPage).toBe(false);
  });

  it('shows a member of a members-only circle that circle, to themself', async () => {
    const result = await test.client.request(NestedProfileDocument, { handle: members[0]!.handle, first: 20 }, { token: members[0]!.token });
    expect(roundTrips(result)).toBe(1);
    expect(result.data!.user!.circles.edges.map((e) => e.node.slug).sort()).toEqual([closed, open, other].sort());
  });

  it('primes the page its loader would have read', async () => {
    const result = await test.client.request(NestedProfileTwiceDocument, { handle: members[0]!.handle, first: 1, more: 5 }, { token: viewer.token });
    const user = result.data!.user!;
    expect(result.errors).toBeUndefined();
    expect(user.circles.edges.map((e) => e.node.slug)).toEqual(user.more.edges.slice(0, 1).map((e) => e.node.slug));
    expect(user.circles.pageInfo.hasNextPage).toBe(true);
    // The longer page was not looked ahead: it took a round-trip of its own.
    expect(result.extensions.cypher!.roundTrips).toBe(2);
  });

  it('finds nobody for someone who blocked the viewer', async () => {
    const result = await test.client.request(NestedProfileDocument, { handle: blocker.handle, first: 20 }, { token: viewer.token });
    expect(result.errors).toBeUndefined();
    expect(result.data!.user).toBeNull();
  });

  it('refuses a bad page size on `circles`, as before', async () => {
    const result = await test.client.request(NestedProfileDocument, { handle: members[0]!.handle, first: -1 }, { token: viewer.token });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0]!.path).toEqual(['user', 'circles']);
    expect(result.errors![0]!.message).toContain('`first` must be from 0 to');
  });
});

describe('a circle page: the circle, its member count, members and posts with authors', () => {
  it('takes one round-trip (three before), without people on either side of a block', async () => {
    const result = await test.client.request(NestedCirclePageDocument, { slug: open, first: 20 }, { token: viewer.token });
    expect(roundTrips(result)).toBe(1);
    const circle = result.data!.circle!;
    const memberHandles = circle.members.edges.map((e) => e.node.user.handle);
    expect(memberHandles.sort()).toEqual([owner, viewer, ...members].map((p) => p.handle).sort());
    expect(circle.memberCount).toBe(memberHandles.length);
    expect(circle.viewerRole).toBe('MEMBER');
    const authors = circle.posts.edges.map((e) => e.node.author.handle);
    expect(authors).toHaveLength(6);
    for (const hidden of hiddenHandles()) expect(authors).not.toContain(hidden);
    expect(circle.posts.edges.every((e) => e.node.body === `nested post by ${e.node.author.handle}`)).toBe(true);
  });

  it('primes the pages their loaders would have read', async () => {
    const result = await test.client.request(NestedCirclePageTwiceDocument, { slug: open, first: 2, more: 5 }, { token: viewer.token });
    expect(result.errors).toBeUndefined();
    const circle = result.data!.circle!;
    expect(circle.members.edges).toEqual(circle.moreMembers.edges.slice(0, 2));
    expect(circle.posts.edges).toEqual(circle.morePosts.edges.slice(0, 2));
    expect(circle.posts.edges).toHaveLength(2);
  });

  it('pages on from a looked-ahead page', async () => {
    const first = await test.client.request(NestedCirclePageDocument, { slug: open, first: 4 }, { token: viewer.token });
    const cursor = first.data!.circle!.posts.pageInfo.endCursor;
    const next = await test.client.request(NestedCirclePageDocument, { slug: open, first: 4, after: cursor }, { token: viewer.token });
    expect(roundTrips(next)).toBe(1);
    const ids = [...first.data!.circle!.posts.edges, ...next.data!.circle!.posts.edges].map((e) => e.node.id);
    expect(new Set(ids).size).toBe(6);
    expect(next.data!.circle!.posts.pageInfo.hasNextPage).toBe(false);
  });

  it('looks ahead at backward pages too (last/before): one round-trip, the items and page info reading forward gives', async () => {
    const all = (await ok(test.client.request(NestedCirclePageDocument, { slug: open, first: 20 }, { token: viewer.token }))).circle!;
    const memberHandles = all.members.edges.map((e) => e.node.user.handle);
    const postIds = all.posts.edges.map((e) => e.node.id);
    const firstFour = (await ok(test.client.request(NestedCirclePageDocument, { slug: open, first: 4 }, { token: viewer.token }))).circle!;
    const before = await test.client.request(
      NestedCirclePageBackwardDocument,
      { slug: open, last: 2, membersBefore: firstFour.members.pageInfo.endCursor, postsBefore: firstFour.posts.pageInfo.endCursor },
      { token: viewer.token },
    );
    expect(roundTrips(before)).toBe(1);
    const middle = before.data!.circle!;
    expect(middle.members.edges.map((e) => e.node.user.handle)).toEqual(memberHandles.slice(1, 3));
    expect(middle.posts.edges.map((e) => e.node.id)).toEqual(postIds.slice(1, 3));
    for (const list of [middle.members, middle.posts]) expect(list.pageInfo).toEqual({ hasPreviousPage: true, hasNextPage: true });
    const end = await test.client.request(NestedCirclePageBackwardDocument, { slug: open, last: 2 }, { token: viewer.token });
    expect(roundTrips(end)).toBe(1);
    const tail = end.data!.circle!;
    expect(tail.members.edges.map((e) => e.node.user.handle)).toEqual(memberHandles.slice(-2));
    expect(tail.posts.edges.map((e) => e.node.id)).toEqual(postIds.slice(-2));
    for (const list of [tail.members, tail.posts]) expect(list.pageInfo).toEqual({ hasPreviousPage: true, hasNextPage: false });
  });

  it('keeps a members-only circle closed to someone outside it', async () => {
    const result = await test.client.request(NestedCirclePageDocument, { slug: closed, first: 20 }, { token: viewer.token });
    // The first refusal nulls the circle (its lists are non-null); graphql-js reports that one.
    expect(errorCodes(result)).toEqual(['FORBIDDEN']);
    expect(result.errors![0]!.message).toMatch(/^Only members of .* can (see who is in it|read its posts); join it first\.$/);
    expect(result.data?.circle ?? null).toBeNull();
    const member = await test.client.request(NestedCirclePageDocument, { slug: closed, first: 20 }, { token: members[0]!.token });
    expect(roundTrips(member)).toBe(1);
    expect(member.data!.circle!.members.edges.map((e) => e.node.user.handle).sort()).toEqual([owner.handle, members[0]!.handle].sort());
  });

  it('refuses a bad page size on a list, as before', async () => {
    const result = await test.client.request(NestedCirclePageDocument, { slug: open, first: 1000 }, { token: viewer.token });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(['members', 'posts']).toContain(result.errors![0]!.path?.at(-1));
    expect(result.errors![0]!.message).toContain('`first` must be from 0 to');
  });

  it('answers null for a circle nobody has', async () => {
    const result = await test.client.request(NestedCirclePageDocument, { slug: `nobody-${search}`, first: 20 }, { token: viewer.token });
    expect(result.errors).toBeUndefined();
    expect(result.data!.circle).toBeNull();
  });
});

describe('a list of circles with their counts and the viewer’s role', () => {
  it('takes one round-trip (two before)', async () => {
    const result = await test.client.request(NestedCircleListDocument, { search, first: 10 }, { token: viewer.token });
    expect(roundTrips(result)).toBe(1);
    const bySlug = new Map(result.data!.circles.edges.map((e) => [e.node.slug, e.node]));
    expect(bySlug.get(open)).toEqual({ slug: open, memberCount: 6, viewerRole: 'MEMBER' });
    expect(bySlug.get(closed)).toEqual({ slug: closed, memberCount: 2, viewerRole: null });
    expect(bySlug.get(other)).toEqual({ slug: other, memberCount: 1, viewerRole: null });
  });
});

describe('a feed page', () => {
  it('takes one round-trip, without people on either side of a block', async () => {
    const result = await test.client.request(FeedDocument, { first: 20 }, { token: viewer.token });
    expect(roundTrips(result)).toBe(1);
    const authors = result.data!.feed.edges.map((e) => e.node.author.handle);
    expect(authors.length).toBeGreaterThanOrEqual(6);
    for (const hidden of hiddenHandles()) expect(authors).not.toContain(hidden);
  });
});
