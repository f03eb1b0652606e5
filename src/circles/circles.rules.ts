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
import { badInput, conflict, creditTooLow, forbidden, notFound, verificationRequired, type AppError } from '../errors.js';
import { CircleRole, type Circle } from './circle.type.js';

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
 * The circle's gates against the person: a verified real name first, then the credit
 * score (none on record fails any minimum). `action` finishes "requires … to".
 */
export function gateRefusal(circle: Gates, person: Applicant, action: string): AppError | null {
  if (circle.requiresVerified && !person.verified) {
    return verificationRequired(`${circle.name} requires a verified real name to ${action}; yours is not verified yet.`);
  }
  if (circle.minCreditScore !== null && (person.creditScore === null || person.creditScore < circle.minCreditScore)) {
    return creditTooLow(
      `${circle.name} requires a credit score of at least ${circle.minCreditScore} to ${action}; ` +
        (person.creditScore === null ? 'you have no score on record.' : 'yours is below that.'),
    );
  }
  return null;
}

/** A new circle may only be about interests in the catalogue; `known` are the requested slugs found there. */
export function unknownInterestsRefusal(requested: readonly string[], known: readonly string[]): AppError | null {
  const unknown = requested.filter((slug) => !known.includes(slug));
  if (unknown.length === 0) return null;
  return badInput('interestSlugs', `Unknown interest: ${unknown.join(', ')}. The \`interests\` query lists them all.`);
}

/** How a person stands to a circle they ask to join. */
export interface JoinStanding extends Applicant {
  member: boolean;
  banned: boolean;
}

/**
 * A member is never refused: joining twice is harmless, even if the gates have tightened
 * or their score has dropped since. A banned person stays out until the ban is lifted;
 * anyone else must pass the gates.
 */
export function joinRefusal(circle: Gates, person: JoinStanding): AppError | null {
  if (person.member) return null;
  if (person.banned) {
    return forbidden(`The moderators of ${circle.name} removed you from it; you cannot rejoin unless they lift the ban.`);
  }
  return gateRefusal(circle, person, 'join');
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
