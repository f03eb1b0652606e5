/**
 * blockUser / unblockUser. A block ends pending requests (both ways) and a connection; from
 * then on the two never see each other in recommendations, feeds, trust paths, circle member
 * lists or subscriptions — checked on every surface, from both sides, through the API.
 * To the person blocked, the blocker is a handle nobody has: no profile, and every request
 * naming them fails exactly as for a handle nobody has (blocker-unseen.test.ts compares them
 * request by request).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BlocksBlockDocument,
  BlocksCircleInsideDocument,
  BlocksUnblockDocument,
  ConnIncomingDocument,
  ConnListDocument,
  ConnOutgoingDocument,
  ConnRespondDocument,
  ConnStatusOfDocument,
  ConnWatchRequestsDocument,
  FeedDocument,
  RecoIcebreakerDocument,
  RecoStrangersDocument,
  TrustGiveDocument,
  TrustMineDocument,
  TrustPathToDocument,
  WatchCircleActivityDocument,
  WatchPostAddedDocument,
  type ConnWatchRequestsSubscription,
  type WatchCircleActivitySubscription,
  type WatchPostAddedSubscription,
} from '../../generated/graphql.js';
import { foundCircle, joinCircle, writePost } from '../../helpers/circles.js';
import { errorCodes, ok } from '../../helpers/client.js';
import { requestConnection, signUpMany, uniqueHandle, type Person } from '../../helpers/people.js';
import { setProfile } from '../../helpers/privacy.js';
import { serverForTests } from '../../helpers/server.js';
import { collectUntil, socketsPerTest, subscribe, textOf, untilPostsLive, untilRequestsLive, type LiveSubscription } from '../../helpers/subscriptions.js';

const test = serverForTests();
const sockets = socketsPerTest();

// ---------------------------------------------------------------------------------------
// Helpers

const block = (blocker: Person, blocked: Person | string) =>
  test.client.request(BlocksBlockDocument, { handle: typeof blocked === 'string' ? blocked : blocked.handle }, { token: blocker.token });
const unblock = (blocker: Person, blocked: Person) =>
  test.client.request(BlocksUnblockDocument, { handle: blocked.handle }, { token: blocker.token });

async function circleWith(owner: Person, members: Person[]): Promise<string> {
  const slug = await foundCircle(test, owner, 'blocks');
  for (const member of members) await joinCircle(test, member, slug);
  return slug;
}

const sendRequest = (from: Person, to: Person, message = 'hello there', client = test.client) => requestConnection(client, from, to, message);

/**
 * Handles in the viewer's recommendations (everyone, up to 50; enough for these neighbourhoods,
 * and a page of them with every signal stays within the cost limit).
 */
async function recommended(viewer: Person): Promise<string[]> {
  const data = await ok(test.client.request(RecoStrangersDocument, { first: 50 }, { token: viewer.token }));
  return data.strangerRecommendations.edges.map((e) => e.node.user.handle);
}

async function feedAuthors(viewer: Person): Promise<string[]> {
  const data = await ok(test.client.request(FeedDocument, { first: 100 }, { token: viewer.token }));
  return data.feed.edges.map((e) => e.node.author.handle);
}

async function inside(viewer: Person, slug: string) {
  const data = await ok(test.client.request(BlocksCircleInsideDocument, { slug, first: 100 }, { token: viewer.token }));
  return {
    memberCount: data.circle!.memberCount,
    members: data.circle!.members.edges.map((e) => e.node.user.handle),
    postAuthors: data.circle!.posts.edges.map((e) => e.node.author.handle),
  };
}

async function trustPath(viewer: Person, to: Person): Promise<string[] | null> {
  const data = await ok(test.client.request(TrustPathToDocument, { toHandle: to.handle }, { token: viewer.token }));
  return data.trustPath?.map((u) => u.handle) ?? null;
}

/** The error codes of asking for a trust path (to someone who blocked you: as for a missing handle). */
async function trustPathCodes(viewer: Person, to: Person | string) {
  return errorCodes(await test.client.request(TrustPathToDocument, { toHandle: typeof to === 'string' ? to : to.handle }, { token: viewer.token }));
}

const vouchPublicly = (...people: Person[]) => Promise.all(people.map((person) => setProfile(test, person, { vouchVisibility: 'PUBLIC' })));

/** Null when there is none — or no one: to someone they blocked, a person is not there at all. */
async function icebreaker(viewer: Person, of: Person) {
  return (await ok(test.client.request(RecoIcebreakerDocument, { handle: of.handle }, { token: viewer.token }))).user?.icebreaker ?? null;
}

/** How the viewer stands with the person; null when, to the viewer, there is no such person. */
async function status(viewer: Person, of: Person) {
  return (await ok(test.client.request(ConnStatusOfDocument, { handle: of.handle }, { token: viewer.token }))).user?.connectionStatus ?? null;
}

/** Every relationship between exactly these two people, as the graph holds it. */
async function between(a: Person, b: Person) {
  return test.database.forRequest().read((q) =>
    q.rows<{ type: string; from: string; to: string }>(
      `MATCH (x:User)-[r]->(y:User) WHERE (x.id = $a AND y.id = $b) OR (x.id = $b AND y.id = $a)
       RETURN type(r) AS type, x.id AS from, y.id AS to ORDER BY type, from`,
      { a: a.id, b: b.id },
    ),
  );
}

// ---------------------------------------------------------------------------------------

describe('blockUser', () => {
  it('writes one BLOCKED edge; blocking again is harmless', async () => {
    const [a, b] = await signUpMany(test.client, 2, 'bk');
    expect((await ok(block(a, b))).blockUser).toBe(true);
    expect((await ok(block(a, b))).blockUser).toBe(true);
    expect(await between(a, b)).toEqual([{ type: 'BLOCKED', from: a.id, to: b.id }]);
  });

  it('ends pending requests in both directions', async () => {
    const [a, b, c] = await signUpMany(test.client, 3, 'bkr');
    await ok(sendRequest(a, b));
    await ok(sendRequest(c, a));
    expect(await between(a, b)).toEqual([{ type: 'REQUESTED', from: a.id, to: b.id }]);
    await ok(block(a, b)); // a's own request to b goes
    await ok(block(a, c)); // c's request to a goes
    expect(await between(a, b)).toEqual([{ type: 'BLOCKED', from: a.id, to: b.id }]);
    expect(await between(a, c)).toEqual([{ type: 'BLOCKED', from: a.id, to: c.id }]);
    for (const person of [a, b, c]) {
      const incoming = await ok(test.client.request(ConnIncomingDocument, { first: 100 }, { token: person.token }));
      const outgoing = await ok(test.client.request(ConnOutgoingDocument, { first: 100 }, { token: person.token }));
      expect(incoming.incomingConnectionRequests.edges).toEqual([]);
      expect(outgoing.outgoingConnectionRequests.edges).toEqual([]);
    }
  });

  it('ends a connection, whichever side made it, from either side', async () => {
    for (const blockerSide of ['requester', 'accepter'] as const) {
      const [a, b] = await signUpMany(test.client, 2, 'bkc');
      await ok(sendRequest(a, b));
      await ok(test.client.request(ConnRespondDocument, { fromHandle: a.handle, accept: true }, { token: b.token }));
      expect((await between(a, b)).map((r) => r.type)).toEqual(['CONNECTED']);
      const [blocker, blocked] = blockerSide === 'requester' ? [a, b] : [b, a];
      await ok(block(blocker, blocked));
      expect(await between(a, b)).toEqual([{ type: 'BLOCKED', from: blocker.id, to: blocked.id }]);
      for (const person of [a, b]) {
        const list = await ok(test.client.request(ConnListDocument, { first: 100 }, { token: person.token }));
        expect(list.connections.edges).toEqual([]);
      }
    }
  });

  it('refuses blocking yourself (BAD_USER_INPUT) or an unknown handle (NOT_FOUND), changing nothing', async () => {
    const [a, b] = await signUpMany(test.client, 2, 'bkb');
    await ok(sendRequest(a, b));
    const before = await between(a, b);
    const self = await block(a, a);
    expect(errorCodes(self)).toEqual(['BAD_USER_INPUT']);
    const unknown = await block(a, uniqueHandle('ghost'));
    expect(errorCodes(unknown)).toEqual(['NOT_FOUND']);
    const anonymous = await test.client.request(BlocksBlockDocument, { handle: b.handle });
    expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);
    expect(await between(a, b)).toEqual(before);
    const selfEdges = await test.database
      .forRequest()
      .read((q) => q.one<{ n: number }>('MATCH (u:User {id: $id})-[r:BLOCKED]-() RETURN count(r) AS n', { id: a.id }));
    expect(selfEdges!.n).toBe(0);
  });

  it('shows BLOCKED to the blocker; to the one blocked, the blocker is no one', async () => {
    const [a, b] = await signUpMany(test.client, 2, 'bks');
    await ok(block(a, b));
    expect(await status(a, b)).toBe('BLOCKED');
    expect(await status(b, a)).toBeNull();
  });
});

describe('unblockUser', () => {
  it('lifts the block (true), then has none to lift (false); only the blocker can lift it', async () => {
    const [a, b] = await signUpMany(test.client, 2, 'ub');
    await ok(block(a, b));
    // To b, a is a handle nobody has: nothing to unblock, and nothing changes.
    expect(errorCodes(await unblock(b, a))).toEqual(['NOT_FOUND']);
    expect(await between(a, b)).toEqual([{ type: 'BLOCKED', from: a.id, to: b.id }]);
    expect((await ok(unblock(a, b))).unblockUser).toBe(true);
    expect(await between(a, b)).toEqual([]);
    expect((await ok(unblock(a, b))).unblockUser).toBe(false);
    expect(await status(a, b)).toBe('NONE');
  });

  it('refuses an unknown handle with NOT_FOUND, changing nothing', async () => {
    const [a, b] = await signUpMany(test.client, 2, 'ubn');
    await ok(block(a, b));
    const result = await test.client.request(BlocksUnblockDocument, { handle: uniqueHandle('ghost') }, { token: a.token });
    expect(errorCodes(result)).toEqual(['NOT_FOUND']);
    expect(await between(a, b)).toEqual([{ type: 'BLOCKED', from: a.id, to: b.id }]);
  });
});

describe('a block hides the two from each other everywhere', () => {
  // blocker and blocked share a circle with a neutral owner; each trusts the other and a
  // third person through the other.
  let owner: Person;
  let blocker: Person;
  let blocked: Person;
  let beyondBlocked: Person;
  let beyondBlocker: Person;
  let slug: string;

  beforeAll(async () => {
    [owner, blocker, blocked, beyondBlocked, beyondBlocker] = await signUpMany(test.client, 5, 'bh');
    // Chains through the two are anyone's to find (vouch visibility is not what is tested here).
    await vouchPublicly(blocker!, blocked!);
    slug = await circleWith(owner!, [blocker!, blocked!]);
    await writePost(test, owner!, slug, 'owner post');
    await writePost(test, blocker!, slug, 'blocker post');
    await writePost(test, blocked!, slug, 'blocked post');
    for (const [from, to] of [
      [blocker, blocked],
      [blocked, blocker],
      [blocked, beyondBlocked],
      [blocker, beyondBlocker],
    ] as const) {
      await ok(test.client.request(TrustGiveDocument, { handle: to!.handle, weight: 0.8 }, { token: from!.token }));
    }
  });

  it('before the block, each sees the other on every surface', async () => {
    expect(await recommended(blocker)).toContain(blocked.handle);
    expect(await recommended(blocked)).toContain(blocker.handle);
    expect(await feedAuthors(blocker)).toContain(blocked.handle);
    expect(await feedAuthors(blocked)).toContain(blocker.handle);
    expect((await inside(blocker, slug)).members).toContain(blocked.handle);
    expect((await inside(blocked, slug)).members).toContain(blocker.handle);
    expect((await inside(blocker, slug)).postAuthors).toContain(blocked.handle);
    expect((await inside(blocked, slug)).postAuthors).toContain(blocker.handle);
    expect(await trustPath(blocker, blocked)).toEqual([blocker.handle, blocked.handle]);
    expect(await trustPath(blocked, blocker)).toEqual([blocked.handle, blocker.handle]);
    expect(await trustPath(blocker, beyondBlocked)).toEqual([blocker.handle, blocked.handle, beyondBlocked.handle]);
    expect(await trustPath(blocked, beyondBlocker)).toEqual([blocked.handle, blocker.handle, beyondBlocker.handle]);
    expect(await icebreaker(blocker, blocked)).not.toBeNull();
    expect(await icebreaker(blocked, blocker)).not.toBeNull();
  });

  describe('after blockUser', () => {
    beforeAll(async () => {
      await ok(block(blocker, blocked));
    });

    it('recommendations: neither is recommended to the other', async () => {
      expect(await recommended(blocker)).not.toContain(blocked.handle);
      expect(await recommended(blocked)).not.toContain(blocker.handle);
      // The neutral owner still is, to both; and still sees both.
      expect(await recommended(blocker)).toContain(owner.handle);
      expect(await recommended(blocked)).toContain(owner.handle);
      expect(await recommended(owner)).toEqual(expect.arrayContaining([blocker.handle, blocked.handle]));
    });

    it('feeds: neither sees the other\'s posts, in the feed or on the circle page', async () => {
      expect(await feedAuthors(blocker)).not.toContain(blocked.handle);
      expect(await feedAuthors(blocked)).not.toContain(blocker.handle);
      expect(await feedAuthors(blocker)).toContain(owner.handle);
      expect(await feedAuthors(blocked)).toContain(owner.handle);
      expect((await inside(blocker, slug)).postAuthors).not.toContain(blocked.handle);
      expect((await inside(blocked, slug)).postAuthors).not.toContain(blocker.handle);
      expect(await feedAuthors(owner)).toEqual(expect.arrayContaining([blocker.handle, blocked.handle]));
    });

    it('new posts after the block stay hidden too', async () => {
      const fromBlocked = await writePost(test, blocked, slug, 'written after the block');
      const fromBlocker = await writePost(test, blocker, slug, 'blocker writes after the block');
      const blockerFeed = await ok(test.client.request(FeedDocument, { first: 100 }, { token: blocker.token }));
      const blockedFeed = await ok(test.client.request(FeedDocument, { first: 100 }, { token: blocked.token }));
      expect(blockerFeed.feed.edges.map((e) => e.node.id)).not.toContain(fromBlocked.id);
      expect(blockedFeed.feed.edges.map((e) => e.node.id)).not.toContain(fromBlocker.id);
    });

    it('circle member lists: neither is listed to the other', async () => {
      const seenByBlocker = await inside(blocker, slug);
      const seenByBlocked = await inside(blocked, slug);
      expect(seenByBlocker.members).not.toContain(blocked.handle);
      expect(seenByBlocked.members).not.toContain(blocker.handle);
      expect(seenByBlocker.members).toEqual(expect.arrayContaining([owner.handle, blocker.handle]));
      expect(seenByBlocked.members).toEqual(expect.arrayContaining([owner.handle, blocked.handle]));
      expect((await inside(owner, slug)).members).toEqual(expect.arrayContaining([blocker.handle, blocked.handle]));
    });

    it('circle member counts do not give the hidden member away', async () => {
      // A count larger than the list tells the person blocked that someone hidden from them
      // is in the circle (in a small circle: who). Each viewer's count should match their list.
      for (const viewer of [blocker, blocked, owner]) {
        const seen = await inside(viewer, slug);
        expect(seen.memberCount, `${viewer.handle}: ${JSON.stringify(seen.members)}`).toBe(seen.members.length);
      }
    });

    it('trust paths: none between them, and none through either, both ways', async () => {
      expect(await trustPath(blocker, blocked)).toBeNull();
      // To the one blocked, the blocker is a handle nobody has.
      expect(await trustPathCodes(blocked, blocker)).toEqual(await trustPathCodes(blocked, uniqueHandle('ghost')));
      expect(await trustPath(blocker, beyondBlocked)).toBeNull();
      expect(await trustPath(blocked, beyondBlocker)).toBeNull();
      // Others' chains through them are untouched.
      expect(await trustPath(blocker, beyondBlocker)).toEqual([blocker.handle, beyondBlocker.handle]);
    });

    it('icebreakers: null both ways', async () => {
      expect(await icebreaker(blocker, blocked)).toBeNull();
      expect(await icebreaker(blocked, blocker)).toBeNull();
      expect(await icebreaker(owner, blocked)).not.toBeNull();
    });

    it('connection requests: refused both ways, creating nothing', async () => {
      expect(errorCodes(await sendRequest(blocker, blocked))).toEqual(['CONFLICT']);
      expect(errorCodes(await sendRequest(blocked, blocker))).toEqual(['NOT_FOUND']);
      expect((await between(blocker, blocked)).filter((r) => r.type !== 'TRUSTS')).toEqual([
        { type: 'BLOCKED', from: blocker.id, to: blocked.id },
      ]);
    });
  });
});

describe('mutual trust is a two-hop trust path: it never runs through a block either', () => {
  it.each(['the go-between blocks the viewer', 'the viewer blocks the go-between'])(
    '%s: the go-between no longer counts in icebreakers or recommendations',
    async (how) => {
      const [viewer, goBetween, stranger, owner] = await signUpMany(test.client, 4, 'bm');
      await vouchPublicly(goBetween!);
      const slug = await circleWith(owner!, [viewer!, stranger!]);
      await ok(test.client.request(TrustGiveDocument, { handle: goBetween!.handle, weight: 0.9 }, { token: viewer!.token }));
      await ok(test.client.request(TrustGiveDocument, { handle: stranger!.handle, weight: 0.9 }, { token: goBetween!.token }));
      const mutual = async () => {
        const ice = (await icebreaker(viewer!, stranger!))!.mutualTrustCount;
        const data = await ok(test.client.request(RecoStrangersDocument, { first: 50 }, { token: viewer!.token }));
        const rec = data.strangerRecommendations.edges.find((e) => e.node.user.handle === stranger!.handle)!.node.mutualTrustCount;
        return { ice, rec };
      };
      expect(slug).toBeTruthy();
      expect(await mutual()).toEqual({ ice: 1, rec: 1 });
      // The trust path through the go-between is gone at once...
      if (how === 'the go-between blocks the viewer') await ok(block(goBetween!, viewer!));
      else await ok(block(viewer!, goBetween!));
      expect(await trustPath(viewer!, stranger!)).toBeNull();
      // ...and so must the count of the same two-hop paths.
      expect(await mutual()).toEqual({ ice: 0, rec: 0 });
    },
  );
});

describe('trust counts and lists do not give a block away', () => {
  it('the person blocked sees counts that agree with their own lists', async () => {
    const [blocker, blocked, other] = await signUpMany(test.client, 3, 'btc');
    await ok(test.client.request(TrustGiveDocument, { handle: blocked!.handle, weight: 0.5 }, { token: blocker!.token }));
    await ok(test.client.request(TrustGiveDocument, { handle: blocked!.handle, weight: 0.5 }, { token: other!.token }));
    await ok(test.client.request(TrustGiveDocument, { handle: blocker!.handle, weight: 0.5 }, { token: blocked!.token }));
    const mine = async () => {
      const data = await ok(test.client.request(TrustMineDocument, { first: 100 }, { token: blocked!.token }));
      const me = data.me!;
      return {
        givenCount: me.trustsGivenCount,
        givenListed: me.trustsGiven!.edges.length,
        receivedCount: me.trustsReceivedCount,
        receivedListed: me.trustsReceived!.edges.length,
      };
    };
    expect(await mine()).toEqual({ givenCount: 1, givenListed: 1, receivedCount: 2, receivedListed: 2 });
    await ok(block(blocker!, blocked!));
    const after = await mine();
    // Whatever the server chooses to count, a count larger than the list tells the person
    // blocked that someone hidden from them trusts them: the block shows.
    expect(after.receivedCount, JSON.stringify(after)).toBe(after.receivedListed);
    expect(after.givenCount, JSON.stringify(after)).toBe(after.givenListed);
  });
});

describe('a block made while both are watching live (graphql-ws)', () => {
  type Event = WatchPostAddedSubscription | WatchCircleActivitySubscription;

  /** Every event (warm-ups skipped) up to and including the marker post. */
  const untilMarker = (sub: LiveSubscription<Event>, marker: string) => collectUntil(sub, (event) => textOf(event) === marker);

  const actorOf = (event: Event) =>
    'postAdded' in event ? event.postAdded.author.handle : event.circleActivity.actor.handle;

  it('postAdded and circleActivity stop showing each one to the other from the moment of the block', async () => {
    const [owner, a, b, latecomer] = await signUpMany(test.client, 4, 'bl');
    const slug = await circleWith(owner!, [a!, b!]);
    const aPosts = subscribe(sockets.connect(test, a!.token), WatchPostAddedDocument, { circleSlug: slug });
    const bPosts = subscribe(sockets.connect(test, b!.token), WatchPostAddedDocument, { circleSlug: slug });
    const aActivity = subscribe(sockets.connect(test, a!.token), WatchCircleActivityDocument, { circleSlug: slug });
    const bActivity = subscribe(sockets.connect(test, b!.token), WatchCircleActivityDocument, { circleSlug: slug });
    const ownerPosts = subscribe(sockets.connect(test, owner!.token), WatchPostAddedDocument, { circleSlug: slug });
    await untilPostsLive(test, [aPosts, bPosts, aActivity, bActivity, ownerPosts], owner!, slug);

    // Before: each sees the other's post.
    await writePost(test, b!, slug, 'b before');
    await writePost(test, a!, slug, 'a before');
    await writePost(test, owner!, slug, 'marker 1');
    expect((await untilMarker(aPosts, 'marker 1')).map(textOf)).toEqual(['b before', 'a before', 'marker 1']);
    expect((await untilMarker(bPosts, 'marker 1')).map(textOf)).toEqual(['b before', 'a before', 'marker 1']);
    await untilMarker(aActivity, 'marker 1');
    await untilMarker(bActivity, 'marker 1');
    await untilMarker(ownerPosts, 'marker 1');

    await ok(block(a!, b!));

    // After: b's post and a's post and b's joining... none reaches the other.
    await writePost(test, b!, slug, 'b after');
    await writePost(test, a!, slug, 'a after');
    await joinCircle(test, latecomer!, slug);
    await writePost(test, owner!, slug, 'marker 2');

    const aSaw = await untilMarker(aPosts, 'marker 2');
    const bSaw = await untilMarker(bPosts, 'marker 2');
    expect(aSaw.map(textOf)).toEqual(['a after', 'marker 2']);
    expect(bSaw.map(textOf)).toEqual(['b after', 'marker 2']);
    const aActs = await untilMarker(aActivity, 'marker 2');
    const bActs = await untilMarker(bActivity, 'marker 2');
    expect(aActs.map(actorOf)).not.toContain(b!.handle);
    expect(bActs.map(actorOf)).not.toContain(a!.handle);
    // Others' activity still arrives (the latecomer joined).
    expect(aActs.map(actorOf)).toContain(latecomer!.handle);
    expect(bActs.map(actorOf)).toContain(latecomer!.handle);
    // The neutral owner sees both.
    expect((await untilMarker(ownerPosts, 'marker 2')).map(textOf)).toEqual(['b after', 'a after', 'marker 2']);
  });

  it('connectionRequestReceived: nothing passes between them either way after the block', async () => {
    const [a, b, c] = await signUpMany(test.client, 3, 'blr');
    const aLive = subscribe(sockets.connect(test, a!.token), ConnWatchRequestsDocument, {});
    const bLive = subscribe(sockets.connect(test, b!.token), ConnWatchRequestsDocument, {});
    await untilRequestsLive(test, aLive, a!);
    await untilRequestsLive(test, bLive, b!);
    /** Who asked what, warm-ups skipped, up to and including `marker`. */
    const drain = async (sub: LiveSubscription<ConnWatchRequestsSubscription>, marker: string) =>
      (await collectUntil(sub, (event) => event.connectionRequestReceived.message === marker)).map(
        ({ connectionRequestReceived: { from, message } }) => `${from.handle}: ${message}`,
      );

    await ok(block(a!, b!));
    expect(errorCodes(await sendRequest(b!, a!, 'b to a'))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await sendRequest(a!, b!, 'a to b'))).toEqual(['CONFLICT']);
    await ok(sendRequest(c!, a!, 'marker'));
    await ok(sendRequest(c!, b!, 'marker'));
    expect(await drain(aLive, 'marker')).toEqual([`${c!.handle}: marker`]);
    expect(await drain(bLive, 'marker')).toEqual([`${c!.handle}: marker`]);
  });
});

describe('after unblockUser', () => {
  it('they see each other again, as strangers (the ended connection is not restored)', async () => {
    const [owner, a, b] = await signUpMany(test.client, 3, 'ubs');
    const slug = await circleWith(owner!, [a!, b!]);
    await writePost(test, b!, slug, 'b writes');
    await ok(sendRequest(a!, b!));
    await ok(test.client.request(ConnRespondDocument, { fromHandle: a!.handle, accept: true }, { token: b!.token }));
    await ok(block(a!, b!));
    expect(await feedAuthors(a!)).not.toContain(b!.handle);
    expect((await ok(unblock(a!, b!))).unblockUser).toBe(true);
    expect(await feedAuthors(a!)).toContain(b!.handle);
    expect((await inside(a!, slug)).members).toContain(b!.handle);
    expect(await recommended(a!)).toContain(b!.handle);
    expect(await recommended(b!)).toContain(a!.handle);
    expect(await status(a!, b!)).toBe('NONE');
    expect(await between(a!, b!)).toEqual([]);
  });
});

describe('requesting someone who blocked you reveals nothing', () => {
  it('fails exactly as it does for a handle nobody has, and creates nothing', async () => {
    const [recipient, sender] = await signUpMany(test.client, 2, 'bf');
    await ok(block(recipient!, sender!));
    const whileBlocked = await sendRequest(sender!, recipient!, 'hello');
    const ghost = uniqueHandle('ghost');
    const toNobody = await requestConnection(test.client, sender!, ghost, 'hello');
    const strip = (result: typeof whileBlocked, handle: string) =>
      result.errors!.map(({ message, extensions }) => ({ message: message.replaceAll(handle, '<handle>'), extensions }));
    expect(strip(whileBlocked, recipient!.handle)).toEqual(strip(toNobody, ghost));
    expect(whileBlocked.data ?? null).toEqual(toNobody.data ?? null);
    expect(whileBlocked.errors![0]!.message).not.toMatch(/block/i);
    expect(await between(sender!, recipient!)).toEqual([{ type: 'BLOCKED', from: recipient!.id, to: sender!.id }]);
  });
});
