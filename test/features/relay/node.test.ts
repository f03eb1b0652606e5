/**
 * Relay refetching (issue 15, item 2): `node(id:)` and `nodes(ids:)` find every object a
 * client has an id for, with exactly the rules of the type's own queries: what the viewer
 * may not see is null like an id nobody has. `post(id:)` for deep links.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BlocksBlockDocument,
  RelayIdsOfDocument,
  RelayNodeDocument,
  RelayNodesDocument,
  RelayPostDocument,
  SetInterestsDocument,
  SetMemberRoleDocument,
} from '../../generated/graphql.js';
import { foundCircle, joinCircle, writePost } from '../../helpers/circles.js';
import { errorCodes, ok } from '../../helpers/client.js';
import { connectThroughApi } from '../../helpers/conversations.js';
import { requestConnection, signUp, type Person } from '../../helpers/people.js';
import { serverForTests } from '../../helpers/server.js';

const test = serverForTests();
let alice: Person;
let bob: Person;
let carol: Person;
let dave: Person;
let erin: Person;
let openSlug: string;
let openCircleId: string;
let bobsPost: string;
let carolsPost: string;
let hiddenPost: string;
let ids: Awaited<ReturnType<typeof idsOf>>;

const node = async (viewer: Person, id: string) => (await ok(test.client.request(RelayNodeDocument, { id }, { token: viewer.token }))).node;
const nodes = async (viewer: Person, list: string[]) => (await ok(test.client.request(RelayNodesDocument, { ids: list }, { token: viewer.token }))).nodes;
const post = async (viewer: Person, id: string) => (await ok(test.client.request(RelayPostDocument, { id }, { token: viewer.token }))).post;

/** The ids alice's screens give her: the ones a normalised cache keeps. */
async function idsOf(viewer: Person, other: Person) {
  const data = await ok(test.client.request(RelayIdsOfDocument, { withHandle: other.handle }, { token: viewer.token }));
  return {
    me: data.me!.id,
    interest: data.me!.interests[0]!.id,
    session: data.me!.sessions![0]!.id,
    request: data.outgoingConnectionRequests.edges[0]!.node.id,
    conversation: data.conversation!.id,
    message: data.conversation!.lastMessage.id,
    notification: data.notifications.edges[0]!.node.id,
  };
}

beforeAll(async () => {
  [alice, bob, carol, dave, erin] = [
    await signUp(test.client, 'nalice'),
    await signUp(test.client, 'nbob'),
    await signUp(test.client, 'ncarol'),
    await signUp(test.client, 'ndave'),
    await signUp(test.client, 'nerin'),
  ];
  openSlug = await foundCircle(test, bob, 'nodeopen');
  await joinCircle(test, alice, openSlug);
  await joinCircle(test, carol, openSlug);
  bobsPost = (await writePost(test, bob, openSlug, 'tea at dawn')).id;
  openCircleId = (await post(bob, bobsPost))!.circle.id;
  carolsPost = (await writePost(test, carol, openSlug, 'by the one who blocks')).id;
  const closedSlug = await foundCircle(test, bob, 'nodeclosed', { membersOnly: true });
  hiddenPost = (await writePost(test, bob, closedSlug, 'members only')).id;
  await ok(test.client.request(SetInterestsDocument, { slugs: ['tea-culture'] }, { token: alice.token }));
  await ok(test.client.request(SetMemberRoleDocument, { circleSlug: openSlug, handle: alice.handle, role: 'MODERATOR' }, { token: bob.token }));
  await connectThroughApi(test.client, bob, alice, 'hello alice');
  await ok(requestConnection(test.client, alice, erin, 'hello erin'));
  await ok(test.client.request(BlocksBlockDocument, { handle: alice.handle }, { token: carol.token }));
  await ok(test.client.request(BlocksBlockDocument, { handle: dave.handle }, { token: alice.token }));
  ids = await idsOf(alice, bob);
});

describe('node and nodes refetch what a client has an id for', () => {
  it('finds each type by the id its screens gave, in the order asked, null for an id nobody has', async () => {
    const nobody = randomUUID();
    const asked = [ids.me, ids.interest, ids.session, ids.request, nobody, ids.conversation, ids.message, ids.notification, openCircleId, bobsPost];
    const found = await nodes(alice, asked);
    expect(found.map((n) => n && [n.__typename, n.id])).toEqual([
      ['User', ids.me],
      ['Interest', ids.interest],
      ['Session', ids.session],
      ['ConnectionRequest', ids.request],
      null,
      ['Conversation', ids.conversation],
      ['Message', ids.message],
      ['Notification', ids.notification],
      ['Circle', openCircleId],
      ['Post', bobsPost],
    ]);
    expect(found[0]).toMatchObject({ handle: alice.handle });
    expect(found[1]).toMatchObject({ slug: 'tea-culture' });
    expect(found[2]).toMatchObject({ current: true });
    expect(found[3]).toMatchObject({ message: 'hello erin', status: 'PENDING' });
    expect(found[5]).toMatchObject({ with: { handle: bob.handle } });
    expect(found[6]).toMatchObject({ body: 'hello alice', seq: 1 });
    expect(found[7]).toMatchObject({ kind: 'ROLE_CHANGED' });
    expect(found[9]).toMatchObject({ body: 'tea at dawn', author: { handle: bob.handle } });
    expect(await node(alice, ids.conversation)).toEqual(found[5]);
  });

  it('post(id:) opens a deep link', async () => {
    expect(await post(alice, bobsPost)).toMatchObject({ id: bobsPost, body: 'tea at dawn', author: { handle: bob.handle }, circle: { slug: openSlug } });
    expect(await post(alice, randomUUID())).toBeNull();
  });
});

describe('node applies the rules of each type’s own queries', () => {
  it('someone who blocked you is null, exactly like an id nobody has; someone you blocked is found, as by handle', async () => {
    expect(await node(alice, carol.id)).toBeNull();
    expect(await nodes(alice, [carol.id, randomUUID()])).toEqual([null, null]);
    expect(await node(alice, dave.id)).toMatchObject({ __typename: 'User', handle: dave.handle });
    expect(await node(bob, carol.id)).toMatchObject({ handle: carol.handle });
  });

  it('posts are null across a block and in a members-only circle you are not in, by node and by post(id:)', async () => {
    for (const id of [carolsPost, hiddenPost]) {
      expect(await node(alice, id), id).toBeNull();
      expect(await post(alice, id), id).toBeNull();
      expect(await node(bob, id), id).toMatchObject({ __typename: 'Post', id });
    }
  });

  it("another person's notifications, sessions, conversations, messages and requests are null", async () => {
    expect(await nodes(bob, [ids.notification, ids.session, ids.request])).toEqual([null, null, null]);
    expect(await nodes(erin, [ids.conversation, ids.message])).toEqual([null, null]);
    expect(await node(erin, ids.request)).toMatchObject({ __typename: 'ConnectionRequest', message: 'hello erin' });
    expect(await nodes(bob, [ids.conversation, ids.message]).then((found) => found.map((n) => n?.__typename))).toEqual(['Conversation', 'Message']);
  });

  it('ids of an unknown type or shape are null, like ids nobody has', async () => {
    expect(await nodes(alice, ['Nope:1', 'ConnectionRequest:only-one-part', 'Interest:no-such-interest', ''])).toEqual([null, null, null, null]);
  });
});

describe('bad input', () => {
  it('refuses more than 100 ids, naming `ids`, and an id longer than any we give out, naming `id`', async () => {
    const many = await test.client.request(RelayNodesDocument, { ids: Array.from({ length: 101 }, () => randomUUID()) }, { token: alice.token });
    expect(errorCodes(many)).toEqual(['BAD_USER_INPUT']);
    expect(many.errors![0]!.extensions?.field).toBe('ids');
    expect(many.errors![0]!.message).toMatch(/at most 100 ids/);
    const long = await test.client.request(RelayNodeDocument, { id: 'x'.repeat(201) }, { token: alice.token });
    expect(errorCodes(long)).toEqual(['BAD_USER_INPUT']);
    expect(long.errors![0]!.extensions?.field).toBe('id');
  });

  it('needs a token', async () => {
    expect(errorCodes(await test.client.request(RelayNodeDocument, { id: ids.me }))).toEqual(['UNAUTHENTICATED']);
  });
});
