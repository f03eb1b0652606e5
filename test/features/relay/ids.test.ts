/**
 * Every object a client caches has an id (issue 15, item 2), the same wherever it shows: a
 * mutation answers with the id the list shows, so a normalised cache updates the row in place.
 * Ids of objects that had none are derived from what identifies them (their two ends).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  RelayIncomingDocument,
  RelayMembersDocument,
  RelayNodeDocument,
  RelayRecommendationsDocument,
  RelayRequestDocument,
  RelayRespondDocument,
  RelaySetRoleDocument,
  RelayTrustDocument,
  RelayTrustsGivenDocument,
} from '../../generated/graphql.js';
import { foundCircle, joinCircle } from '../../helpers/circles.js';
import { ok } from '../../helpers/client.js';
import { signUp, type Person } from '../../helpers/people.js';
import { serverForTests } from '../../helpers/server.js';

const test = serverForTests();
let owner: Person;
let member: Person;
let slug: string;

beforeAll(async () => {
  [owner, member] = [await signUp(test.client, 'idowner'), await signUp(test.client, 'idmember')];
  slug = await foundCircle(test, owner, 'ids');
  await joinCircle(test, member, slug);
});

describe('ids of objects that had none', () => {
  it('a vouch keeps its id when its weight changes, and the list shows that id', async () => {
    const first = (await ok(test.client.request(RelayTrustDocument, { handle: member.handle, weight: 0.5 }, { token: owner.token }))).trustUser;
    const again = (await ok(test.client.request(RelayTrustDocument, { handle: member.handle, weight: 0.9 }, { token: owner.token }))).trustUser;
    expect(again).toEqual({ id: first.id, weight: 0.9 });
    const given = (await ok(test.client.request(RelayTrustsGivenDocument, { handle: owner.handle }, { token: owner.token }))).user!.trustsGiven!.edges;
    expect(given.map((edge) => edge.node)).toEqual([{ id: first.id, weight: 0.9 }]);
    expect(first.id).toBe(`TrustEdge:${owner.id}:${member.id}`);
  });

  it('a member keeps their id when their role changes, and the member list shows that id', async () => {
    const promoted = (await ok(test.client.request(RelaySetRoleDocument, { circleSlug: slug, handle: member.handle, role: 'MODERATOR' }, { token: owner.token }))).setMemberRole;
    const circle = (await ok(test.client.request(RelayMembersDocument, { slug }, { token: owner.token }))).circle!;
    const listed = circle.members.edges.map((edge) => edge.node);
    expect(listed.find((m) => m.user.handle === member.handle)).toEqual({ id: promoted.id, role: 'MODERATOR', user: { handle: member.handle } });
    expect(new Set(listed.map((m) => m.id)).size).toBe(listed.length);
    expect(promoted.id).toBe(`CircleMember:${circle.id}:${member.id}`);
  });

  it('a connection request has one id from sending to answering, and node finds it while pending', async () => {
    const [asker, asked] = [await signUp(test.client, 'idask'), await signUp(test.client, 'idasked')];
    const sent = (await ok(test.client.request(RelayRequestDocument, { handle: asked.handle, message: 'hi' }, { token: asker.token }))).sendConnectionRequest;
    const incoming = (await ok(test.client.request(RelayIncomingDocument, {}, { token: asked.token }))).incomingConnectionRequests.edges;
    expect(incoming.map((edge) => edge.node)).toEqual([{ id: sent.id, status: 'PENDING' }]);
    expect((await ok(test.client.request(RelayNodeDocument, { id: sent.id }, { token: asked.token }))).node).toMatchObject({ id: sent.id, status: 'PENDING' });
    const answered = (await ok(test.client.request(RelayRespondDocument, { fromHandle: asker.handle, accept: true }, { token: asked.token }))).respondToConnectionRequest;
    expect(answered).toEqual({ id: sent.id, status: 'ACCEPTED' });
    // Answered, it is no longer kept: refetching finds nothing, like an id nobody has.
    expect((await ok(test.client.request(RelayNodeDocument, { id: sent.id }, { token: asked.token }))).node).toBeNull();
  });

  it('a recommendation is known by the person it recommends', async () => {
    const stranger = await signUp(test.client, 'idstranger');
    await joinCircle(test, stranger, slug);
    const edges = (await ok(test.client.request(RelayRecommendationsDocument, {}, { token: stranger.token }))).strangerRecommendations.edges;
    expect(edges.length).toBeGreaterThan(0);
    for (const { node } of edges) expect(node.id).toBe(`Recommendation:${node.user.id}`);
  });
});
