/**
 * A circle's owners and moderators list its pending invitations (`Circle.invitations`,
 * newest first, paged; null for everyone else) and withdraw one by id, whoever of them sent
 * it: the invitee's pending invitation and its notification go. Unknown ids are NOT_FOUND,
 * non-moderators FORBIDDEN, answered invitations CONFLICT saying how they ended; an
 * invitation naming someone a block hides is, to that moderator, one that does not exist.
 * Every refusal is checked against the graph.
 */
import type { GraphQLFormattedError } from 'graphql';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  AcctDeleteMyAccountDocument,
  BlocksBlockDocument,
  CircleInvitationsDocument,
  InviteToCircleDocument,
  JoinCircleDocument,
  MyCircleInvitationsDocument,
  RespondToCircleInvitationDocument,
  WithdrawCircleInvitationDocument,
} from '../../generated/graphql.js';
import { foundCircle, moderatedCircle } from '../../helpers/circles.js';
import { errorCodes, ok } from '../../helpers/client.js';
import { established, ofKind } from '../../helpers/notifications.js';
import { PASSWORD, signUp, type Person } from '../../helpers/people.js';
import { serverForTests } from '../../helpers/server.js';

const test = serverForTests();

const invite = async (actor: Person, handle: string) =>
  (await ok(test.client.request(InviteToCircleDocument, { circleSlug: slug, handle }, { token: actor.token }))).inviteToCircle;

const respond = (person: Person, accept: boolean) => test.client.request(RespondToCircleInvitationDocument, { circleSlug: slug, accept }, { token: person.token });

const withdraw = (actor: Person, id: string) => test.client.request(WithdrawCircleInvitationDocument, { id }, { token: actor.token });

/** The circle's pending invitations as `person` lists them (invitee handles), or null. */
async function listedBy(person: Person, first = 50): Promise<string[] | null> {
  const data = await ok(test.client.request(CircleInvitationsDocument, { slug, first }, { token: person.token }));
  return data.circle!.invitations?.edges.map((edge) => edge.node.invitee.handle) ?? null;
}

async function pendingOf(person: Person): Promise<string[]> {
  const data = await ok(test.client.request(MyCircleInvitationsDocument, { first: 50 }, { token: person.token }));
  return data.me!.circleInvitations!.edges.map((edge) => edge.node.circle.slug);
}

/** Invitations to the circle in the graph, pending and ended, and every circle-invitation notification. */
async function graphState() {
  return test.database.forRequest().read((q) =>
    q.one<{ invitations: string[]; notes: string[] }>(
      `MATCH (c:Circle {slug: $slug})
       RETURN COLLECT { MATCH (u:User)-[i:INVITED_TO|ANSWERED_INVITATION]->(c) RETURN u.handle + ':' + type(i) + ':' + coalesce(i.answer, '') + ':' + i.id AS x ORDER BY x } AS invitations,
              COLLECT { MATCH (n:Notification {kind: 'CIRCLE_INVITATION', circleId: c.id}) RETURN n.id + ':' + n.recipientId AS x ORDER BY x } AS notes`,
      { slug },
    ),
  );
}

/** Runs a mutation that must be refused with `code`, and proves no invitation or notification changed. */
async function expectRefused(code: string, run: () => Promise<{ errors?: readonly GraphQLFormattedError[] }>) {
  const before = await graphState();
  const result = await run();
  expect(errorCodes(result), JSON.stringify(result.errors)).toEqual([code]);
  expect(await graphState()).toEqual(before);
  return result.errors![0]!;
}

let owner: Person;
let moderator: Person;
let member: Person;
let alice: Person;
let bob: Person;
let slug: string;

/** A fresh invite-only circle for each test: an owner (established, so invitations are shown), a moderator, a member. */
beforeEach(async () => {
  owner = await established(test, 'owner');
  [moderator, member, alice, bob] = await Promise.all(['moderator', 'member', 'alice', 'bob'].map((name) => signUp(test.client, name)));
  slug = await moderatedCircle(test, 'invites', { owner, moderator, members: [member] }, { joinPolicy: 'INVITE_ONLY' });
});

describe('Circle.invitations', () => {
  it("lists the pending invitations, newest first and paged, whoever sent them, for the circle's owners and moderators alone", async () => {
    await invite(owner, alice.handle);
    await invite(moderator, bob.handle);
    for (const judge of [owner, moderator]) expect(await listedBy(judge)).toEqual([bob.handle, alice.handle]);
    for (const other of [member, alice, bob]) expect(await listedBy(other)).toBeNull();

    const first = (await ok(test.client.request(CircleInvitationsDocument, { slug, first: 1 }, { token: owner.token }))).circle!.invitations!;
    expect(first.edges.map((edge) => edge.node)).toMatchObject([{ invitee: { handle: bob.handle }, invitedBy: { handle: moderator.handle } }]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = (await ok(test.client.request(CircleInvitationsDocument, { slug, first: 5, after: first.pageInfo.endCursor }, { token: owner.token }))).circle!.invitations!;
    expect(rest.edges.map((edge) => edge.node.invitee.handle)).toEqual([alice.handle]);
    expect(rest.pageInfo.hasNextPage).toBe(false);
  });

  it("keeps an invitation whose sender deleted their account, naming no sender; the invitee can still accept it", async () => {
    await invite(moderator, alice.handle);
    await ok(test.client.request(AcctDeleteMyAccountDocument, { password: PASSWORD }, { token: moderator.token }));
    const listed = (await ok(test.client.request(CircleInvitationsDocument, { slug, first: 5 }, { token: owner.token }))).circle!.invitations!;
    expect(listed.edges.map((edge) => edge.node)).toMatchObject([{ invitee: { handle: alice.handle }, invitedBy: null }]);
    expect(await pendingOf(alice)).toEqual([slug]);
    expect((await ok(respond(alice, true))).respondToCircleInvitation.viewerRole).toBe('MEMBER');
  });

  it('leaves out answered invitations: accepted, declined', async () => {
    await invite(owner, alice.handle);
    await invite(owner, bob.handle);
    await ok(respond(alice, true));
    await ok(respond(bob, false));
    expect(await listedBy(owner)).toEqual([]);
  });
});

describe('withdrawCircleInvitation', () => {
  it("lets a moderator withdraw an owner's invitation: no longer pending, its notification gone, the invitee cannot accept it", async () => {
    const sent = await invite(owner, alice.handle);
    expect(await ofKind(test, alice, 'CIRCLE_INVITATION')).toHaveLength(1);
    const withdrawn = (await ok(withdraw(moderator, sent.id))).withdrawCircleInvitation;
    expect(withdrawn).toMatchObject({ id: sent.id, invitee: { handle: alice.handle }, invitedBy: { handle: owner.handle }, circle: { slug } });
    expect(await pendingOf(alice)).toEqual([]);
    expect(await ofKind(test, alice, 'CIRCLE_INVITATION')).toEqual([]);
    expect(await listedBy(owner)).toEqual([]);
    expect(errorCodes(await respond(alice, true))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await test.client.request(JoinCircleDocument, { slug }, { token: alice.token }))).toEqual(['FORBIDDEN']);
    // Inviting again makes a new invitation, which can be accepted.
    const again = await invite(moderator, alice.handle);
    expect(again.id).not.toBe(sent.id);
    expect((await ok(respond(alice, true))).respondToCircleInvitation.viewerRole).toBe('MEMBER');
  });

  it("takes away only that circle's invitation notification, not the inviter's others", async () => {
    const other = await foundCircle(test, owner, 'other', { joinPolicy: 'INVITE_ONLY' });
    await ok(test.client.request(InviteToCircleDocument, { circleSlug: other, handle: alice.handle }, { token: owner.token }));
    const sent = await invite(owner, alice.handle);
    await ok(withdraw(owner, sent.id));
    expect((await ofKind(test, alice, 'CIRCLE_INVITATION')).map((note) => note.circle?.slug)).toEqual([other]);
    expect(await pendingOf(alice)).toEqual([other]);
  });

  it('refuses an id nobody has with NOT_FOUND, and someone not a moderator with FORBIDDEN, changing nothing', async () => {
    const sent = await invite(owner, alice.handle);
    expect((await expectRefused('NOT_FOUND', () => withdraw(owner, '00000000-0000-4000-8000-000000000000'))).message).toMatch(/no invitation with that id/);
    expect((await expectRefused('NOT_FOUND', () => withdraw(owner, 'not an id'))).message).toMatch(/no invitation with that id/);
    for (const other of [member, alice, bob]) {
      expect((await expectRefused('FORBIDDEN', () => withdraw(other, sent.id))).message).toMatch(/Only the owners and moderators/);
    }
  });

  it('refuses an invitation already accepted, declined or withdrawn with CONFLICT saying so, changing nothing', async () => {
    const accepted = await invite(owner, alice.handle);
    await ok(respond(alice, true));
    expect((await expectRefused('CONFLICT', () => withdraw(owner, accepted.id))).message).toMatch(/already accepted/);
    const declined = await invite(owner, bob.handle);
    await ok(respond(bob, false));
    expect((await expectRefused('CONFLICT', () => withdraw(moderator, declined.id))).message).toMatch(/already declined/);
    const carol = await signUp(test.client, 'carol');
    const withdrawn = await invite(owner, carol.handle);
    await ok(withdraw(owner, withdrawn.id));
    expect((await expectRefused('CONFLICT', () => withdraw(moderator, withdrawn.id))).message).toMatch(/already withdrawn/);
  });

  it('hides from a moderator an invitation of someone who blocked them, as an id nobody has; the owner still withdraws it', async () => {
    const sent = await invite(owner, alice.handle);
    await ok(test.client.request(BlocksBlockDocument, { handle: moderator.handle }, { token: alice.token }));
    expect(await listedBy(moderator)).toEqual([]);
    expect(await listedBy(owner)).toEqual([alice.handle]);
    const hidden = await expectRefused('NOT_FOUND', () => withdraw(moderator, sent.id));
    const nobody = await expectRefused('NOT_FOUND', () => withdraw(moderator, '00000000-0000-4000-8000-000000000000'));
    expect(hidden).toEqual(nobody);
    await ok(withdraw(owner, sent.id));
    expect(await pendingOf(alice)).toEqual([]);
  });
});
