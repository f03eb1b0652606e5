/**
 * Circle.posts.totalCount: the circle's kept post count (its degree in IN), less what a block
 * hides from the viewer. Through the API it must equal the list the same viewer reads, after
 * posts written all at once, deleted by their author or a moderator, by a deleted account, and
 * across blocks each way; and it must equal the graph's own count for a viewer with no block.
 */
import { describe, expect, it } from 'vitest';
import { AcctDeleteMyAccountDocument, BlocksBlockDocument, CirclePostsTotalDocument, DeletePostDocument, NotificationsRemovePostDocument } from '../../generated/graphql.js';
import { foundCircle, joinCircle, writePost } from '../../helpers/circles.js';
import { errorCodes, ok } from '../../helpers/client.js';
import { PASSWORD, signUp, signUpMany, type Person } from '../../helpers/people.js';
import { serverForTests } from '../../helpers/server.js';

const test = serverForTests();

/** What the viewer's list of the circle's posts says it holds, and what it shows (up to 100). */
async function seenBy(viewer: Person, slug: string) {
  const { circle } = await ok(test.client.request(CirclePostsTotalDocument, { slug }, { token: viewer.token }));
  return { totalCount: circle!.posts.totalCount, listed: circle!.posts.edges.length };
}

/** The count must be the list, for this viewer; returns it. */
async function expectCountIsList(viewer: Person, slug: string): Promise<number> {
  const seen = await seenBy(viewer, slug);
  expect(seen.totalCount, `${viewer.handle}: totalCount against the list`).toBe(seen.listed);
  return seen.totalCount;
}

async function inGraph(slug: string): Promise<number> {
  const row = await test.database.forRequest().read((q) => q.one<{ n: number }>('MATCH (p:Post)-[:IN]->(:Circle {slug: $slug}) RETURN count(p) AS n', { slug }));
  return row!.n;
}

describe("a circle's posts: totalCount", () => {
  it('counts posts written all at once, and loses those deleted by their author, a moderator, or with an account', async () => {
    const owner = await signUp(test.client, 'pcown');
    const slug = await foundCircle(test, owner, 'postcount');
    const writers = await signUpMany(test.client, 4, 'pcw');
    for (const writer of writers) await joinCircle(test, writer, slug);
    const posts = await Promise.all(Array.from({ length: 20 }, (_, i) => writePost(test, writers[i % writers.length]!, slug, `all at once ${i}`)));
    expect(await expectCountIsList(owner, slug)).toBe(20);
    expect(await inGraph(slug)).toBe(20);

    await ok(test.client.request(DeletePostDocument, { id: posts[0]!.id }, { token: writers[0]!.token }));
    await ok(test.client.request(NotificationsRemovePostDocument, { id: posts[1]!.id, reason: 'Off topic' }, { token: owner.token }));
    expect(await expectCountIsList(owner, slug)).toBe(18);

    // writers[3] wrote posts 3, 7, 11, 15, 19.
    await ok(test.client.request(AcctDeleteMyAccountDocument, { password: PASSWORD }, { token: writers[3]!.token }));
    expect(await expectCountIsList(owner, slug)).toBe(13);
    expect(await inGraph(slug)).toBe(13);
  });

  it('leaves out, for each side of a block, the other side’s posts, as the list does; others still count them', async () => {
    const owner = await signUp(test.client, 'pcbown');
    const slug = await foundCircle(test, owner, 'postcountblock');
    const [blocker, blocked, bystander] = (await signUpMany(test.client, 3, 'pcb')) as [Person, Person, Person];
    for (const person of [blocker, blocked, bystander]) await joinCircle(test, person, slug);
    for (const [author, n] of [[blocker, 2], [blocked, 3], [bystander, 1]] as const) {
      for (let i = 0; i < n; i++) await writePost(test, author, slug, `${author.handle} ${i}`);
    }
    expect(await expectCountIsList(blocked, slug)).toBe(6);

    await ok(test.client.request(BlocksBlockDocument, { handle: blocked.handle }, { token: blocker.token }));
    expect(await expectCountIsList(blocker, slug)).toBe(3);
    expect(await expectCountIsList(blocked, slug)).toBe(4);
    expect(await expectCountIsList(bystander, slug)).toBe(6);
    expect(await expectCountIsList(owner, slug)).toBe(6);
  });

  it('is not there for someone who may not read the circle: a members-only circle refuses its posts whole', async () => {
    const owner = await signUp(test.client, 'pcmown');
    const slug = await foundCircle(test, owner, 'postcountprivate', { membersOnly: true });
    await writePost(test, owner, slug, 'members only');
    const outsider = await signUp(test.client, 'pcout');
    const result = await test.client.request(CirclePostsTotalDocument, { slug }, { token: outsider.token });
    expect(errorCodes(result)).toEqual(['FORBIDDEN']);
    expect(JSON.stringify(result.data)).not.toContain('totalCount');
  });
});
