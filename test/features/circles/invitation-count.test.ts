/**
 * Circle.invitations.totalCount: the circle's INVITED_TO degree, less the invitations a block
 * between invitee and inviter voids (a count the circle keeps), less those naming someone a
 * block hides from the viewer. Through the API it must equal the list the same viewer reads,
 * after invitations sent all at once, answered, withdrawn, voided and revived by blocks each
 * way, and gone with an account; and the kept count must equal one counted from scratch,
 * also after 20 blocks, unblocks, answers and withdrawals race each other.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../src/db/migrations.js';
import {
  AcctDeleteMyAccountDocument,
  BlocksBlockDocument,
  BlocksUnblockDocument,
  CircleInvitationsTotalDocument,
  InviteToCircleDocument,
  RespondToCircleInvitationDocument,
  SetMemberRoleDocument,
  WithdrawCircleInvitationDocument,
} from '../../generated/graphql.js';
import { foundCircle } from '../../helpers/circles.js';
import { ok } from '../../helpers/client.js';
import { PASSWORD, signUpMany, type Person } from '../../helpers/people.js';
import { serverForTests } from '../../helpers/server.js';

const test = serverForTests();

let owner: Person;
let moderator: Person;
let slug: string;

const invite = async (actor: Person, invitee: Person) =>
  (await ok(test.client.request(InviteToCircleDocument, { circleSlug: slug, handle: invitee.handle }, { token: actor.token }))).inviteToCircle.id;
const block = (by: Person, whom: Person) => ok(test.client.request(BlocksBlockDocument, { handle: whom.handle }, { token: by.token }));
const unblock = (by: Person, whom: Person) => ok(test.client.request(BlocksUnblockDocument, { handle: whom.handle }, { token: by.token }));
const respond = (person: Person, accept: boolean) =>
  ok(test.client.request(RespondToCircleInvitationDocument, { circleSlug: slug, accept }, { token: person.token }));
const withdraw = (actor: Person, id: string) => ok(test.client.request(WithdrawCircleInvitationDocument, { id }, { token: actor.token }));

/** The count must be the list, for this viewer; returns it. */
async function countAsListed(viewer: Person): Promise<number> {
  const { circle } = await ok(test.client.request(CircleInvitationsTotalDocument, { slug }, { token: viewer.token }));
  const invitations = circle!.invitations!;
  expect(invitations.totalCount, `${viewer.handle}: totalCount against the list`).toBe(invitations.edges.length);
  return invitations.totalCount;
}

/** The circle's kept count of voided invitations, and the same counted from scratch (as migration 25 does). */
async function voided(): Promise<{ kept: number; counted: number }> {
  const row = await test.database.forRequest().read((q) =>
    q.one<{ kept: number; counted: number }>(
      `MATCH (c:Circle {slug: $slug})
       RETURN coalesce(c.voidedInvitations, 0) AS kept,
              COUNT { MATCH (u:User)-[i:INVITED_TO]->(c) WHERE EXISTS { (u)-[:BLOCKED]-(:User {id: i.byId}) } } AS counted`,
      { slug },
    ),
  );
  return row!;
}

async function expectKeptIsCounted(expected: number) {
  expect(await voided()).toEqual({ kept: expected, counted: expected });
}

/** A fresh invite-only circle for each test, with an owner and a moderator. */
beforeEach(async () => {
  [owner, moderator] = await signUpMany(test.client, 2, 'icm');
  slug = await foundCircle(test, owner!, 'invitecount', { joinPolicy: 'INVITE_ONLY' });
  await invite(owner!, moderator!);
  await respond(moderator!, true);
  await ok(test.client.request(SetMemberRoleDocument, { circleSlug: slug, handle: moderator!.handle, role: 'MODERATOR' }, { token: owner.token }));
});

describe("a circle's pending invitations: totalCount", () => {
  it('counts invitations sent all at once, and loses those accepted, declined, withdrawn or gone with the invitee', async () => {
    const invitees = await signUpMany(test.client, 20, 'ici');
    const ids = await Promise.all(invitees.map((invitee, i) => invite(i % 2 ? owner : moderator, invitee)));
    expect(await countAsListed(owner)).toBe(20);
    expect(await countAsListed(moderator)).toBe(20);

    await respond(invitees[0]!, true);
    await respond(invitees[1]!, false);
    await withdraw(owner, ids[2]!);
    await ok(test.client.request(AcctDeleteMyAccountDocument, { password: PASSWORD }, { token: invitees[3]!.token }));
    expect(await countAsListed(owner)).toBe(16);
    await expectKeptIsCounted(0);
  }, 120_000);

  it('leaves out an invitation while a block stands between invitee and inviter, whichever way, blocked twice or not, for every viewer', async () => {
    const [alice, bob] = (await signUpMany(test.client, 2, 'icb')) as [Person, Person];
    await invite(owner, alice);
    await invite(moderator, bob);
    expect(await countAsListed(owner)).toBe(2);

    // The invitee blocks the inviter.
    await block(alice, owner);
    await expectKeptIsCounted(1);
    expect(await countAsListed(moderator)).toBe(1);
    await unblock(alice, owner);
    await expectKeptIsCounted(0);
    expect(await countAsListed(moderator)).toBe(2);

    // The inviter blocks the invitee, twice: voided once.
    await block(owner, alice);
    await block(owner, alice);
    await expectKeptIsCounted(1);
    expect(await countAsListed(moderator)).toBe(1);
    await unblock(owner, alice);
    await unblock(owner, alice);
    await expectKeptIsCounted(0);
    expect(await countAsListed(moderator)).toBe(2);

    await block(moderator, bob);
    await expectKeptIsCounted(1);
    expect(await countAsListed(owner)).toBe(1);
    expect(await countAsListed(moderator)).toBe(1);
  });

  it('leaves out, for a viewer, invitations naming someone a block hides from them, as invitee or as inviter, subtracting a voided one once', async () => {
    const [secondModerator, alice, bob, carol] = (await signUpMany(test.client, 4, 'ich')) as [Person, Person, Person, Person];
    await invite(owner, secondModerator);
    await respond(secondModerator, true);
    await ok(test.client.request(SetMemberRoleDocument, { circleSlug: slug, handle: secondModerator.handle, role: 'MODERATOR' }, { token: owner.token }));
    await invite(owner, alice);
    await invite(secondModerator, bob);
    await invite(secondModerator, carol);
    expect(await countAsListed(moderator)).toBe(3);

    // The inviter hidden: both of their invitations go from this viewer's count alone.
    await block(moderator, secondModerator);
    expect(await countAsListed(moderator)).toBe(1);
    expect(await countAsListed(owner)).toBe(3);

    // Voided and hidden at once: counted out once.
    await block(alice, owner);
    await block(moderator, alice);
    expect(await countAsListed(moderator)).toBe(0);
    expect(await countAsListed(owner)).toBe(2);
    await unblock(moderator, secondModerator);
    expect(await countAsListed(moderator)).toBe(2);
  });

  it('drops a voided invitation withdrawn, or gone with its invitee, from the kept count', async () => {
    const [alice, bob, carol] = (await signUpMany(test.client, 3, 'icw')) as [Person, Person, Person];
    const aliceInvitation = await invite(moderator, alice);
    await invite(moderator, bob);
    await invite(owner, carol);
    await block(alice, moderator);
    await block(bob, moderator);
    await expectKeptIsCounted(2);

    // The owner sees both voided invitations' people, so may withdraw one.
    await withdraw(owner, aliceInvitation);
    await expectKeptIsCounted(1);
    await ok(test.client.request(AcctDeleteMyAccountDocument, { password: PASSWORD }, { token: bob.token }));
    await expectKeptIsCounted(0);
    expect(await countAsListed(owner)).toBe(1);
    expect(await countAsListed(moderator)).toBe(1);
  });

  it('stays exact while 20 blocks, unblocks, answers, withdrawals and invitations race each other', async () => {
    const invitees = await signUpMany(test.client, 20, 'icr');
    const ids = await Promise.all(invitees.slice(0, 15).map((invitee) => invite(moderator, invitee)));
    await Promise.all(invitees.slice(10, 15).map((invitee) => block(invitee, moderator)));
    await expectKeptIsCounted(5);

    await Promise.all([
      ...invitees.slice(0, 5).map((invitee) => block(invitee, moderator)),
      ...invitees.slice(10, 13).map((invitee) => unblock(invitee, moderator)),
      ...ids.slice(5, 8).map((id) => withdraw(owner, id)),
      ...invitees.slice(8, 10).map((invitee, i) => respond(invitee, i === 0)),
      ...ids.slice(13, 15).map((id) => withdraw(owner, id)),
      ...invitees.slice(15, 20).map((invitee) => invite(moderator, invitee)),
    ]);
    // Voided: 0–4 (blocked now); 13, 14 were withdrawn while voided; 10–12 revived.
    await expectKeptIsCounted(5);
    // 20 sent, 5 withdrawn and 2 answered, 5 voided.
    expect(await countAsListed(owner)).toBe(20 - 7 - 5);
  }, 120_000);
});

describe('kept counts of voided invitations on graphs from before them (migration 25)', () => {
  it('counts each circle’s voided invitations once, as its totalCount then says', async () => {
    const [alice, bob] = (await signUpMany(test.client, 2, 'icm')) as [Person, Person];
    await invite(owner, alice);
    await invite(owner, bob);
    await block(alice, owner);
    // As a graph from before the count holds it: none kept.
    await test.database.forRequest().write((q) => q.rows('MATCH (c:Circle {slug: $slug}) REMOVE c.voidedInvitations', { slug }));
    expect(await voided()).toEqual({ kept: 0, counted: 1 });

    for (const statement of MIGRATIONS.find((migration) => migration.version === 25)!.statements) await test.database.autoCommit(statement.cypher, statement.params);
    await expectKeptIsCounted(1);
    expect(await countAsListed(moderator)).toBe(1);
  });
});
