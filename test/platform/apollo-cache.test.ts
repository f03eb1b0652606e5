/**
 * Issue 15's done-when: a generated client with Apollo Client's normalised cache updates after
 * each mutation without a refetch. Apollo Client (InMemoryCache over HTTP) loads a person's
 * screens (a circle with members, posts, reactions and comments; their connections, requests
 * and notifications; a profile; a conversation), then makes every mutation those screens
 * offer, one at a time. After each, the screen read from the cache alone shows the new state,
 * and exactly one request went over the network: the mutation itself.
 *
 * What the test does beside the mutation is what a client does (README, "Mutation answers"):
 * a removal's answer names what went, and the client evicts it and drops the edges that
 * pointed at it; an addition is put into the list it belongs to. Everything else (counts,
 * roles, statuses, reactions, unread numbers) the cache takes from the answer by id.
 */
import { ApolloClient, HttpLink, InMemoryCache, type Reference, type StoreObject, type TypedDocumentNode } from '@apollo/client';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AddCommentDocument,
  CacheAddCommentDocument,
  CacheBlockDocument,
  CacheCircleScreenDocument,
  CacheConversationScreenDocument,
  CacheCreatePostDocument,
  CacheDeleteCommentDocument,
  CacheDeletePostDocument,
  CacheDisconnectDocument,
  CacheEditPostDocument,
  CacheJoinCircleDocument,
  CacheLeaveCircleDocument,
  CacheMarkConversationReadDocument,
  CacheMarkNotificationsReadDocument,
  CachePeopleScreenDocument,
  CachePersonScreenDocument,
  CacheReactDocument,
  CacheRespondToRequestDocument,
  CacheRevokeTrustDocument,
  CacheSendMessageDocument,
  CacheSendRequestDocument,
  CacheUnblockDocument,
  CacheUnreactDocument,
  CacheUpdateProfileDocument,
  CacheVouchDocument,
  CacheWithdrawRequestDocument,
} from '../generated/graphql.js';
import { foundCircle, joinCircle, writePost } from '../helpers/circles.js';
import { ok } from '../helpers/client.js';
import { connectThroughApi, sendOk } from '../helpers/conversations.js';
import { requestConnection, signUp, type Person } from '../helpers/people.js';
import { serverForTests } from '../helpers/server.js';

const test = serverForTests();

let me: Person;
let alice: Person; // owns the circle; connected with me; writes to me
let bob: Person; // asks to connect: accepted
let carol: Person; // asks to connect: declined
let dave: Person; // I ask, then take it back
let erin: Person; // connected: disconnected
let frank: Person; // connected: blocked, then unblocked
let circleSlug: string; // I am a member
let otherSlug: string; // I join, then leave
let alicePostId: string;

let client: ApolloClient;
let fetches = 0;

/** The app's client: Apollo's defaults (objects normalised by __typename and id), over HTTP, counting its requests. */
function apolloClientFor(person: Person): ApolloClient {
  const counting: typeof fetch = (input, init) => {
    fetches++;
    return fetch(input, init);
  };
  return new ApolloClient({
    // Reactions are one value, replaced whole by each answer (Apollo warns before dropping an array of objects without ids).
    cache: new InMemoryCache({ typePolicies: { Post: { fields: { reactions: { merge: false } } } } }),
    link: new HttpLink({ uri: test.server.url, headers: { authorization: `Bearer ${person.token}` }, fetch: counting }),
  });
}

/** A screen as the cache alone has it: complete (readQuery gives null when a field is missing), and no request sent. */
function screen<T, V extends Record<string, unknown>>(query: TypedDocumentNode<T, V>, variables?: V): T {
  const before = fetches;
  const data = client.cache.readQuery<T, V>({ query, variables });
  expect(data, 'the screen is whole in the cache').not.toBeNull();
  expect(fetches).toBe(before);
  return data!;
}

/** A mutation, which must succeed, and must be the one request it costs. */
async function mutate<T, V extends Record<string, unknown>>(mutation: TypedDocumentNode<T, V>, variables: V): Promise<T> {
  const before = fetches;
  // Apollo's option types are generic over the variables in a way a generic helper cannot name.
  const send = client.mutate.bind(client) as (options: { mutation: TypedDocumentNode<T, V>; variables: V }) => Promise<{ data?: T | null }>;
  const { data } = await send({ mutation, variables });
  expect(fetches, 'one request: the mutation, no refetch').toBe(before + 1);
  return data as T;
}

const cacheId = (typename: string, id: string) => client.cache.identify({ __typename: typename, id })!;

/**
 * The eviction recipe: evict what the answer says went (its `__typename` is the one the
 * payload's field names), then drop the edges left pointing at nothing in the lists of
 * `parents` (the parent the answer carries, or ROOT_QUERY for top-level lists).
 */
function evict(typename: string, id: string, parents: string[]): void {
  client.cache.evict({ id: cacheId(typename, id) });
  for (const parent of parents) dropEdges(parent, (edge, canRead) => canRead(edge.node));
  client.cache.gc();
}

type Edge = { node: Reference };

/** Keeps, in every connection field of `parent`, the edges `keep` accepts. */
function dropEdges(parent: string, keep: (edge: Edge, canRead: (ref: Reference) => boolean, readField: (field: string, ref: Reference) => unknown) => boolean): void {
  client.cache.modify({
    id: parent,
    fields: (value, { canRead, readField }) => {
      const list = value as { edges?: Edge[] } | null;
      if (!list || typeof list !== 'object' || !Array.isArray(list.edges)) return value;
      return { ...list, edges: list.edges.filter((edge) => keep(edge, canRead, (field, ref) => readField(field, ref))) };
    },
  });
}

/** The addition recipe: the object the answer carried goes into its list, first or last. */
function addEdge(parent: string, field: string, edgeType: string, node: StoreObject & { __typename: string; id: string }, where: 'first' | 'last'): void {
  client.cache.modify({
    id: parent,
    fields: {
      [field]: (value, { toReference }) => {
        const list = value as { edges: unknown[] };
        const edge = { __typename: edgeType, node: toReference(node) };
        return { ...list, edges: where === 'first' ? [edge, ...list.edges] : [...list.edges, edge] };
      },
    },
  });
}

const ROOT = 'ROOT_QUERY';
const circleScreen = () => screen(CacheCircleScreenDocument, { slug: circleSlug }).circle!;
const otherCircle = () => screen(CacheCircleScreenDocument, { slug: otherSlug }).circle!;
const peopleScreen = () => screen(CachePeopleScreenDocument);
const person = (who: Person) => screen(CachePersonScreenDocument, { handle: who.handle }).user!;
const postOnScreen = (id: string) => circleScreen().posts.edges.map((edge) => edge.node).find((post) => post.id === id);

beforeAll(async () => {
  [me, alice, bob, carol, dave, erin, frank] = await Promise.all(['cme', 'calice', 'cbob', 'ccarol', 'cdave', 'cerin', 'cfrank'].map((p) => signUp(test.client, p)));
  circleSlug = await foundCircle(test, alice, 'cache');
  otherSlug = await foundCircle(test, alice, 'cacheother');
  await joinCircle(test, me, circleSlug);
  alicePostId = (await writePost(test, alice, circleSlug, 'Alice opens the circle')).id;
  await writePost(test, me, circleSlug, 'My first post');
  await ok(test.client.request(AddCommentDocument, { input: { postId: alicePostId, body: 'A first comment' } }, { token: alice.token }));
  for (const friend of [alice, erin, frank]) await connectThroughApi(test.client, me, friend);
  await sendOk(test.client, alice, me, 'Tea on Sunday?');
  for (const asker of [bob, carol]) await ok(requestConnection(test.client, asker, me, `Hello from ${asker.handle}`));

  client = apolloClientFor(me);
  // The screens, loaded the ordinary way (one request each).
  await client.query({ query: CacheCircleScreenDocument, variables: { slug: circleSlug } });
  await client.query({ query: CacheCircleScreenDocument, variables: { slug: otherSlug } });
  await client.query({ query: CachePeopleScreenDocument });
  for (const who of [alice, bob, carol, dave, erin, frank]) await client.query({ query: CachePersonScreenDocument, variables: { handle: who.handle } });
  await client.query({ query: CacheConversationScreenDocument, variables: { handle: alice.handle } });
}, 120_000);

describe('Apollo Client normalised cache: each mutation updates the screens without a refetch', () => {
  it('createPost: the new post heads the circle’s list (the client adds it)', async () => {
    const { createPost } = await mutate(CacheCreatePostDocument, { input: { circleSlug, body: 'Fresh from the cache test' } });
    addEdge(cacheId('Circle', createPost.circle.id), 'posts', 'CirclePostEdge', { __typename: 'Post', id: createPost.id }, 'first');
    const first = circleScreen().posts.edges[0]!.node;
    expect(first).toMatchObject({ id: createPost.id, body: 'Fresh from the cache test', commentCount: 0, author: { id: me.id } });
  });

  it('editPost: the body and editedAt change where the post is shown', async () => {
    const mine = circleScreen().posts.edges.find((edge) => edge.node.author.id === me.id)!.node;
    expect(mine.editedAt).toBeNull();
    await mutate(CacheEditPostDocument, { input: { id: mine.id, body: 'Edited in place' } });
    expect(postOnScreen(mine.id)).toMatchObject({ body: 'Edited in place', editedAt: expect.any(String) });
  });

  it('deletePost (its payload twin): the client evicts the id it answers, and the post leaves the list', async () => {
    const doomed = circleScreen().posts.edges[0]!.node.id;
    const { deletePostWithPayload } = await mutate(CacheDeletePostDocument, { id: doomed });
    expect(deletePostWithPayload.deletedPostId).toBe(doomed);
    evict('Post', deletePostWithPayload.deletedPostId, [cacheId('Circle', deletePostWithPayload.circle.id)]);
    expect(postOnScreen(doomed)).toBeUndefined();
    expect(circleScreen().posts.edges.length).toBeGreaterThan(0);
  });

  it('addComment: the post’s commentCount comes with the answer; the client appends the comment', async () => {
    expect(postOnScreen(alicePostId)!.commentCount).toBe(1);
    const { addComment } = await mutate(CacheAddCommentDocument, { input: { postId: alicePostId, body: 'Mine, too' } });
    addEdge(cacheId('Post', alicePostId), 'comments', 'CommentEdge', { __typename: 'Comment', id: addComment.id }, 'last');
    const post = postOnScreen(alicePostId)!;
    expect(post.commentCount).toBe(2);
    expect(post.comments.edges.map((edge) => edge.node.body)).toEqual(['A first comment', 'Mine, too']);
  });

  it('deleteComment: the comment shows as removed and the count drops', async () => {
    const mine = postOnScreen(alicePostId)!.comments.edges.find((edge) => edge.node.author?.id === me.id)!.node;
    await mutate(CacheDeleteCommentDocument, { id: mine.id });
    const post = postOnScreen(alicePostId)!;
    expect(post.commentCount).toBe(1);
    expect(post.comments.edges.find((edge) => edge.node.id === mine.id)!.node).toMatchObject({ removed: true, body: null, author: null });
  });

  it('react and unreact: the post’s reactions change', async () => {
    await mutate(CacheReactDocument, { postId: alicePostId, kind: 'LOVE' });
    expect(postOnScreen(alicePostId)!.reactions).toContainEqual(expect.objectContaining({ kind: 'LOVE', count: 1, viewerReacted: true }));
    await mutate(CacheUnreactDocument, { postId: alicePostId, kind: 'LOVE' });
    expect(postOnScreen(alicePostId)!.reactions.filter((reaction) => reaction.kind === 'LOVE' && reaction.count > 0)).toEqual([]);
  });

  it('joinCircle and leaveCircle (its payload twin): memberCount and viewerRole change; the membership is evicted', async () => {
    expect(otherCircle()).toMatchObject({ memberCount: 1, viewerRole: null });
    await mutate(CacheJoinCircleDocument, { slug: otherSlug });
    expect(otherCircle()).toMatchObject({ memberCount: 2, viewerRole: 'MEMBER' });

    const mineHere = circleScreen().members.edges.find((edge) => edge.node.user.id === me.id)!.node.id;
    const count = circleScreen().memberCount;
    const { leaveCircleWithPayload } = await mutate(CacheLeaveCircleDocument, { slug: circleSlug });
    expect(leaveCircleWithPayload).toMatchObject({ left: true, removedMemberId: mineHere });
    evict('CircleMember', leaveCircleWithPayload.removedMemberId!, [cacheId('Circle', leaveCircleWithPayload.circle.id)]);
    const circle = circleScreen();
    expect(circle).toMatchObject({ memberCount: count - 1, viewerRole: null });
    expect(circle.members.edges.map((edge) => edge.node.user.id)).not.toContain(me.id);
  });

  it('respondToConnectionRequest, accepting: the request is answered, both ends connected; the client moves them to its connections', async () => {
    const { respondToConnectionRequest } = await mutate(CacheRespondToRequestDocument, { fromHandle: bob.handle, accept: true });
    expect(respondToConnectionRequest.from).toMatchObject({ id: bob.id, connectionStatus: 'CONNECTED' });
    evict('ConnectionRequest', respondToConnectionRequest.id, [ROOT]);
    addEdge(ROOT, 'connections', 'UserEdge', { __typename: 'User', id: bob.id }, 'last');
    const people = peopleScreen();
    expect(people.incomingConnectionRequests.edges.map((edge) => edge.node.from.id)).toEqual([carol.id]);
    expect(people.connections.edges.find((edge) => edge.node.id === bob.id)!.node.connectionStatus).toBe('CONNECTED');
    expect(person(bob).connectionStatus).toBe('CONNECTED');
  });

  it('respondToConnectionRequest, declining: the request leaves the incoming list', async () => {
    const { respondToConnectionRequest } = await mutate(CacheRespondToRequestDocument, { fromHandle: carol.handle, accept: false });
    expect(respondToConnectionRequest.status).toBe('DECLINED');
    evict('ConnectionRequest', respondToConnectionRequest.id, [ROOT]);
    expect(peopleScreen().incomingConnectionRequests.edges).toEqual([]);
    expect(person(carol).connectionStatus).toBe('NONE');
  });

  it('sendConnectionRequest and withdrawConnectionRequest (its payload twin): the outgoing list and the person’s status follow', async () => {
    const { sendConnectionRequest } = await mutate(CacheSendRequestDocument, { handle: dave.handle, message: 'We met at the tea house' });
    expect(sendConnectionRequest.to.connectionStatus).toBe('REQUESTED');
    addEdge(ROOT, 'outgoingConnectionRequests', 'ConnectionRequestEdge', { __typename: 'ConnectionRequest', id: sendConnectionRequest.id }, 'first');
    expect(peopleScreen().outgoingConnectionRequests.edges.map((edge) => edge.node.to.id)).toEqual([dave.id]);
    expect(person(dave).connectionStatus).toBe('REQUESTED');

    const { withdrawConnectionRequestWithPayload } = await mutate(CacheWithdrawRequestDocument, { handle: dave.handle });
    expect(withdrawConnectionRequestWithPayload).toMatchObject({ withdrawn: true, withdrawnRequestId: sendConnectionRequest.id });
    evict('ConnectionRequest', withdrawConnectionRequestWithPayload.withdrawnRequestId!, [ROOT]);
    expect(peopleScreen().outgoingConnectionRequests.edges).toEqual([]);
    expect(person(dave).connectionStatus).toBe('NONE');
  });

  it('disconnect (its payload twin): the person’s status changes; the client drops them from its connections', async () => {
    const { disconnectWithPayload } = await mutate(CacheDisconnectDocument, { handle: erin.handle });
    expect(disconnectWithPayload).toMatchObject({ disconnected: true, user: { id: erin.id, connectionStatus: 'NONE' } });
    dropEdges(ROOT, (edge, _canRead, readField) => readField('id', edge.node) !== disconnectWithPayload.user.id);
    expect(peopleScreen().connections.edges.map((edge) => edge.node.id)).not.toContain(erin.id);
    expect(person(erin).connectionStatus).toBe('NONE');
  });

  it('trustUser and revokeTrust (its payload twin): both people’s counts change', async () => {
    const given = peopleScreen().me!.trustsGivenCount;
    const received = person(alice).trustsReceivedCount;
    await mutate(CacheVouchDocument, { handle: alice.handle, weight: 0.8 });
    expect(peopleScreen().me!.trustsGivenCount).toBe(given + 1);
    expect(person(alice).trustsReceivedCount).toBe(received + 1);
    const { revokeTrustWithPayload } = await mutate(CacheRevokeTrustDocument, { handle: alice.handle });
    expect(revokeTrustWithPayload.revoked).toBe(true);
    expect(peopleScreen().me!.trustsGivenCount).toBe(given);
    expect(person(alice).trustsReceivedCount).toBe(received);
  });

  it('blockUser and unblockUser (their payload twins): the status follows; the client drops the person from its connections', async () => {
    const { blockUserWithPayload } = await mutate(CacheBlockDocument, { handle: frank.handle });
    expect(blockUserWithPayload.user).toMatchObject({ id: frank.id, connectionStatus: 'BLOCKED' });
    for (const id of blockUserWithPayload.endedConnectionRequestIds) evict('ConnectionRequest', id, [ROOT]);
    dropEdges(ROOT, (edge, _canRead, readField) => readField('id', edge.node) !== frank.id);
    expect(peopleScreen().connections.edges.map((edge) => edge.node.id)).not.toContain(frank.id);
    expect(person(frank).connectionStatus).toBe('BLOCKED');

    const { unblockUserWithPayload } = await mutate(CacheUnblockDocument, { handle: frank.handle });
    expect(unblockUserWithPayload.unblocked).toBe(true);
    // The block ended the connection: unblocked, they are strangers.
    expect(person(frank).connectionStatus).toBe('NONE');
  });

  it('updateProfile: my profile changes', async () => {
    await mutate(CacheUpdateProfileDocument, { input: { bio: 'Oolong, mostly' } });
    expect(peopleScreen().me!.bio).toBe('Oolong, mostly');
  });

  it('markNotificationsRead (its payload twin): my unread count drops to zero, and the notifications on screen show read', async () => {
    const before = peopleScreen();
    expect(before.me!.unreadNotificationCount).toBeGreaterThan(0);
    const { markNotificationsReadWithPayload: answer } = await mutate(CacheMarkNotificationsReadDocument, {});
    const answered = new Set(answer.notifications.edges.map((edge) => edge.node.id));
    expect(answer.notifications.totalCount).toBe(answered.size);
    // The screen's notifications the answer carried: unread before, read now, from the cache alone.
    const onScreen = (screenNow: typeof before) => screenNow.notifications.edges.filter((edge) => answered.has(edge.node.id)).map((edge) => edge.node.readAt);
    expect(onScreen(before)).toContain(null);
    const after = peopleScreen();
    expect(after.me!.unreadNotificationCount).toBe(0);
    expect(onScreen(after)).toHaveLength(onScreen(before).length);
    expect(onScreen(after)).not.toContain(null);
  });

  it('markConversationRead: the conversation’s and my unread counts drop, its messages show read', async () => {
    const before = screen(CacheConversationScreenDocument, { handle: alice.handle }).conversation!;
    expect(before.unreadCount).toBe(1);
    expect(peopleScreen().me!.unreadMessageCount).toBe(1);
    await mutate(CacheMarkConversationReadDocument, { handle: alice.handle });
    const after = screen(CacheConversationScreenDocument, { handle: alice.handle }).conversation!;
    expect(after.unreadCount).toBe(0);
    expect(after.messages.edges.filter((edge) => edge.node.from.id === alice.id).map((edge) => edge.node.readAt)).not.toContain(null);
    expect(peopleScreen().me!.unreadMessageCount).toBe(0);
  });

  it('sendMessage: the conversation’s lastMessage changes; the client appends the message', async () => {
    const { sendMessage } = await mutate(CacheSendMessageDocument, { input: { toHandle: alice.handle, body: 'Sunday works' } });
    addEdge(cacheId('Conversation', sendMessage.conversation!.id), 'messages', 'MessageEdge', { __typename: 'Message', id: sendMessage.id }, 'last');
    const conversation = screen(CacheConversationScreenDocument, { handle: alice.handle }).conversation!;
    expect(conversation.lastMessage).toEqual(expect.objectContaining({ id: sendMessage.id, body: 'Sunday works' }));
    expect(conversation.messages.edges.at(-1)!.node).toMatchObject({ id: sendMessage.id, body: 'Sunday works', from: { id: me.id } });
  });
});
