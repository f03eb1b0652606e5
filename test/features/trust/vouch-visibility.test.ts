/**
 * Who sees a vouch is the giver's choice (vouchVisibility), and every surface that walks
 * vouches — the lists, their counts, trustPath, mutual trust — shows no more than that.
 * Vouching for someone once used to let you rebuild their private vouches through trustPath.
 */
import { describe, expect, it } from 'vitest';
import { BlocksBlockDocument, PrivPathDocument, PrivTrustDocument, PrivTrustOfDocument } from '../../generated/graphql.js';
import { ok } from '../../helpers/client.js';
import { connect, signUp, type Person } from '../../helpers/people.js';
import { setProfile } from '../../helpers/privacy.js';
import { serverForTests } from '../../helpers/server.js';

const test = serverForTests();

const vouch = (giver: Person, receiver: Person) => ok(test.client.request(PrivTrustDocument, { handle: receiver.handle, weight: 0.9 }, { token: giver.token }));
const path = async (viewer: Person, to: Person) =>
  (await ok(test.client.request(PrivPathDocument, { toHandle: to.handle, maxHops: 2 }, { token: viewer.token }))).trustPath?.map((u) => u.handle) ?? null;

/** What the viewer sees of the person's vouches; the given list's kept `totalCount` must agree with the list and `trustsGivenCount` on the way. */
async function trustOf(viewer: Person, person: Person) {
  const user = (await ok(test.client.request(PrivTrustOfDocument, { handle: person.handle }, { token: viewer.token }))).user!;
  expect([user.trustsGiven!.totalCount, user.trustsGivenCount], 'trustsGiven.totalCount and trustsGivenCount against the list').toEqual([
    user.trustsGiven!.edges.length,
    user.trustsGiven!.edges.length,
  ]);
  return {
    given: user.trustsGiven!.edges.map((e) => e.node.to.handle),
    received: user.trustsReceived!.edges.map((e) => e.node.from.handle),
    givenCount: user.trustsGivenCount,
    receivedCount: user.trustsReceivedCount,
    mutual: user.icebreaker?.mutualTrustCount ?? null,
  };
}

/** The viewer vouches for `giver`, who vouches for two others; nobody else is involved. */
async function neighbourhood() {
  const [viewer, giver, first, second] = await Promise.all(['viewer', 'giver', 'first', 'second'].map((p) => signUp(test.client, p)));
  await vouch(viewer!, giver!);
  await vouch(giver!, first!);
  await vouch(giver!, second!);
  return { viewer: viewer!, giver: giver!, first: first!, second: second! };
}

describe('a vouch hidden by its giver', () => {
  it('shows in no list, count, path or mutual trust of a stranger (new accounts: CONNECTIONS_ONLY)', async () => {
    const { viewer, giver, first, second } = await neighbourhood();
    expect(await path(viewer, first)).toBeNull();
    expect(await path(viewer, second)).toBeNull();
    expect(await trustOf(viewer, giver)).toMatchObject({ given: [], givenCount: 0 });
    expect(await trustOf(viewer, first)).toMatchObject({ received: [], receivedCount: 0, mutual: 0 });
    // Its two ends see it.
    expect((await trustOf(first, first)).received).toEqual([giver.handle]);
    expect((await trustOf(giver, giver)).given.sort()).toEqual([first.handle, second.handle].sort());
  });

  it("shows to the giver's connections under CONNECTIONS_ONLY, and to nobody else under PRIVATE", async () => {
    const { viewer, giver, first } = await neighbourhood();
    await connect(test.database, viewer, giver);
    expect(await path(viewer, first)).toEqual([viewer.handle, giver.handle, first.handle]);
    expect(await trustOf(viewer, first)).toMatchObject({ received: [giver.handle], receivedCount: 1, mutual: 1 });
    await setProfile(test, giver, { vouchVisibility: 'PRIVATE' });
    expect(await path(viewer, first)).toBeNull();
    expect(await trustOf(viewer, first)).toMatchObject({ received: [], receivedCount: 0, mutual: 0 });
  });
});

describe('a public vouch', () => {
  it('shows on every surface, to anyone signed in', async () => {
    const { viewer, giver, first, second } = await neighbourhood();
    await setProfile(test, giver, { vouchVisibility: 'PUBLIC' });
    expect(await path(viewer, second)).toEqual([viewer.handle, giver.handle, second.handle]);
    const seen = await trustOf(viewer, giver);
    expect(seen.given.sort()).toEqual([first.handle, second.handle].sort());
    expect(seen.givenCount).toBe(2);
    expect((await trustOf(viewer, first)).mutual).toBe(1);
  });
});

describe("the count of a person's vouches (trustsGiven.totalCount, trustsGivenCount), from the graph's degree", () => {
  it('counts 20 vouches given at once; under a hiding choice shows a receiver only their own', async () => {
    const [giver, ...receivers] = await Promise.all(Array.from({ length: 21 }, (_, i) => signUp(test.client, `vcount${i}`)));
    await Promise.all(receivers.map((receiver) => vouch(giver!, receiver!)));
    expect((await trustOf(giver!, giver!)).givenCount).toBe(20);
    // New accounts choose CONNECTIONS_ONLY: a receiver who is not connected sees their own vouch alone.
    expect(await trustOf(receivers[0]!, giver!)).toMatchObject({ given: [receivers[0]!.handle], givenCount: 1 });
    await setProfile(test, giver!, { vouchVisibility: 'PUBLIC' });
    expect((await trustOf(receivers[0]!, giver!)).givenCount).toBe(20);
  });

  it('leaves out vouches for people a block hides from the viewer, either way round', async () => {
    const { viewer, giver, first, second } = await neighbourhood();
    const third = await signUp(test.client, 'third');
    await vouch(giver, third);
    await setProfile(test, giver, { vouchVisibility: 'PUBLIC' });
    expect((await trustOf(viewer, giver)).givenCount).toBe(3);
    await ok(test.client.request(BlocksBlockDocument, { handle: first.handle }, { token: viewer.token }));
    await ok(test.client.request(BlocksBlockDocument, { handle: viewer.handle }, { token: second.token }));
    expect(await trustOf(viewer, giver)).toMatchObject({ given: [third.handle], givenCount: 1 });
    // Others still see all three.
    expect((await trustOf(third, giver)).givenCount).toBe(3);
  });
});
