/**
 * Someone the moderators removed from a circle can no longer edit or delete what they wrote
 * there (every edit would have gone out live to the circle that removed them); the circle's
 * moderators still can. Refusals change nothing.
 */
import { describe, expect, it } from 'vitest';
import { BanMemberDocument, DeletePostDocument, EditPostDocument, LeaveCircleDocument } from '../../generated/graphql.js';
import { circleInGraph, foundCircle, joinCircle, writePost } from '../../helpers/circles.js';
import { errorCodes, ok } from '../../helpers/client.js';
import { signUp } from '../../helpers/people.js';
import { serverForTests } from '../../helpers/server.js';

const test = serverForTests();

describe('a banned author', () => {
  it('cannot edit or delete their posts in that circle; the moderators still delete them', async () => {
    const [owner, author] = [await signUp(test.client, 'owner'), await signUp(test.client, 'author')];
    const slug = await foundCircle(test, owner, 'banned');
    await joinCircle(test, author, slug);
    const [kept, removed] = [await writePost(test, author, slug, 'first words'), await writePost(test, author, slug, 'second words')];
    await ok(test.client.request(BanMemberDocument, { circleSlug: slug, handle: author.handle, reason: 'spam' }, { token: owner.token }));
    const before = await circleInGraph(test.database, slug);

    const edit = await test.client.request(EditPostDocument, { input: { id: kept.id, body: 'rewritten' } }, { token: author.token });
    expect(errorCodes(edit)).toEqual(['FORBIDDEN']);
    expect(edit.errors![0]!.message).toMatch(/removed you from it; you can no longer edit your posts there/);
    const remove = await test.client.request(DeletePostDocument, { id: kept.id }, { token: author.token });
    expect(errorCodes(remove)).toEqual(['FORBIDDEN']);
    expect(await circleInGraph(test.database, slug)).toEqual(before);

    expect((await ok(test.client.request(DeletePostDocument, { id: removed.id }, { token: owner.token }))).deletePost).toBe(true);
    expect((await circleInGraph(test.database, slug))!.posts.map((p) => p.split(':')[0])).toEqual([kept.id]);
  });

  it('who left of their own accord still edits their posts', async () => {
    const [owner, author] = [await signUp(test.client, 'owner'), await signUp(test.client, 'leaver')];
    const slug = await foundCircle(test, owner, 'left');
    await joinCircle(test, author, slug);
    const post = await writePost(test, author, slug, 'before leaving');
    expect((await ok(test.client.request(LeaveCircleDocument, { slug }, { token: author.token }))).leaveCircle).toBe(true);
    const edited = await ok(test.client.request(EditPostDocument, { input: { id: post.id, body: 'after leaving' } }, { token: author.token }));
    expect(edited.editPost.body).toBe('after leaving');
  });
});
