/**
 * Both-way paging on every connection (issue 15): each list walked forward (`first`/`after`)
 * and backward (`last`/`before`) with pages of two through the public API must give the same
 * items in the same order, with exact page info at both ends (test/helpers/paging.ts).
 * A second post in the same millisecond orders by id: the walks cross such ties too.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { foundCircle, joinCircle, writePost } from '../../helpers/circles.js';
import { expectBothWaysAgree, pagesOf } from '../../helpers/paging.js';
import { signUp, type Person } from '../../helpers/people.js';
import { serverForTests } from '../../helpers/server.js';

const test = serverForTests();

let owner: Person;
let member: Person;
let circleSlug: string;
/** The circle's posts, newest first. */
const posts: string[] = [];

beforeAll(async () => {
  [owner, member] = await Promise.all([signUp(test.client, 'pager'), signUp(test.client, 'pagem')]);
  circleSlug = await foundCircle(test, owner, 'paging');
  await joinCircle(test, member, circleSlug);
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
