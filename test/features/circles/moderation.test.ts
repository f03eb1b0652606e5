/**
 * Moderation: roles (owners set any role; moderators may only make members moderators),
 * deleting posts (author, moderator or owner), bans (banned people cannot rejoin until
 * unbanned; owners cannot be banned). Every refusal is checked against the graph.
 */
import type { GraphQLFormattedError } from 'graphql';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  BanMemberDocument,
  CircleBySlugDocument,
  CreatePostDocument,
  DeletePostDocument,
  JoinCircleDocument,
  SetMemberRoleDocument,
  UnbanMemberDocument,
  type CircleRole,
} from '../../generated/graphql.js';
import { circleInGraph, foundCircle, joinCircle, writePost } from '../../helpers/circles.js';
import { errorCodes } from '../../helpers/client.js';
import { signUp, uniqueHandle, type Person } from '../../helpers/people.js';
import { serverForTests } from '../../helpers/server.js';
import { tag } from '../../helpers/util.js';

const test = serverForTests();

// ---------------------------------------------------------------------------------------
// Helpers

async function setRole(actor: Person, slug: string, target: Person, role: CircleRole) {
  return test.client.request(SetMemberRoleDocument, { circleSlug: slug, handle: target.handle, role }, { token: actor.token });
}

async function roleOf(person: Person, slug: string): Promise<string | null> {
  const row = await test.database
    .forRequest()
    .read((q) => q.one<{ role: string }>('MATCH (:User {id: $id})-[m:MEMBER_OF]->(:Circle {slug: $slug}) RETURN m.role AS role', { id: person.id, slug }));
  return row?.role ?? null;
}

async function postExists(id: string): Promise<boolean> {
  const row = await test.database.forRequest().read((q) => q.one<{ n: number }>('MATCH (p:Post {id: $id}) RETURN count(p) AS n', { id }));
  return row!.n === 1;
}

/** Runs a mutation that must be refused with `code`, and proves the circle's graph is unchanged. */
async function expectRefused(slug: string, code: string, run: () => Promise<{ errors?: readonly GraphQLFormattedError[] }>) {
  const before = await circleInGraph(test.database, slug);
  const result = await run();
  expect(errorCodes(result)).toEqual([code]);
  expect(await circleInGraph(test.database, slug)).toEqual(before);
  return result;
}

// ---------------------------------------------------------------------------------------

let owner: Person;
let moderator: Person;
let alice: Person;
let bob: Person;
let slug: string;

/** A fresh circle for each test: owner, one moderator, two members. */
beforeEach(async () => {
  [owner, moderator, alice, bob] = await Promise.all([
    signUp(test.client, 'owner'),
    signUp(test.client, 'moderator'),
    signUp(test.client, 'alice'),
    signUp(test.client, 'bob'),
  ]);
  slug = await foundCircle(test, owner, 'mod');
  for (const person of [moderator, alice, bob]) await joinCircle(test, person, slug);
  const promoted = await setRole(owner, slug, moderator, 'MODERATOR');
  expect(promoted.errors).toBeUndefined();
});

describe('setMemberRole', () => {
  it('lets an owner set any role, and the graph follows', async () => {
    const toModerator = await setRole(owner, slug, alice, 'MODERATOR');
    expect(toModerator.errors).toBeUndefined();
    expect(toModerator.data!.setMemberRole).toMatchObject({ role: 'MODERATOR', user: { handle: alice.handle } });
    expect(await roleOf(alice, slug)).toBe('MODERATOR');

    const toOwner = await setRole(owner, slug, alice, 'OWNER');
    expect(toOwner.data?.setMemberRole.role).toBe('OWNER');
    expect(await roleOf(alice, slug)).toBe('OWNER');

    const demoted = await setRole(owner, slug, moderator, 'MEMBER');
    expect(demoted.data?.setMemberRole.role).toBe('MEMBER');
    expect(await roleOf(moderator, slug)).toBe('MEMBER');

    // With a second owner, an owner may step down.
    const stepDown = await setRole(owner, slug, owner, 'MEMBER');
    expect(stepDown.errors).toBeUndefined();
    expect(await roleOf(owner, slug)).toBe('MEMBER');

    const seen = await test.client.request(CircleBySlugDocument, { slug }, { token: alice.token });
    expect(seen.data!.circle!.viewerRole).toBe('OWNER');
  });

  it('lets a moderator make a member a moderator', async () => {
    const result = await setRole(moderator, slug, alice, 'MODERATOR');
    expect(result.errors).toBeUndefined();
    expect(result.data!.setMemberRole.role).toBe('MODERATOR');
    expect(await roleOf(alice, slug)).toBe('MODERATOR');
  });

  it.each<[string, () => Person, CircleRole]>([
    ['make a member an owner', () => alice, 'OWNER'],
    ['demote another moderator', () => moderator, 'MEMBER'],
    ["change an owner's role", () => owner, 'MEMBER'],
    ['make the owner a moderator', () => owner, 'MODERATOR'],
  ])('refuses a moderator who tries to %s with FORBIDDEN, and changes nothing', async (_what, target, role) => {
    const second = await signUp(test.client, 'moderator2');
    await joinCircle(test, second, slug);
    expect((await setRole(owner, slug, second, 'MODERATOR')).errors).toBeUndefined();
    const who = target() === moderator ? second : target();
    const refused = await expectRefused(slug, 'FORBIDDEN', () => setRole(moderator, slug, who, role));
    expect(refused.errors![0]!.message).toMatch(/owner|moderator/i);
  });

  it('refuses plain members and outsiders with FORBIDDEN, and changes nothing', async () => {
    const outsider = await signUp(test.client, 'outsider');
    await expectRefused(slug, 'FORBIDDEN', () => setRole(alice, slug, bob, 'MODERATOR'));
    await expectRefused(slug, 'FORBIDDEN', () => setRole(alice, slug, alice, 'OWNER'));
    await expectRefused(slug, 'FORBIDDEN', () => setRole(outsider, slug, bob, 'MODERATOR'));
  });

  it('refuses to leave the circle without an owner (CONFLICT)', async () => {
    const refused = await expectRefused(slug, 'CONFLICT', () => setRole(owner, slug, owner, 'MEMBER'));
    expect(refused.errors![0]!.message).toMatch(/owner/);
  });

  it('answers NOT_FOUND for someone who is not a member, an unknown person, or an unknown circle; BAD_USER_INPUT for a malformed handle', async () => {
    const outsider = await signUp(test.client, 'notmember');
    await expectRefused(slug, 'NOT_FOUND', () => setRole(owner, slug, outsider, 'MODERATOR'));
    await expectRefused(slug, 'NOT_FOUND', () =>
      test.client.request(SetMemberRoleDocument, { circleSlug: slug, handle: uniqueHandle('ghost'), role: 'MODERATOR' }, { token: owner.token }),
    );
    await expectRefused(slug, 'BAD_USER_INPUT', () =>
      test.client.request(SetMemberRoleDocument, { circleSlug: slug, handle: 'no spaces allowed', role: 'MODERATOR' }, { token: owner.token }),
    );
    const unknownCircle = await test.client.request(
      SetMemberRoleDocument,
      { circleSlug: `none-${tag()}`, handle: alice.handle, role: 'MODERATOR' },
      { token: owner.token },
    );
    expect(errorCodes(unknownCircle)).toEqual(['NOT_FOUND']);
  });
});

describe('deletePost', () => {
  it.each<[string, () => Person]>([
    ['its author', () => alice],
    ['a moderator', () => moderator],
    ['an owner', () => owner],
  ])('lets %s delete a post: it is gone from the graph', async (_who, actor) => {
    const { id } = await writePost(test, alice, slug);
    const result = await test.client.request(DeletePostDocument, { id }, { token: actor().token });
    expect(result.errors).toBeUndefined();
    expect(result.data!.deletePost).toBe(true);
    expect(await postExists(id)).toBe(false);
  });

  it("refuses another member, an outsider, and another circle's moderator with FORBIDDEN; the post stays", async () => {
    const { id } = await writePost(test, alice, slug, 'keep me');
    const outsider = await signUp(test.client, 'outsider');
    const elsewhere = await foundCircle(test, outsider, 'mod');
    expect(await roleOf(outsider, elsewhere)).toBe('OWNER');
    for (const actor of [bob, outsider]) {
      await expectRefused(slug, 'FORBIDDEN', () => test.client.request(DeletePostDocument, { id }, { token: actor.token }));
    }
    expect(await postExists(id)).toBe(true);
  });

  it('answers NOT_FOUND for a post that does not exist', async () => {
    const result = await test.client.request(DeletePostDocument, { id: 'no-such-post' }, { token: owner.token });
    expect(errorCodes(result)).toEqual(['NOT_FOUND']);
  });
});

describe('banMember and unbanMember', () => {
  it('removes a member and keeps them out until unbanned', async () => {
    const banned = await test.client.request(BanMemberDocument, { circleSlug: slug, handle: alice.handle, reason: 'spam' }, { token: moderator.token });
    expect(banned.errors).toBeUndefined();
    expect(banned.data!.banMember).toBe(true);
    const graph = await circleInGraph(test.database, slug);
    expect(graph!.members).not.toContain(`${alice.handle}:MEMBER`);
    expect(graph!.banned).toEqual([alice.handle]);
    const count = await test.client.request(CircleBySlugDocument, { slug }, { token: bob.token });
    expect(count.data!.circle!.memberCount).toBe(3);

    const rejoin = await expectRefused(slug, 'FORBIDDEN', () => test.client.request(JoinCircleDocument, { slug }, { token: alice.token }));
    expect(rejoin.errors![0]!.message).toMatch(/ban|removed/i);
    await expectRefused(slug, 'FORBIDDEN', () =>
      test.client.request(CreatePostDocument, { input: { circleSlug: slug, body: 'let me in' } }, { token: alice.token }),
    );

    const lifted = await test.client.request(UnbanMemberDocument, { circleSlug: slug, handle: alice.handle }, { token: moderator.token });
    expect(lifted.errors).toBeUndefined();
    expect(lifted.data!.unbanMember).toBe(true);
    expect((await circleInGraph(test.database, slug))!.banned).toEqual([]);
    const liftedAgain = await test.client.request(UnbanMemberDocument, { circleSlug: slug, handle: alice.handle }, { token: moderator.token });
    expect(liftedAgain.data!.unbanMember).toBe(false);

    await joinCircle(test, alice, slug);
    expect(await roleOf(alice, slug)).toBe('MEMBER');
  });

  it('keeps out someone banned before they ever joined', async () => {
    const stranger = await signUp(test.client, 'prebanned');
    const banned = await test.client.request(BanMemberDocument, { circleSlug: slug, handle: stranger.handle }, { token: owner.token });
    expect(banned.errors).toBeUndefined();
    await expectRefused(slug, 'FORBIDDEN', () => test.client.request(JoinCircleDocument, { slug }, { token: stranger.token }));
  });

  it('lets an owner ban a moderator', async () => {
    const result = await test.client.request(BanMemberDocument, { circleSlug: slug, handle: moderator.handle }, { token: owner.token });
    expect(result.errors).toBeUndefined();
    expect(await roleOf(moderator, slug)).toBeNull();
    expect((await circleInGraph(test.database, slug))!.banned).toEqual([moderator.handle]);
  });

  it('never bans an owner (FORBIDDEN), not even at the hands of another owner', async () => {
    await expectRefused(slug, 'FORBIDDEN', () =>
      test.client.request(BanMemberDocument, { circleSlug: slug, handle: owner.handle }, { token: moderator.token }),
    );
    expect((await setRole(owner, slug, alice, 'OWNER')).errors).toBeUndefined();
    const refused = await expectRefused(slug, 'FORBIDDEN', () =>
      test.client.request(BanMemberDocument, { circleSlug: slug, handle: owner.handle }, { token: alice.token }),
    );
    expect(refused.errors![0]!.message).toMatch(/owner/i);
    expect(await roleOf(owner, slug)).toBe('OWNER');
  });

  it('refuses members and outsiders who try to ban or unban (FORBIDDEN), and changes nothing', async () => {
    const outsider = await signUp(test.client, 'outsider');
    await expectRefused(slug, 'FORBIDDEN', () => test.client.request(BanMemberDocument, { circleSlug: slug, handle: bob.handle }, { token: alice.token }));
    await expectRefused(slug, 'FORBIDDEN', () => test.client.request(BanMemberDocument, { circleSlug: slug, handle: bob.handle }, { token: outsider.token }));
    expect((await test.client.request(BanMemberDocument, { circleSlug: slug, handle: bob.handle }, { token: owner.token })).errors).toBeUndefined();
    await expectRefused(slug, 'FORBIDDEN', () => test.client.request(UnbanMemberDocument, { circleSlug: slug, handle: bob.handle }, { token: alice.token }));
    expect((await circleInGraph(test.database, slug))!.banned).toEqual([bob.handle]);
  });

  it('answers NOT_FOUND for an unknown circle or person', async () => {
    const circle = await test.client.request(BanMemberDocument, { circleSlug: `none-${tag()}`, handle: alice.handle }, { token: owner.token });
    expect(errorCodes(circle)).toEqual(['NOT_FOUND']);
    await expectRefused(slug, 'NOT_FOUND', () =>
      test.client.request(BanMemberDocument, { circleSlug: slug, handle: uniqueHandle('ghost') }, { token: owner.token }),
    );
  });
});
