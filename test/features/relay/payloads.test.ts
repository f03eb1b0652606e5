/**
 * The `…WithPayload` twins of the mutations that answer a Boolean (issue 15, item 2; README,
 * "Mutation answers"): each does what the mutation it answers for does, refuses what it
 * refuses with the same error, and answers the ids a client evicts (the ids those objects had)
 * and the parent it changed. apollo-cache.test.ts uses them from Apollo Client's cache.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BlocksBlockDocument,
  CacheBlockDocument,
  CacheDisconnectDocument,
  CacheLeaveCircleDocument,
  CacheRevokeTrustDocument,
  CacheUnblockDocument,
  CacheVouchDocument,
  CacheWithdrawRequestDocument,
  LeaveCircleDocument,
  LogInDocument,
  MySessionsDocument,
  PayloadsBanDocument,
  PayloadsChangePasswordDocument,
  PayloadsEndSessionDocument,
  PayloadsInviteDocument,
  PayloadsMembersDocument,
  PayloadsMyInvitationsDocument,
  PayloadsUnbanDocument,
} from '../../generated/graphql.js';
import { foundCircle, joinCircle } from '../../helpers/circles.js';
import { ok, type Result } from '../../helpers/client.js';
import { PASSWORD, personFrom, signUp, type Person } from '../../helpers/people.js';
import { serverForTests } from '../../helpers/server.js';

const test = serverForTests();
let owner: Person;
let member: Person;
let stranger: Person;
let slug: string;

/** What a refusal says, for comparing two answers; `handle` (which the message repeats) as a placeholder. */
const refusal = (result: Result<unknown>, handle = '') => ({
  data: result.data ?? null,
  errors: result.errors?.map((e) => ({ message: handle ? e.message.replaceAll(handle, 'HANDLE') : e.message, code: e.extensions?.code })),
});

beforeAll(async () => {
  [owner, member, stranger] = await Promise.all(['ploner', 'plmember', 'plstranger'].map((p) => signUp(test.client, p)));
  slug = await foundCircle(test, owner, 'payloads');
  await joinCircle(test, member, slug);
});

describe('…WithPayload twins', () => {
  it('when nothing changed, the flag is false and there is no id to evict', async () => {
    const as = { token: stranger.token };
    const leave = await ok(test.client.request(CacheLeaveCircleDocument, { slug }, as));
    expect(leave.leaveCircleWithPayload).toMatchObject({ left: false, removedMemberId: null, circle: { viewerRole: null } });
    const revoke = await ok(test.client.request(CacheRevokeTrustDocument, { handle: owner.handle }, as));
    expect(revoke.revokeTrustWithPayload).toMatchObject({ revoked: false, revokedTrustEdgeId: null, me: { id: stranger.id }, user: { id: owner.id } });
    const withdraw = await ok(test.client.request(CacheWithdrawRequestDocument, { handle: owner.handle }, as));
    expect(withdraw.withdrawConnectionRequestWithPayload).toMatchObject({ withdrawn: false, withdrawnRequestId: null, user: { connectionStatus: 'NONE' } });
    const disconnect = await ok(test.client.request(CacheDisconnectDocument, { handle: owner.handle }, as));
    expect(disconnect.disconnectWithPayload).toMatchObject({ disconnected: false, user: { id: owner.id } });
    const unblock = await ok(test.client.request(CacheUnblockDocument, { handle: owner.handle }, as));
    expect(unblock.unblockUserWithPayload).toMatchObject({ unblocked: false, user: { connectionStatus: 'NONE' } });
  });

  it('refuses bad input exactly as the mutation it answers for does', async () => {
    const as = { token: stranger.token };
    expect(refusal(await test.client.request(CacheLeaveCircleDocument, { slug: 'no-such-circle-here' }, as))).toEqual(
      refusal(await test.client.request(LeaveCircleDocument, { slug: 'no-such-circle-here' }, as)),
    );
    const nobody = refusal(await test.client.request(BlocksBlockDocument, { handle: 'nobody_has_this_handle' }, as));
    expect(nobody.errors?.[0]?.code).toBe('NOT_FOUND');
    expect(refusal(await test.client.request(CacheBlockDocument, { handle: 'nobody_has_this_handle' }, as))).toEqual(nobody);
    expect(refusal(await test.client.request(CacheBlockDocument, { handle: stranger.handle }, as)).errors?.[0]?.code).toBe('BAD_USER_INPUT');
  });

  it('to the person blocked, the blocker is a handle nobody has: the twin says so as the Boolean does', async () => {
    const blocker = await signUp(test.client, 'plblocker');
    await ok(test.client.request(BlocksBlockDocument, { handle: stranger.handle }, { token: blocker.token }));
    const asBlocked = { token: stranger.token };
    const documents: Array<TypedDocumentNode<unknown, { handle: string }>> = [CacheBlockDocument, CacheRevokeTrustDocument, CacheDisconnectDocument];
    for (const document of documents) {
      const nobody = 'nobody_has_this_handle';
      expect(refusal(await test.client.request(document, { handle: blocker.handle }, asBlocked), blocker.handle)).toEqual(
        refusal(await test.client.request(document, { handle: nobody }, asBlocked), nobody),
      );
    }
  });

  it('revokeTrust names the vouch by the id trustUser gave it', async () => {
    const edge = await ok(test.client.request(CacheVouchDocument, { handle: owner.handle, weight: 0.5 }, { token: member.token }));
    const { revokeTrustWithPayload } = await ok(test.client.request(CacheRevokeTrustDocument, { handle: owner.handle }, { token: member.token }));
    expect(revokeTrustWithPayload).toMatchObject({ revoked: true, revokedTrustEdgeId: edge.trustUser.id, me: { id: member.id }, user: { id: owner.id } });
  });

  it('banMember names the membership it ended and answers the circle one smaller; unbanMember says whether a ban was lifted', async () => {
    const banned = await signUp(test.client, 'plbanned');
    await joinCircle(test, banned, slug);
    const before = (await ok(test.client.request(PayloadsMembersDocument, { slug }, { token: owner.token }))).circle!;
    const membership = before.members.edges.find((edge) => edge.node.user.id === banned.id)!.node.id;
    const { banMemberWithPayload } = await ok(test.client.request(PayloadsBanDocument, { circleSlug: slug, handle: banned.handle }, { token: owner.token }));
    expect(banMemberWithPayload).toEqual({ removedMemberId: membership, circle: { id: before.id, memberCount: before.memberCount - 1 } });
    const unban = async () => (await ok(test.client.request(PayloadsUnbanDocument, { circleSlug: slug, handle: banned.handle }, { token: owner.token }))).unbanMemberWithPayload;
    expect(await unban()).toEqual({ unbanned: true, circle: { id: before.id } });
    expect(await unban()).toEqual({ unbanned: false, circle: { id: before.id } });
  });

  it('endSession and changePassword name the sessions they ended, which me.sessions no longer lists', async () => {
    const person = await signUp(test.client, 'plsessions');
    const logIn = async () => personFrom((await ok(test.client.request(LogInDocument, { input: { handle: person.handle, password: PASSWORD } }))).logIn);
    const [phone, laptop, tablet] = [await logIn(), await logIn(), await logIn()];
    const { endSessionWithPayload } = await ok(test.client.request(PayloadsEndSessionDocument, { id: phone.sessionId }, { token: person.token }));
    expect(endSessionWithPayload.endedSessionId).toBe(phone.sessionId);
    const listed = (await ok(test.client.request(MySessionsDocument, {}, { token: person.token }))).me!.sessions!.map((s) => s.id);
    expect(listed).not.toContain(phone.sessionId);

    const changed = await ok(test.client.request(PayloadsChangePasswordDocument, { currentPassword: PASSWORD, newPassword: 'a new password, longer' }, { token: person.token }));
    expect([...changed.changePasswordWithPayload.endedSessionIds].sort()).toEqual([laptop.sessionId, tablet.sessionId].sort());
    expect(changed.changePasswordWithPayload.me).toEqual({ id: person.id, sessions: [{ id: person.sessionId, current: true }] });
    const unknown = await test.client.request(PayloadsEndSessionDocument, { id: phone.sessionId }, { token: person.token });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('a circle invitation has an id, the same in the invitee’s list', async () => {
    const invitee = await signUp(test.client, 'plinvitee');
    const { inviteToCircle } = await ok(test.client.request(PayloadsInviteDocument, { circleSlug: slug, handle: invitee.handle }, { token: owner.token }));
    expect(inviteToCircle.id).toEqual(expect.any(String));
    const again = await ok(test.client.request(PayloadsInviteDocument, { circleSlug: slug, handle: invitee.handle }, { token: owner.token }));
    expect(again.inviteToCircle.id).toBe(inviteToCircle.id);
    const listed = (await ok(test.client.request(PayloadsMyInvitationsDocument, {}, { token: invitee.token }))).me!.circleInvitations!.edges;
    expect(listed.map((edge) => edge.node.id)).toEqual([inviteToCircle.id]);
  });
});
