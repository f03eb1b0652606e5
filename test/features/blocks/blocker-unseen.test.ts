/**
 * The block rule: to the person blocked, the blocker is indistinguishable from a handle
 * that does not exist — no profile, no member, no count, and every request naming them
 * answers exactly as for a handle nobody has. The blocker, who knows, still sees them.
 */
import { describe, expect, it } from 'vitest';
import {
  PrivBlockDocument,
  PrivMembershipsOfDocument,
  PrivPathDocument,
  PrivRequestDocument,
  PrivTrustDocument,
  PrivTrustOfDocument,
  PrivUserDocument,
} from '../../generated/graphql.js';
import { foundCircle, joinCircle } from '../../helpers/circles.js';
import { ok, type Result } from '../../helpers/client.js';
import { signUp, uniqueHandle, type Person } from '../../helpers/people.js';
import { setProfile } from '../../helpers/privacy.js';
import { serverForTests } from '../../helpers/server.js';

const test = serverForTests();

/** An answer with the handle asked about replaced, so two handles' answers compare. */
const answer = (result: Result<unknown>, handle: string) =>
  JSON.parse(JSON.stringify({ data: result.data ?? null, errors: result.errors ?? null }).replaceAll(handle, '<handle>'));

describe('to the person blocked, the blocker', () => {
  it('answers every request by handle exactly as a handle nobody has', async () => {
    const [blocker, blocked] = [await signUp(test.client, 'blocker'), await signUp(test.client, 'blocked')];
    await ok(test.client.request(PrivTrustDocument, { handle: blocker.handle, weight: 0.5 }, { token: blocked.token }));
    await ok(test.client.request(PrivBlockDocument, { handle: blocked.handle }, { token: blocker.token }));
    const nobody = uniqueHandle('nobody');

    const asks: Array<[string, (handle: string) => Promise<Result<unknown>>]> = [
      ['user', (handle) => test.client.request(PrivUserDocument, { handle }, { token: blocked.token })],
      ['sendConnectionRequest', (handle) => test.client.request(PrivRequestDocument, { handle, message: 'hello' }, { token: blocked.token })],
      ['trustUser', (handle) => test.client.request(PrivTrustDocument, { handle, weight: 0.3 }, { token: blocked.token })],
      ['blockUser', (handle) => test.client.request(PrivBlockDocument, { handle }, { token: blocked.token })],
      ['trustPath', (handle) => test.client.request(PrivPathDocument, { toHandle: handle }, { token: blocked.token })],
    ];
    for (const [name, ask] of asks) {
      expect(answer(await ask(blocker.handle), blocker.handle), name).toEqual(answer(await ask(nobody), nobody));
    }
    // The blocker knows of their block: the blocked person is still there to them.
    expect((await ok(test.client.request(PrivUserDocument, { handle: blocked.handle }, { token: blocker.token }))).user?.handle).toBe(blocked.handle);
  });

  it('is missing from member lists, counts and the vouches the blocked person gave, as if never there', async () => {
    const owner = await signUp(test.client, 'owner');
    const [blocker, blocked] = [await signUp(test.client, 'blocker'), await signUp(test.client, 'blocked')];
    const slug = await foundCircle(test, owner, 'blockcount');
    await joinCircle(test, blocker, slug);
    await joinCircle(test, blocked, slug);
    await ok(test.client.request(PrivTrustDocument, { handle: blocker.handle, weight: 0.8 }, { token: blocked.token }));
    await ok(test.client.request(PrivBlockDocument, { handle: blocked.handle }, { token: blocker.token }));

    const seen = await ok(test.client.request(PrivMembershipsOfDocument, { handle: owner.handle, slug }, { token: blocked.token }));
    expect(seen.circle!.members.edges.map((e) => e.node.user.handle).sort()).toEqual([blocked.handle, owner.handle].sort());
    expect(seen.circle!.memberCount).toBe(2);
    const mine = await ok(test.client.request(PrivTrustOfDocument, { handle: blocked.handle }, { token: blocked.token }));
    expect(mine.user!.trustsGiven!.edges).toEqual([]);
    expect(mine.user!.trustsGivenCount).toBe(0);
  });
});

describe('mutual trust through someone who blocked the viewer', () => {
  it('is not counted', async () => {
    const [viewer, goBetween, candidate] = [await signUp(test.client, 'viewer'), await signUp(test.client, 'between'), await signUp(test.client, 'cand')];
    await setProfile(test, goBetween, { vouchVisibility: 'PUBLIC' });
    await ok(test.client.request(PrivTrustDocument, { handle: goBetween.handle, weight: 1 }, { token: viewer.token }));
    await ok(test.client.request(PrivTrustDocument, { handle: candidate.handle, weight: 1 }, { token: goBetween.token }));
    const count = async (who: Person) =>
      (await ok(test.client.request(PrivTrustOfDocument, { handle: candidate.handle }, { token: who.token }))).user!.icebreaker!.mutualTrustCount;
    expect(await count(viewer)).toBe(1);
    await ok(test.client.request(PrivBlockDocument, { handle: viewer.handle }, { token: goBetween.token }));
    expect(await count(viewer)).toBe(0);
  });
});
