/**
 * Invitations to circles: who may invite whom, and who may answer. Same shape as every rule
 * (see circles.rules.ts): pure, `null` when allowed, otherwise the AppError to throw;
 * invitations.repository.ts reads the facts under the circle's lock.
 */
import { conflict, forbidden, notFound, type AppError } from '../errors.js';
import type { Circle, CircleRole } from './circle.type.js';
import { mayModerate } from './moderation.rules.js';

/** Only a circle's owners and moderators invite; checked before the handle is looked up, so others learn nothing of it. */
export function inviterRefusal(circle: Pick<Circle, 'name'>, actorRole: CircleRole | null): AppError | null {
  return mayModerate(actorRole) ? null : forbidden(`Only the owners and moderators of ${circle.name} can invite people to it.`);
}

/** How the person invited stands to the circle and to the inviter. */
export interface Invitee {
  handle: string;
  member: boolean;
  banned: boolean;
  /** The inviter blocked them (someone who blocked the inviter is never found at all). */
  blockedByInviter: boolean;
}

/** Members need no invitation, the banned must be unbanned first, and nobody invites someone they blocked. */
export function inviteeRefusal(circle: Pick<Circle, 'name'>, invitee: Invitee): AppError | null {
  if (invitee.blockedByInviter) return forbidden(`You blocked @${invitee.handle}; unblock them (unblockUser) to invite them.`);
  if (invitee.member) return conflict(`@${invitee.handle} is already a member of ${circle.name}.`);
  if (invitee.banned) return conflict(`@${invitee.handle} is banned from ${circle.name}; lift the ban (unbanMember) before inviting them.`);
  return null;
}

/** How an invitation ended. */
export type InvitationAnswer = 'ACCEPTED' | 'DECLINED' | 'WITHDRAWN';

/** What withdrawing an invitation (by id) depends on, read under the circle's lock. */
export interface WithdrawalFacts {
  circleName: string;
  inviteeHandle: string;
  /** The withdrawer's role in the invitation's circle. */
  role: CircleRole | null;
  /** A block stands between the withdrawer and the invitee or the inviter. */
  hidden: boolean;
  /** How it ended; null while pending. */
  answer: InvitationAnswer | null;
}

const ENDED: Record<InvitationAnswer, (handle: string, circle: string) => string> = {
  ACCEPTED: (handle, circle) => `@${handle} already accepted this invitation to ${circle}; to undo it, remove or ban them as a member.`,
  DECLINED: (handle, circle) => `@${handle} already declined this invitation to ${circle}; there is nothing to withdraw.`,
  WITHDRAWN: (handle, circle) => `This invitation of @${handle} to ${circle} was already withdrawn.`,
};

/**
 * Only the circle's owners and moderators withdraw its invitations (whoever of them sent
 * it); one hidden from them by a block is, to them, one that does not exist; and only a
 * pending one can be withdrawn. Non-moderators are refused first, so they learn nothing of blocks.
 */
export function withdrawRefusal(facts: WithdrawalFacts): AppError | null {
  if (!mayModerate(facts.role)) return forbidden(`Only the owners and moderators of ${facts.circleName} can withdraw its invitations.`);
  if (facts.hidden) return noSuchInvitation();
  if (facts.answer) return conflict(ENDED[facts.answer](facts.inviteeHandle, facts.circleName));
  return null;
}

export const noSuchInvitation = () => notFound('There is no invitation with that id; list the pending ones in `circle(slug) { invitations }`.');

/** Answering needs a pending invitation (one from someone hidden by a block counts for none). */
export function responseRefusal(circle: Pick<Circle, 'name'>, invited: boolean): AppError | null {
  return invited ? null : notFound(`You have no pending invitation to ${circle.name}.`);
}
