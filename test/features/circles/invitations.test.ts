/**
 * Invite-only circles: joinPolicy on circles, inviteToCircle by owners and moderators, the
 * invitee's pending invitations, accepting (gates and consent still apply) and declining;
 * invitations respect blocks and are rate-limited. Every refusal is checked against the graph.
 */
import type { GraphQLFormattedError } from 'graphql';
import { beforeEach, describe, expect, it } from 'vitest';
import { Role } from '../../../src/auth/roles.js';
import {
  BlocksBlockDocument,
  CircleBySlugDocument,
  InviteToCircleDocument,
  JoinCircleDocument,
  MyCircleInvitationsDocument,
  RecordCreditScoreDocument,
  RespondToCircleInvitationDocument,
  SetMemberRoleDocument,
  UserCircleInvitationsDocument,
} from '../../generated/graphql.js';
import { circleInGraph, foundCircle } from '../../helpers/circles.js';
import { errorCodes, ok } from '../../helpers/client.js';
import { established, ofKind, verify } from '../../helpers/notifications.js';
import { serviceToken, signUp, uniqueHandle, type Person } from '../../helpers/people.js';
import { serverForTests, type TestServer } from '../../helpers/server.js';

const test = serverForTests();

// ---------------------------------------------------------------------------------------
// Helpers

const invite = (target: TestServer, actor: Person, slug: string, handle: string) =>
  target.client.request(InviteToCircleDocument, { circleSlug: slug, handle }, { token: actor.token });

const respond = (person: Person, slug: string, accept: boolean, acknowledgeDisclosure = false) =>
  test.client.request(RespondToCircleInvitationDocument, { circleSlug: slug, accept, acknowledgeDisclosure }, { token: person.token });

async function pendingOf(person: Person): Promise<string[]> {
  const data = await ok(test.client.request(MyCircleInvitationsDocument, { first: 50 }, { token: person.token }));
  return data.me!.circleInvitations!.edges.map((edge) => edge.node.circle.slug);
}

/** The circle as the graph holds it, with its pending invitations. */
async function stateOf(slug: string) {
  const invitations = await test.database.forRequest().read((q) =>
    q.rows<{ x: string }>('MATCH (u:User)-[i:INVITED_TO]->(:Circle {slug: $slug}) RETURN u.handle + ":" + i.byId AS x ORDER BY x', { slug }),
  );
  return { circle: await circleInGraph(test.database, slug), invitations: invitations.map((row) => row.x) };
}

/** Runs a mutation that must be refused with `code`, and proves the circle and its invitations are unchanged. */
async function expectRefused(slug: string, code: string, run: () => Promise<{ errors?: readonly GraphQLFormattedError[] }>) {
  const before = await stateOf(slug);
  const result = await run();
  expect(errorCodes(result), JSON.stringify(result.errors)).toEqual([code]);
  expect(await stateOf(slug)).toEqual(before);
  return result.errors![0]!;
}

async function recordScore(person: Person, score: number) {
  await ok(
    test.client.request(
      RecordCreditScoreDocument,
      { handle: person.handle, score, source: 'test-bureau', observedAt: new Date().toISOString() },
      { token: serviceToken(test, Role.CREDIT_BUREAU) },
    ),
  );
}

// ---------------------------------------------------------------------------------------

let owner: Person;
let moderator: Person;
let member: Person;
let alice: Person;
let slug: string;

/** A fresh invite-only circle for each test: an owner (established, so invitations are not filtered), a moderator, a member. */
beforeEach(async () => {
  owner = await established(test, 'owner');
  [moderator, member, alice] = await Promise.all([signUp(test.client, 'moderator'), signUp(test.client, 'member'), signUp(test.client, 'alice')]);
  slug = await foundCircle(test, owner, 'private', { joinPolicy: 'INVITE_ONLY' });
  for (const person of [moderator, member]) {
    await ok(invite(test, owner, slug, person.handle));
    await ok(respond(person, slug, true));
  }
  await ok(test.client.request(SetMemberRoleDocument, { circleSlug: slug, handle: moderator.handle, role: 'MODERATOR' }, { token: owner.token }));
});

describe('joinPolicy', () => {
  it('is OPEN unless a circle is founded INVITE_ONLY, and anyone may join an open circle', async () => {
    const open = await foundCircle(test, owner, 'open');
    const seen = await ok(test.client.request(CircleBySlugDocument, { slug: open }, { token: alice.token }));
    expect(seen.circle!.joinPolicy).toBe('OPEN');
    expect((await ok(test.client.request(CircleBySlugDocument, { slug }, { token: alice.token }))).circle!.joinPolicy).toBe('INVITE_ONLY');
    expect(errorCodes(await test.client.request(JoinCircleDocument, { slug: open }, { token: alice.token }))).toEqual([]);
  });

  it('refuses to join an invite-only circle uninvited with FORBIDDEN saying it is invite-only, and changes nothing', async () => {
    const error = await expectRefused(slug, 'FORBIDDEN', () => test.client.request(JoinCircleDocument, { slug }, { token: alice.token }));
    expect(error.message).toMatch(/invite-only/);
    expect(error.message).toMatch(/invites you/);
  });

  it('lets an invited person join with joinCircle too, using the invitation up', async () => {
    await ok(invite(test, owner, slug, alice.handle));
    expect((await ok(test.client.request(JoinCircleDocument, { slug }, { token: alice.token }))).joinCircle.slug).toBe(slug);
    expect((await stateOf(slug)).circle!.members).toContain(`${alice.handle}:MEMBER`);
    expect(await pendingOf(alice)).toEqual([]);
  });
});

describe('inviteToCircle and respondToCircleInvitation', () => {
  it('lets an owner invite; the invitee is notified, sees it pending, accepts and is a member', async () => {
    const sent = await ok(invite(test, owner, slug, alice.handle));
    expect(sent.inviteToCircle).toMatchObject({ circle: { slug, joinPolicy: 'INVITE_ONLY' }, invitee: { handle: alice.handle }, invitedBy: { handle: owner.handle } });
    expect(await pendingOf(alice)).toEqual([slug]);
    const [note, ...more] = await ofKind(test, alice, 'CIRCLE_INVITATION');
    expect(more).toEqual([]);
    expect(note).toMatchObject({ actor: { handle: owner.handle }, circle: { slug } });

    const accepted = await ok(respond(alice, slug, true));
    expect(accepted.respondToCircleInvitation).toMatchObject({ slug, viewerRole: 'MEMBER', memberCount: 4 });
    expect(await pendingOf(alice)).toEqual([]);
    expect((await stateOf(slug)).invitations).toEqual([]);
  });

  it('lets a moderator invite, and inviting twice keeps one invitation and one notification', async () => {
    await ok(invite(test, moderator, slug, alice.handle));
    const again = await ok(invite(test, owner, slug, alice.handle));
    expect(again.inviteToCircle.invitedBy?.handle).toBe(moderator.handle);
    expect((await stateOf(slug)).invitations).toEqual([`${alice.handle}:${moderator.id}`]);
    expect(await ofKind(test, alice, 'CIRCLE_INVITATION', true)).toHaveLength(1);
  });

  it('declining removes the invitation and joins nothing; answering without an invitation is NOT_FOUND', async () => {
    await ok(invite(test, owner, slug, alice.handle));
    const declined = await ok(respond(alice, slug, false));
    expect(declined.respondToCircleInvitation.viewerRole).toBeNull();
    expect(await stateOf(slug)).toMatchObject({ invitations: [] });
    expect((await stateOf(slug)).circle!.members).not.toContain(`${alice.handle}:MEMBER`);
    const error = await expectRefused(slug, 'NOT_FOUND', () => respond(alice, slug, true));
    expect(error.message).toMatch(/no pending invitation/);
  });

  it('refuses a member inviting with FORBIDDEN, before looking at the handle, and changes nothing', async () => {
    const known = await expectRefused(slug, 'FORBIDDEN', () => invite(test, member, slug, alice.handle));
    expect(known.message).toMatch(/owners and moderators/);
    const unknown = await expectRefused(slug, 'FORBIDDEN', () => invite(test, member, slug, uniqueHandle('nobody')));
    expect(unknown.message).toBe(known.message);
    expect(await expectRefused(slug, 'FORBIDDEN', () => invite(test, alice, slug, member.handle))).toMatchObject({ message: known.message });
  });

  it('refuses inviting a member (CONFLICT), a banned person (CONFLICT) and an unknown circle (NOT_FOUND)', async () => {
    expect((await expectRefused(slug, 'CONFLICT', () => invite(test, owner, slug, member.handle))).message).toMatch(/already a member/);
    await test.database.forRequest().write((q) => q.rows('MATCH (u:User {id: $id}), (c:Circle {slug: $slug}) MERGE (u)-[:BANNED_FROM]->(c)', { id: alice.id, slug }));
    expect((await expectRefused(slug, 'CONFLICT', () => invite(test, owner, slug, alice.handle))).message).toMatch(/unbanMember/);
    expect(errorCodes(await invite(test, owner, `nothing-${slug}`, alice.handle))).toEqual(['NOT_FOUND']);
  });

  it('shows pending invitations to the invitee alone', async () => {
    await ok(invite(test, owner, slug, alice.handle));
    const other = await ok(test.client.request(UserCircleInvitationsDocument, { handle: alice.handle }, { token: owner.token }));
    expect(other.user!.circleInvitations).toBeNull();
    const own = await ok(test.client.request(UserCircleInvitationsDocument, { handle: alice.handle }, { token: alice.token }));
    expect(own.user!.circleInvitations!.edges.map((edge) => edge.node.circle.slug)).toEqual([slug]);
  });

  it('pages pending invitations newest first', async () => {
    const slugs = [slug];
    for (let i = 0; i < 2; i++) {
      const next = await foundCircle(test, owner, 'paged', { joinPolicy: 'INVITE_ONLY' });
      slugs.push(next);
    }
    for (const each of slugs) await ok(invite(test, owner, each, alice.handle));
    const first = await ok(test.client.request(MyCircleInvitationsDocument, { first: 2 }, { token: alice.token }));
    const page = first.me!.circleInvitations!;
    expect(page.pageInfo.hasNextPage).toBe(true);
    const rest = await ok(test.client.request(MyCircleInvitationsDocument, { first: 2, after: page.pageInfo.endCursor }, { token: alice.token }));
    const seen = [...page.edges, ...rest.me!.circleInvitations!.edges].map((edge) => edge.node.circle.slug);
    expect(seen).toEqual([...slugs].reverse());
    expect(rest.me!.circleInvitations!.pageInfo.hasNextPage).toBe(false);
  });
});

describe('gates still apply on accepting', () => {
  it('asks a credit score and consent of an invitee to a credit-gated circle, keeping the invitation while refused', async () => {
    await recordScore(owner, 800);
    const gated = await foundCircle(test, owner, 'gated', { joinPolicy: 'INVITE_ONLY', minCreditScore: 400 });
    await ok(invite(test, owner, gated, alice.handle));
    expect((await expectRefused(gated, 'CREDIT_TOO_LOW', () => respond(alice, gated, true, true))).message).toMatch(/at least 400/);
    await recordScore(alice, 700);
    expect((await expectRefused(gated, 'DISCLOSURE_REQUIRED', () => respond(alice, gated, true, false))).message).toMatch(/at least 400/);
    expect(await pendingOf(alice)).toEqual([gated]);
    expect((await ok(respond(alice, gated, true, true))).respondToCircleInvitation.viewerRole).toBe('MEMBER');
  });

  it('asks a verified real name of an invitee to a verified-only circle', async () => {
    await verify(test, owner);
    const verifiedOnly = await foundCircle(test, owner, 'verified', { joinPolicy: 'INVITE_ONLY', requiresVerified: true });
    await ok(invite(test, owner, verifiedOnly, alice.handle));
    await expectRefused(verifiedOnly, 'VERIFICATION_REQUIRED', () => respond(alice, verifiedOnly, true));
    await verify(test, alice);
    expect((await ok(respond(alice, verifiedOnly, true))).respondToCircleInvitation.viewerRole).toBe('MEMBER');
  });
});

describe('blocks', () => {
  it('answers inviting someone who blocked you exactly as inviting a handle nobody has, and invites nobody', async () => {
    await ok(test.client.request(BlocksBlockDocument, { handle: owner.handle }, { token: alice.token }));
    const nobody = uniqueHandle('nobody');
    const blocked = await expectRefused(slug, 'NOT_FOUND', () => invite(test, owner, slug, alice.handle));
    const missing = await expectRefused(slug, 'NOT_FOUND', () => invite(test, owner, slug, nobody));
    expect({ ...blocked, message: blocked.message.replace(alice.handle, 'H') }).toEqual({ ...missing, message: missing.message.replace(nobody, 'H') });
    expect([...(await ofKind(test, alice, 'CIRCLE_INVITATION')), ...(await ofKind(test, alice, 'CIRCLE_INVITATION', true))]).toEqual([]);
  });

  it('refuses inviting someone you blocked, and drops an invitation whose inviter a block now hides', async () => {
    await ok(invite(test, moderator, slug, alice.handle));
    await ok(test.client.request(BlocksBlockDocument, { handle: alice.handle }, { token: owner.token }));
    expect((await expectRefused(slug, 'FORBIDDEN', () => invite(test, owner, slug, alice.handle))).message).toMatch(/unblock/);
    expect(await pendingOf(alice)).toEqual([slug]);
    await ok(test.client.request(BlocksBlockDocument, { handle: moderator.handle }, { token: alice.token }));
    expect(await pendingOf(alice)).toEqual([]);
    await expectRefused(slug, 'NOT_FOUND', () => respond(alice, slug, true));
    await expectRefused(slug, 'FORBIDDEN', () => test.client.request(JoinCircleDocument, { slug }, { token: alice.token }));
  });
});

describe('rate limit', () => {
  const limited = serverForTests({ CIRCLE_INVITATIONS_PER_USER_PER_HOUR: '2' });

  it('refuses a third invitation within the hour with RATE_LIMITED', async () => {
    const inviter = await signUp(limited.client, 'inviter');
    const circle = await foundCircle(limited, inviter, 'limited', { joinPolicy: 'INVITE_ONLY' });
    const [a, b, c] = await Promise.all([signUp(limited.client, 'a'), signUp(limited.client, 'b'), signUp(limited.client, 'c')]);
    await ok(invite(limited, inviter, circle, a.handle));
    await ok(invite(limited, inviter, circle, b.handle));
    const third = await invite(limited, inviter, circle, c.handle);
    expect(errorCodes(third)).toEqual(['RATE_LIMITED']);
    expect(third.errors![0]!.message).toMatch(/invitations/);
  });
});
