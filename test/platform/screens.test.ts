/**
 * The client's screens (test/operations/screens.graphql) run as an app sends them, over HTTP
 * and WebSocket, against a world with data in every part: none is refused by the operation
 * limits, and each shows what its screen needs (issue 15, item 3). The unit test beside it
 * (test/unit/screens.test.ts) measures them and the bombs that must still be refused.
 */
import { print, type DocumentNode } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import * as generated from '../generated/graphql.js';
import { foundCircle, joinCircle, writePost } from '../helpers/circles.js';
import { ok } from '../helpers/client.js';
import { connectThroughApi, sendOk } from '../helpers/conversations.js';
import { signUp, type Person } from '../helpers/people.js';
import { serverForTests } from '../helpers/server.js';
import { socketsPerTest } from '../helpers/subscriptions.js';

const test = serverForTests();
const sockets = socketsPerTest();
let viewer: Person;
let friend: Person;
let stranger: Person;
let slug: string;

beforeAll(async () => {
  [viewer, friend, stranger] = [await signUp(test.client, 'scrview'), await signUp(test.client, 'scrfriend'), await signUp(test.client, 'scrstranger')];
  slug = await foundCircle(test, friend, 'screens');
  await joinCircle(test, viewer, slug);
  await joinCircle(test, stranger, slug);
  for (const body of ['first tea of spring', 'a second brew']) await writePost(test, friend, slug, body);
  await writePost(test, stranger, slug, 'hello circle');
  await connectThroughApi(test.client, friend, viewer);
  await sendOk(test.client, friend, viewer, 'see you at the tea house');
  await ok(test.client.request(generated.TrustGiveDocument, { handle: viewer.handle, weight: 0.8 }, { token: friend.token }));
  // Notifications about a circle and a post: the owner makes the viewer a moderator, and removes a post of theirs.
  await ok(test.client.request(generated.SetMemberRoleDocument, { circleSlug: slug, handle: viewer.handle, role: 'MODERATOR' }, { token: friend.token }));
  const removed = await writePost(test, viewer, slug, 'off topic');
  await ok(test.client.request(generated.NotificationsRemovePostDocument, { id: removed.id, reason: 'off topic' }, { token: friend.token }));
});

/** Each screen with the variables a client would send. */
const SCREENS: Array<[string, DocumentNode, () => Record<string, unknown>]> = [
  ['my circles with their latest posts', generated.ScreenMyCirclesDocument, () => ({})],
  ['a profile', generated.ScreenProfileDocument, () => ({ handle: friend.handle })],
  ['the feed', generated.ScreenFeedDocument, () => ({})],
  ['the conversation list', generated.ScreenConversationsDocument, () => ({})],
  ['a conversation', generated.ScreenConversationDocument, () => ({ withHandle: friend.handle })],
  ['notifications', generated.ScreenNotificationsDocument, () => ({})],
  ['a circle page with members', generated.ScreenCircleDocument, () => ({ slug })],
  ['recommendations', generated.ScreenRecommendationsDocument, () => ({})],
];

describe('every screen runs within the limits, on HTTP and WebSocket', () => {
  it.each(SCREENS)('%s', async (_, document, variables) => {
    const payload = { query: print(document), variables: variables() };
    const http = await test.client.raw<Record<string, unknown>>(payload, { token: viewer.token });
    expect(http.errors, JSON.stringify(http.errors)).toBeUndefined();
    expect(http.status).toBe(200);
    const ws = await sockets.runOnce(test, { authorization: `Bearer ${viewer.token}` }, payload);
    expect(ws.errors ?? [], JSON.stringify(ws.errors)).toEqual([]);
    expect(ws.results[0]?.errors, JSON.stringify(ws.results[0]?.errors)).toBeUndefined();
    expect(ws.results[0]?.data).toEqual(http.data);
  });
});

describe('the screens show what they are for', () => {
  const run = async <T>(document: DocumentNode, variables: Record<string, unknown> = {}) =>
    (await ok(test.client.raw<T>({ query: print(document), variables }, { token: viewer.token }))) as T;

  it('my circles: each with its latest posts and who wrote them', async () => {
    const data = await run<generated.ScreenMyCirclesQuery>(generated.ScreenMyCirclesDocument);
    const circle = data.me!.circles.edges.find((edge) => edge.node.slug === slug)!.node;
    const posts = circle.posts.edges.map((edge) => [edge.node.body, edge.node.author.handle]);
    expect(posts).toEqual([
      ['hello circle', stranger.handle],
      ['a second brew', friend.handle],
      ['first tea of spring', friend.handle],
    ]);
  });

  it('a profile, a conversation, notifications and recommendations have their data', async () => {
    const profile = await run<generated.ScreenProfileQuery>(generated.ScreenProfileDocument, { handle: friend.handle });
    expect(profile.user!.icebreaker!.sharedCircles.map((c) => c.slug)).toEqual([slug]);
    const mine = await run<generated.ScreenProfileQuery>(generated.ScreenProfileDocument, { handle: viewer.handle });
    expect(mine.user!.trustsReceived!.edges.map((edge) => edge.node.from.handle)).toEqual([friend.handle]);
    const conversation = await run<generated.ScreenConversationQuery>(generated.ScreenConversationDocument, { withHandle: friend.handle });
    expect(conversation.conversation!.messages.edges.map((edge) => edge.node.body).at(-1)).toBe('see you at the tea house');
    const notifications = await run<generated.ScreenNotificationsQuery>(generated.ScreenNotificationsDocument);
    expect(notifications.notifications.edges.map((edge) => [edge.node.kind, edge.node.circle?.slug])).toEqual([
      ['POST_REMOVED', slug],
      ['ROLE_CHANGED', slug],
    ]);
    const recommendations = await run<generated.ScreenRecommendationsQuery>(generated.ScreenRecommendationsDocument);
    expect(recommendations.strangerRecommendations.edges.map((edge) => edge.node.user.handle)).toContain(stranger.handle);
  });
});
