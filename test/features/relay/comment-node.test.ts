/**
 * Comments are Nodes (issue 15, item 2): `node(id:)` refetches one as its post's page shows
 * it, and is null, like an id nobody has, where the page would not show it (a members-only
 * circle to an outsider; a comment of someone who blocked you).
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { AddCommentDocument, BlocksBlockDocument, CacheDeleteCommentDocument, PayloadsCommentNodeDocument } from '../../generated/graphql.js';
import { foundCircle, joinCircle, writePost } from '../../helpers/circles.js';
import { ok } from '../../helpers/client.js';
import { signUp, type Person } from '../../helpers/people.js';
import { serverForTests } from '../../helpers/server.js';

const test = serverForTests();
let owner: Person;
let member: Person;
let outsider: Person;
let openPost: string;
let closedPost: string;

const node = async (viewer: Person, id: string) => (await ok(test.client.request(PayloadsCommentNodeDocument, { id }, { token: viewer.token }))).node;
const comment = async (author: Person, postId: string, body: string) =>
  (await ok(test.client.request(AddCommentDocument, { input: { postId, body } }, { token: author.token }))).addComment.id;

beforeAll(async () => {
  [owner, member, outsider] = await Promise.all(['cnowner', 'cnmember', 'cnoutsider'].map((p) => signUp(test.client, p)));
  const open = await foundCircle(test, owner, 'cnopen');
  const closed = await foundCircle(test, owner, 'cnclosed', { membersOnly: true });
  for (const slug of [open, closed]) await joinCircle(test, member, slug);
  openPost = (await writePost(test, owner, open, 'Open to all readers')).id;
  closedPost = (await writePost(test, owner, closed, 'Members read this')).id;
});

describe('Comment as a Node', () => {
  it('node(id:) answers a comment as its post shows it, removed ones without body or author', async () => {
    const id = await comment(member, openPost, 'Seen by everyone');
    expect(await node(outsider, id)).toEqual({ __typename: 'Comment', id, body: 'Seen by everyone', removed: false, author: { id: member.id }, post: { id: openPost } });
    await ok(test.client.request(CacheDeleteCommentDocument, { id }, { token: member.token }));
    expect(await node(outsider, id)).toEqual({ __typename: 'Comment', id, body: null, removed: true, author: null, post: { id: openPost } });
  });

  it('is null where the post is not readable, as for an id nobody has', async () => {
    const id = await comment(member, closedPost, 'Members only');
    expect(await node(owner, id)).toMatchObject({ id, body: 'Members only' });
    expect(await node(outsider, id)).toBeNull();
    expect(await node(outsider, randomUUID())).toBeNull();
  });

  it('is null to the person blocked, for a comment of the blocker', async () => {
    const id = await comment(member, openPost, 'Before the block');
    expect(await node(outsider, id)).toMatchObject({ id });
    await ok(test.client.request(BlocksBlockDocument, { handle: outsider.handle }, { token: member.token }));
    expect(await node(outsider, id)).toBeNull();
    expect(await node(owner, id)).toMatchObject({ id, body: 'Before the block' });
  });
});
