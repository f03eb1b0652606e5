/**
 * Disclosure by consent: membership of a credit-gated circle tells everyone who can see it
 * "this person's score is at least the gate", so joining or founding one needs
 * acknowledgeDisclosure. Without it: DISCLOSURE_REQUIRED, and nothing changes.
 */
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../src/db/migrations.js';
import { PrivFoundDocument, PrivJoinDocument, PrivMembershipsOfDocument, PrivMyDisclosuresDocument } from '../../generated/graphql.js';
import { foundCircle } from '../../helpers/circles.js';
import { ok } from '../../helpers/client.js';
import { signUp, type Person } from '../../helpers/people.js';
import { scoredPerson } from '../../helpers/privacy.js';
import { serverForTests } from '../../helpers/server.js';
import { tag } from '../../helpers/util.js';

const test = serverForTests();

const join = (person: Person, slug: string, acknowledgeDisclosure?: boolean) =>
  test.client.request(PrivJoinDocument, { slug, acknowledgeDisclosure }, { token: person.token });

/** What a stranger sees of `person`'s memberships and of the circle. */
async function seenByStranger(stranger: Person, person: Person, slug: string) {
  const data = await ok(test.client.request(PrivMembershipsOfDocument, { handle: person.handle, slug }, { token: stranger.token }));
  return {
    theirCircles: data.user!.circles.edges.map((e) => e.node.slug),
    members: data.circle!.members.edges.map((e) => e.node.user.handle),
    memberCount: data.circle!.memberCount,
    theirDisclosures: data.user!.disclosures,
  };
}

async function gatedCircle(minCreditScore = 700, membersOnly = false): Promise<{ owner: Person; slug: string }> {
  const owner = await scoredPerson(test, 'gate_owner', 800);
  const slug = await foundCircle(test, owner, 'gated', { minCreditScore, membersOnly, acknowledgeDisclosure: true });
  return { owner, slug };
}

describe('joining a credit-gated circle', () => {
  it('without consent is DISCLOSURE_REQUIRED, saying what is revealed and to whom, and changes nothing', async () => {
    const { slug } = await gatedCircle(700);
    const privatePerson = await scoredPerson(test, 'private', 720, { scoreVisibility: 'PRIVATE' });
    const stranger = await signUp(test.client, 'stranger');
    const before = await seenByStranger(stranger, privatePerson, slug);

    for (const acknowledgeDisclosure of [undefined, false]) {
      const refused = await join(privatePerson, slug, acknowledgeDisclosure);
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'DISCLOSURE_REQUIRED', field: 'acknowledgeDisclosure' });
      expect(refused.errors?.[0]?.message).toMatch(/every signed-in person .* your credit score is at least 700/);
    }
    expect(await seenByStranger(stranger, privatePerson, slug)).toEqual(before);
    expect(before.theirCircles).not.toContain(slug);
  });

  it('with consent shows the membership, and the member alone can list what it discloses', async () => {
    const { slug } = await gatedCircle(650);
    const member = await scoredPerson(test, 'consents', 700, { scoreVisibility: 'PRIVATE' });
    const joined = await ok(join(member, slug, true));
    expect(joined.joinCircle.viewerRole).toBe('MEMBER');

    const mine = await ok(test.client.request(PrivMyDisclosuresDocument, {}, { token: member.token }));
    expect(mine.me!.disclosures).toEqual([
      { circle: { slug }, minCreditScore: 650, audience: expect.stringMatching(/^every signed-in person/), acknowledgedAt: expect.any(String) },
    ]);
    const stranger = await signUp(test.client, 'stranger');
    expect((await ok(test.client.request(PrivMembershipsOfDocument, { handle: member.handle, slug }, { token: stranger.token }))).user!.disclosures).toBeNull();
  });

  it('is not asked of circles without a credit gate, nor of people the gates refuse', async () => {
    const owner = await signUp(test.client, 'open_owner');
    const open = await foundCircle(test, owner, 'open');
    const person = await signUp(test.client, 'joiner');
    expect((await ok(join(person, open))).joinCircle.viewerRole).toBe('MEMBER');

    const { slug } = await gatedCircle(700);
    const low = await scoredPerson(test, 'low', 560);
    expect((await join(low, slug)).errors?.[0]?.extensions?.code).toBe('CREDIT_TOO_LOW');
  });
});

describe('founding a credit-gated circle', () => {
  it('without consent is DISCLOSURE_REQUIRED and creates nothing; with it, the founder owns it', async () => {
    const founder = await scoredPerson(test, 'founder', 760, { scoreVisibility: 'PRIVATE' });
    const slug = `founded-${tag()}`;
    const input = { slug, name: `Founded ${slug}`, interestSlugs: ['tea-culture'], minCreditScore: 700 };
    const refused = await test.client.request(PrivFoundDocument, { input }, { token: founder.token });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'DISCLOSURE_REQUIRED', field: 'acknowledgeDisclosure' });
    expect(refused.errors?.[0]?.message).toMatch(/^Founding .* your credit score is at least 700/);
    const stranger = await signUp(test.client, 'stranger');
    const lookup = await test.client.request(PrivMembershipsOfDocument, { handle: founder.handle, slug }, { token: stranger.token });
    expect(lookup.data?.circle).toBeNull();

    const founded = await ok(test.client.request(PrivFoundDocument, { input: { ...input, acknowledgeDisclosure: true } }, { token: founder.token }));
    expect(founded.createCircle).toMatchObject({ slug, viewerRole: 'OWNER', memberCount: 1 });
  });
});

describe('memberships from before consent was asked (migration 8)', () => {
  it('are paused — shown to nobody — and resume, role and all, once their member consents', async () => {
    const { slug } = await gatedCircle(700);
    const old = await scoredPerson(test, 'old_member', 720, { scoreVisibility: 'PRIVATE' });
    const stranger = await signUp(test.client, 'stranger');
    const db = test.database.forRequest();
    // A membership as it stood before consent existed.
    await db.write((q) =>
      q.rows(
        `MATCH (u:User {id: $userId}), (c:Circle {slug: $slug}) CREATE (u)-[:MEMBER_OF {role: 'MODERATOR', joinedAt: datetime('2026-01-02T03:04:05Z'), circleId: c.id}]->(c)`,
        { userId: old.id, slug },
      ),
    );
    expect((await seenByStranger(stranger, old, slug)).members).toContain(old.handle);

    const pause = MIGRATIONS.find((migration) => migration.version === 8)!;
    for (const statement of pause.statements) await db.write((q) => q.rows(statement.cypher, statement.params));
    const paused = await seenByStranger(stranger, old, slug);
    expect(paused.members).not.toContain(old.handle);
    expect(paused.theirCircles).not.toContain(slug);

    expect((await join(old, slug)).errors?.[0]?.extensions?.code).toBe('DISCLOSURE_REQUIRED');
    expect((await ok(join(old, slug, true))).joinCircle.viewerRole).toBe('MODERATOR');
    expect((await seenByStranger(stranger, old, slug)).members).toContain(old.handle);
  });
});
