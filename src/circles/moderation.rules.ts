/**
 * Who may police whom in a circle. Owners run it; moderators keep order among members.
 * Same shape as every rule (see circles.rules.ts): pure, `null` when allowed, otherwise
 * the AppError to throw; the repository reads the roles under the circle's lock.
 */
import { badInput, conflict, forbidden, notFound, type AppError } from '../errors.js';
import { CircleRole, type Circle } from './circle.type.js';
import { removesLastOwner } from './circles.rules.js';

/** What moderators may write as the reason for a ban or a removal (the person concerned reads it). */
export const MODERATION_REASON_RULE = { max: 500 } as const;

export type ModerationAction = { kind: 'setRole'; to: CircleRole } | { kind: 'ban' } | { kind: 'unban' };

/** Owners and moderators police a circle (and may delete any post in it); members and outsiders do not. */
export function mayModerate(role: CircleRole | null): boolean {
  return role === CircleRole.OWNER || role === CircleRole.MODERATOR;
}

/** Nobody bans themselves: leaveCircle is the way out. Checked before the roles are read. */
export function selfBanRefusal(actorId: string, targetId: string, action: ModerationAction): AppError | null {
  if (action.kind !== 'ban' || targetId !== actorId) return null;
  return badInput('handle', 'You cannot ban yourself; use leaveCircle to leave.');
}

/** Whether the actor may act on the target at all, by their roles (null: not a member). */
export function moderationRefusal(actor: CircleRole | null, target: CircleRole | null, action: ModerationAction): AppError | null {
  if (!mayModerate(actor)) return forbidden('Only the owners and moderators of a circle can do this.');
  if (action.kind === 'unban') return null;
  if (target === CircleRole.OWNER && actor !== CircleRole.OWNER) return forbidden('Only owners can change another owner.');
  if (action.kind === 'ban') {
    if (target === CircleRole.OWNER) return forbidden('Owners cannot be banned; an owner can step down first.');
    if (target === CircleRole.MODERATOR && actor !== CircleRole.OWNER) return forbidden('Only owners can ban a moderator.');
    return null;
  }
  if (actor === CircleRole.MODERATOR && !(target === CircleRole.MEMBER && action.to === CircleRole.MODERATOR)) {
    return forbidden('Moderators can only make members moderators; owners decide the rest.');
  }
  return null;
}

/**
 * Once the actor may set the target's role: the target must be a member (`handle` names
 * them as the actor did), and the circle must keep an owner.
 */
export function roleChangeRefusal(
  circle: Pick<Circle, 'name'>,
  handle: string,
  target: { role: CircleRole | null; owners: number },
  to: CircleRole,
): AppError | null {
  if (target.role === null) return notFound(`@${handle} is not a member of ${circle.name}.`);
  if (removesLastOwner({ role: target.role, owners: target.owners }, to)) {
    return conflict(`${circle.name} would be left without an owner; make someone else an owner first.`);
  }
  return null;
}
