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

/** Answering needs a pending invitation (one from someone hidden by a block counts for none). */
export function responseRefusal(circle: Pick<Circle, 'name'>, invited: boolean): AppError | null {
  return invited ? null : notFound(`You have no pending invitation to ${circle.name}.`);
}
