/**
 * Both-way paging on every connection (issue 15): each list walked forward (`first`/`after`)
 * and backward (`last`/`before`) with pages of two through the public API must give the same
 * items in the same order, with exact page info at both ends (test/helpers/paging.ts).
 * A second post in the same millisecond orders by id: the walks cross such ties too.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { foundCircle, joinCircle, writePost } from '../../helpers/circles.js';
import { ok } from '../../helpers/client.js';
import { connectThroughApi } from '../../helpers/conversations.js';
import { expectBothWaysAgree, pagesOf } from '../../helpers/paging.js';
import { Role } from '../../../src/auth/roles.js';
import { requestConnection, serviceToken, signUp, signUpMany, type Person } from '../../helpers/people.js';
import { serverForTests } from '../../helpers/server.js';
import { searchable } from '../../helpers/search.js';
import { tag } from '../../helpers/util.js';

const test = serverForTests();

let owner: Person;
let member: Person;
let circleSlug: string;
/** Four more circles the member is in, all named with this tag (the circle list searches for it). */
let circleTag: string;
/** The owner's five circles: the first, then the tagged ones. */
const ownedSlugs: string[] = [];
/** People who join the first circle after its owner and the member. */
let joiners: Person[];
/** The circle's posts, newest first. */
const posts: string[] = [];

beforeAll(async () => {
  [owner, member] = await Promise.all([signUp(test.client, 'pager'), signUp(test.client, 'pagem')]);
  circleSlug = await foundCircle(test, owner, 'paging');
  await joinCircle(test, member, circleSlug);
  circleTag = tag();
  ownedSlugs.push(circleSlug);
  for (let i = 0; i < 4; i++) {
    ownedSlugs.push(await foundCircle(test, owner, 'paging', { name: `Paging ${circleTag} ${i}` }));
    await joinCircle(test, member, ownedSlugs.at(-1)!);
  }
  joiners = await signUpMany(test.client, 4, 'pagej');
  for (const joiner of joiners) await joinCircle(test, joiner, circleSlug);
  for (let i = 0; i < 7; i++) posts.unshift((await writePost(test, i % 2 ? member : owner, circleSlug, `paging post ${i}`)).id);
});

describe('posts', () => {
  it("a circle's posts, newest first, page the same both ways", async () => {
    const fetch = pagesOf(test.client, member.token, `{ circle(slug: "${circleSlug}") { posts(ARGS) NODE } }`, ['circle', 'posts']);
    await expectBothWaysAgree(fetch, { expected: posts });
  });

  it('the feed pages the same both ways', async () => {
    const fetch = pagesOf(test.client, member.token, '{ feed(ARGS) NODE }', ['feed']);
    await expectBothWaysAgree(fetch, { expected: posts });
  });

  it('a page after the last post (its cursor, after it was read) knows what lies before it', async () => {
    const fetch = pagesOf(test.client, member.token, '{ feed(ARGS) NODE }', ['feed']);
    const all = await fetch({ first: 7 });
    const past = await fetch({ first: 2, after: all.pageInfo.endCursor });
    expect(past.edges).toEqual([]);
    expect(past.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null });
  });
});

describe('comments', () => {
  it("a post's comments, in thread order (each top comment, then its replies), page the same both ways", async () => {
    const postId = posts[0]!;
    const add = async (body: string, replyToId?: string) => {
      const input = `{postId: "${postId}", body: "${body}"${replyToId ? `, replyToId: "${replyToId}"` : ''}}`;
      const data = await ok(test.client.raw<{ addComment: { id: string } }>({ query: `mutation { addComment(input: ${input}) { id } }` }, { token: member.token }));
      return data.addComment.id;
    };
    const threads: string[][] = [];
    for (let t = 0; t < 3; t++) threads.push([await add(`thread ${t}`)]);
    // Replies arrive after later threads began: thread order still keeps each under its top comment.
    for (const thread of threads) for (let r = 0; r < 2; r++) thread.push(await add(`reply ${r}`, thread[0]));
    const fetch = pagesOf(test.client, member.token, `{ post(id: "${postId}") { comments(ARGS) NODE } }`, ['post', 'comments']);
    await expectBothWaysAgree(fetch, { expected: threads.flat() });
    // The kept count, the same as the post's commentCount, on any page of the connection.
    const counted = await ok(
      test.client.raw<{ post: { commentCount: number; comments: { totalCount: number } } }>(
        { query: `{ post(id: "${postId}") { commentCount comments(last: 1) { totalCount } } }` },
        { token: member.token },
      ),
    );
    expect(counted.post).toEqual({ commentCount: 9, comments: { totalCount: 9 } });
  });
});

describe('circles and interests', () => {
  it('the circle list, in name order, pages the same both ways', async () => {
    const fetch = pagesOf(test.client, member.token, `{ circles(search: "${circleTag}", ARGS) NODE }`, ['circles'], 'name');
    await expectBothWaysAgree(fetch, { size: 1, expected: [0, 1, 2, 3].map((i) => `Paging ${circleTag} ${i}`) });
  });

  it("a person's circles, in name order, page the same both ways", async () => {
    const fetch = pagesOf(test.client, owner.token, `{ user(handle: "${member.handle}") { circles(ARGS) NODE } }`, ['user', 'circles'], 'slug');
    const slugs = await expectBothWaysAgree(fetch, { size: 2 });
    expect(slugs).toHaveLength(5);
  });

  it("a circle's members, earliest first, page the same both ways", async () => {
    const fetch = pagesOf(test.client, member.token, `{ circle(slug: "${circleSlug}") { members(ARGS) NODE } }`, ['circle', 'members'], 'user { handle }');
    const fetchHandles: typeof fetch = async (args) => {
      const page = await fetch(args);
      return { ...page, edges: page.edges.map((edge) => ({ ...edge, node: { key: (edge.node.key as unknown as { handle: string }).handle } })) };
    };
    await expectBothWaysAgree(fetchHandles, { expected: [owner, member, ...joiners].map((p) => p.handle) });
  });

  it('the interest catalogue, in name order, pages the same both ways', async () => {
    const fetch = pagesOf(test.client, member.token, '{ interests(ARGS) NODE }', ['interests'], 'slug');
    expect((await expectBothWaysAgree(fetch, { size: 10 })).length).toBeGreaterThanOrEqual(40);
  });
});

describe("a person's lists: requests, connections, conversations, vouches, invitations; a circle's invitations", () => {
  let hub: Person;
  /** Asked the hub to connect; the hub asked; connected with the hub (and vouch both ways). */
  let asking: Person[];
  let asked: Person[];
  let connected: Person[];
  const mutate = (token: string, query: string) => ok(test.client.raw({ query }, { token }));

  beforeAll(async () => {
    hub = await signUp(test.client, 'pageh');
    [asking, asked, connected] = [await signUpMany(test.client, 5, 'pagea'), await signUpMany(test.client, 5, 'pageb'), await signUpMany(test.client, 5, 'pagec')];
    for (const person of asking) await ok(requestConnection(test.client, person, hub, 'hello'));
    for (const person of asked) await ok(requestConnection(test.client, hub, person, 'hello'));
    for (const person of connected) {
      await connectThroughApi(test.client, person, hub);
      await mutate(hub.token, `mutation { trustUser(handle: "${person.handle}", weight: 0.5) { since } }`);
      await mutate(person.token, `mutation { trustUser(handle: "${hub.handle}", weight: 0.5) { since } }`);
    }
    for (const slug of ownedSlugs) await mutate(owner.token, `mutation { inviteToCircle(circleSlug: "${slug}", handle: "${hub.handle}") { circle { slug } } }`);
  });

  const handles = (people: Person[]) => people.map((person) => person.handle).sort();
  const nested = (fetch: ReturnType<typeof pagesOf>, field: string): ReturnType<typeof pagesOf> => async (args) => {
    const page = await fetch(args);
    return { ...page, edges: page.edges.map((edge) => ({ ...edge, node: { key: (edge.node.key as unknown as Record<string, string>)[field]! } })) };
  };

  it.each([
    ['incoming connection requests', 'incomingConnectionRequests', 'from { handle }', () => asking],
    ['outgoing connection requests', 'outgoingConnectionRequests', 'to { handle }', () => asked],
    ['conversations', 'conversations', 'with { handle }', () => connected],
  ])('%s page the same both ways', async (_, field, key, people) => {
    const fetch = nested(pagesOf(test.client, hub.token, `{ ${field}(ARGS) NODE }`, [field], key), 'handle');
    expect([...(await expectBothWaysAgree(fetch))].sort()).toEqual(handles(people()));
  });

  it('connections, in handle order, page the same both ways', async () => {
    const fetch = pagesOf(test.client, hub.token, '{ connections(ARGS) NODE }', ['connections'], 'handle');
    await expectBothWaysAgree(fetch, { expected: handles(connected) });
  });

  it.each([
    ['given', 'trustsGiven', 'to { handle }'],
    ['received', 'trustsReceived', 'from { handle }'],
  ])('vouches %s page the same both ways', async (_, field, key) => {
    const fetch = nested(pagesOf(test.client, hub.token, `{ me { ${field}(ARGS) NODE } }`, ['me', field], key), 'handle');
    expect([...(await expectBothWaysAgree(fetch))].sort()).toEqual(handles(connected));
  });

  // The hub's senders are new accounts: the default policy files them in the filtered list.
  it.each([
    ['all', 'filtered: true, '],
    ['unread', 'filtered: true, unreadOnly: true, '],
  ])('notifications (%s) page the same both ways', async (_, filter) => {
    const fetch = pagesOf(test.client, hub.token, `{ notifications(${filter}ARGS) NODE }`, ['notifications']);
    expect((await expectBothWaysAgree(fetch)).length).toBeGreaterThanOrEqual(10);
  });

  it('circle invitations page the same both ways', async () => {
    const fetch = nested(pagesOf(test.client, hub.token, '{ me { circleInvitations(ARGS) NODE } }', ['me', 'circleInvitations'], 'circle { slug }'), 'slug');
    expect([...(await expectBothWaysAgree(fetch))].sort()).toEqual([...ownedSlugs].sort());
  });

  it("a circle's pending invitations, newest first, page the same both ways", async () => {
    for (const person of asking) await mutate(owner.token, `mutation { inviteToCircle(circleSlug: "${circleSlug}", handle: "${person.handle}") { id } }`);
    const fetch = nested(pagesOf(test.client, owner.token, `{ circle(slug: "${circleSlug}") { invitations(ARGS) NODE } }`, ['circle', 'invitations'], 'invitee { handle }'), 'handle');
    expect([...(await expectBothWaysAgree(fetch))].sort()).toEqual(handles([hub, ...asking]));
  });
});

describe('credit history and moderation', () => {
  const mutate = (token: string, query: string) => ok(test.client.raw({ query }, { token }));

  it("a person's credit history, newest observation first, pages the same both ways", async () => {
    const bureau = serviceToken(test, Role.CREDIT_BUREAU);
    for (let day = 1; day <= 6; day++) {
      await mutate(bureau, `mutation { recordCreditScore(handle: "${member.handle}", score: ${600 + day}, source: "paging", observedAt: "2026-0${day}-01T00:00:00Z") { handle } }`);
    }
    const fetch = pagesOf(test.client, member.token, '{ me { creditHistory(ARGS) NODE } }', ['me', 'creditHistory'], 'score');
    expect(await expectBothWaysAgree(fetch)).toEqual([606, 605, 604, 603, 602, 601]);
  });

  it("a circle's report queue (oldest first) and moderation log (newest first) page the same both ways", async () => {
    const memberPosts = posts.filter((_, i) => i % 2 === 1);
    for (const joiner of joiners.slice(0, 2)) {
      for (const post of memberPosts) await mutate(joiner.token, `mutation { reportContent(input: {subjectId: "${post}", reason: SPAM}) { id } }`);
    }
    for (const joiner of joiners) {
      for (const role of ['MODERATOR', 'MEMBER']) await mutate(owner.token, `mutation { setMemberRole(circleSlug: "${circleSlug}", handle: "${joiner.handle}", role: ${role}) { role } }`);
    }
    const reports = pagesOf(test.client, owner.token, `{ circle(slug: "${circleSlug}") { reports(ARGS) NODE } }`, ['circle', 'reports']);
    expect(await expectBothWaysAgree(reports)).toHaveLength(2 * memberPosts.length);
    const log = pagesOf(test.client, owner.token, `{ circle(slug: "${circleSlug}") { moderationLog(ARGS) NODE } }`, ['circle', 'moderationLog']);
    expect((await expectBothWaysAgree(log)).length).toBeGreaterThanOrEqual(2 * joiners.length);
  });
});

describe('search', () => {
  beforeAll(() => searchable(test.database));

  it('people found (by rank, then handle) page the same both ways', async () => {
    const fetch = pagesOf(test.client, member.token, '{ searchPeople(text: "pagej", ARGS) NODE }', ['searchPeople'], 'handle');
    const found = await expectBothWaysAgree(fetch, { size: 1 });
    expect(found).toEqual(expect.arrayContaining(joiners.map((joiner) => joiner.handle)));
  });

  it('circles found (by rank, then slug) page the same both ways', async () => {
    const fetch = pagesOf(test.client, member.token, `{ searchCircles(text: "${circleTag}", ARGS) NODE }`, ['searchCircles'], 'slug');
    expect([...(await expectBothWaysAgree(fetch, { size: 1 }))].sort()).toEqual(ownedSlugs.slice(1).sort());
  });

  it('posts found (newest first) page the same both ways', async () => {
    const fetch = pagesOf(test.client, member.token, `{ searchPosts(text: "paging post", ARGS) NODE }`, ['searchPosts']);
    const found = await expectBothWaysAgree(fetch);
    expect(found).toEqual(expect.arrayContaining(posts));
  });
});
