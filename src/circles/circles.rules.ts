/**
 * The rules of circles and membership: who may found, join, leave and read a circle.
 *
 * Every rule here (and in moderation.rules.ts and posts.rules.ts) has one shape: a pure
 * function of facts the caller has already read, returning `null` when the action is
 * allowed and otherwise the AppError to throw. The repository reads the facts inside its
 * transaction (after the circle's lock where it takes one), the rule decides, the caller
 * throws or acts; so the decision is testable without a database
 * (test/unit/circles.rules.test.ts) and still made on the data the write relies on.
 */
import { badInput, conflict, creditTooLow, disclosureRequired, forbidden, notFound, verificationRequired, type AppError } from '../errors.js';
import { CircleRole, JoinPolicy, type Circle } from './circle.type.js';

/** The answer for a slug no circle has, wherever a circle is named. */
export function noSuchCircle(slug: string): AppError {
  return notFound(`There is no circle "${slug}"; the \`circles\` query lists them.`);
}

/** What a circle's gates look at in a person. */
export interface Applicant {
  verified: boolean;
  creditScore: number | null;
}

type Gates = Pick<Circle, 'name' | 'minCreditScore' | 'requiresVerified'>;

/**
 * The circle's gates against the person, all of them at once: a client can tell the person
 * everything they lack in one answer. The code is the first unmet gate's (a verified real
 * name, then the credit score; none on record fails any minimum), `extensions.unmet` lists
 * the codes of every unmet gate, and the message names each. `action` finishes "requires … to".
 */
export function gateRefusal(circle: Gates, person: Applicant, action: string): AppError | null {
  const unmet: Array<{ code: 'VERIFICATION_REQUIRED' | 'CREDIT_TOO_LOW'; requirement: string; shortfall: string }> = [];
  if (circle.requiresVerified && !person.verified) {
    unmet.push({ code: 'VERIFICATION_REQUIRED', requirement: 'a verified real name', shortfall: 'yours is not verified yet' });
  }
  if (circle.minCreditScore !== null && (person.creditScore === null || person.creditScore < circle.minCreditScore)) {
    unmet.push({
      code: 'CREDIT_TOO_LOW',
      requirement: `a credit score of at least ${circle.minCreditScore}`,
      shortfall: person.creditScore === null ? 'you have no score on record' : unmet.length > 0 ? 'your score is below that' : 'yours is below that',
    });
  }
  const [first] = unmet;
  if (!first) return null;
  const message =
    `${circle.name} requires ${unmet.map((gate) => gate.requirement).join(' and ')} to ${action}; ` +
    `${unmet.map((gate) => gate.shortfall).join(', and ')}.`;
  const refusal = first.code === 'VERIFICATION_REQUIRED' ? verificationRequired : creditTooLow;
  return refusal(message, unmet.map((gate) => gate.code));
}

/** A new circle may only be about interests in the catalogue; `known` are the requested slugs found there. */
export function unknownInterestsRefusal(requested: readonly string[], known: readonly string[]): AppError | null {
  const unknown = requested.filter((slug) => !known.includes(slug));
  if (unknown.length === 0) return null;
  return badInput('interestSlugs', `Unknown interest: ${unknown.join(', ')}. The \`interests\` query lists them all.`);
}

type Disclosed = Pick<Circle, 'name' | 'minCreditScore' | 'membersOnly'>;

/** Whether membership of the circle tells others something about a member's credit score. */
export const disclosesCredit = (circle: Pick<Circle, 'minCreditScore'>): boolean => circle.minCreditScore !== null;

/** Who learns what a membership discloses: everyone who can see the circle's members. */
export function disclosureAudience(circle: Pick<Circle, 'membersOnly'>): string {
  return circle.membersOnly ? 'its other members' : 'every signed-in person (its member list and your list of circles show it)';
}

/**
 * Membership of a credit-gated circle tells others "this person's score is at least the
 * gate", whatever their score visibility says. That needs the person's separate consent
 * (PIPL Art. 29): without `acknowledgeDisclosure: true`, DISCLOSURE_REQUIRED saying what
 * will be revealed and to whom. `action` is how the person becomes a member.
 */
export function disclosureRefusal(circle: Disclosed, acknowledged: boolean, action: 'join' | 'found'): AppError | null {
  if (!disclosesCredit(circle) || acknowledged) return null;
  const becoming = action === 'join' ? `Joining ${circle.name}` : `Founding ${circle.name} (you become its owner and first member)`;
  return disclosureRequired(
    'acknowledgeDisclosure',
    `${becoming} tells ${disclosureAudience(circle)} that your credit score is at least ${circle.minCreditScore}, ` +
      'whoever your score visibility lets see it. To agree, send acknowledgeDisclosure: true; leaving the circle withdraws it.',
  );
}

/** How a person stands to a circle they ask to join. */
export interface JoinStanding extends Applicant {
  member: boolean;
  banned: boolean;
  /** A membership paused for want of consent (migration 8): it resumes with consent alone. */
  paused: boolean;
  /** Its owners or moderators invited them (and the invitation is still pending). */
  invited: boolean;
}

/** The answer for joining an invite-only circle uninvited. */
export function inviteOnlyRefusal(circle: Pick<Circle, 'name'>): AppError {
  return forbidden(`${circle.name} is invite-only; you can join once one of its owners or moderators invites you (inviteToCircle).`);
}

/**
 * A member is never refused: joining twice is harmless, even if the gates have tightened
 * or their score has dropped since. A banned person stays out until the ban is lifted; an
 * invite-only circle takes only people invited; anyone else must pass the gates and, for a
 * credit-gated circle, consent to what membership discloses (an invitation waives neither).
 */
export function joinRefusal(circle: Gates & Disclosed & Pick<Circle, 'joinPolicy'>, person: JoinStanding, acknowledged: boolean): AppError | null {
  if (person.member) return null;
  if (person.banned) {
    return forbidden(`The moderators of ${circle.name} removed you from it; you cannot rejoin unless they lift the ban.`);
  }
  // A paused member was let in by the gates of their day, like any member.
  if (person.paused) return disclosureRefusal(circle, acknowledged, 'join');
  if (circle.joinPolicy === JoinPolicy.INVITE_ONLY && !person.invited) return inviteOnlyRefusal(circle);
  // Gates first: nobody is asked to consent to joining a circle they could not join.
  return gateRefusal(circle, person, 'join') ?? disclosureRefusal(circle, acknowledged, 'join');
}

/** A member's role and how many owners the circle has, read under the circle's lock. */
export interface Membership {
  role: CircleRole;
  owners: number;
}

/** Whether changing this member to `to` (null: leaving) would leave the circle without an owner. */
export function removesLastOwner(member: Membership, to: CircleRole | null): boolean {
  return member.role === CircleRole.OWNER && to !== CircleRole.OWNER && member.owners <= 1;
}

/** The last owner may not leave: a circle always keeps someone who can run it. */
export function leaveRefusal(circle: Pick<Circle, 'name'>, member: Membership): AppError | null {
  if (!removesLastOwner(member, null)) return null;
  return conflict(
    `You are the only owner of ${circle.name}; make another member an owner first (setMemberRole), so the circle is not left without one.`,
  );
}

/**
 * Members-only circles show their insides (posts, members) to members alone; `viewerRole`
 * is null for non-members. `what` finishes "Only members of … can". Lists apply the same
 * rule in Cypher: `mayReadCircle` in src/graph/circles.ts.
 */
export function readRefusal(circle: Pick<Circle, 'name' | 'membersOnly'>, viewerRole: CircleRole | null, what: string): AppError | null {
  if (!circle.membersOnly || viewerRole !== null) return null;
  return forbidden(`Only members of ${circle.name} can ${what}; join it first.`);
}
