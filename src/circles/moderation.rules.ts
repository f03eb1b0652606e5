/**
 * Who may police whom in a circle. Owners run it; moderators keep order among members.
 * A pure function, so the rule reads in one place and is easy to test.
 */
import { CircleRole } from './circle.type.js';

export type ModerationAction = { kind: 'setRole'; to: CircleRole } | { kind: 'ban' } | { kind: 'unban' };

/** Null when allowed; otherwise why not, in words for the person who tried. */
export function moderationRefusal(actor: CircleRole | null, target: CircleRole | null, action: ModerationAction): string | null {
  if (actor !== CircleRole.OWNER && actor !== CircleRole.MODERATOR) {
    return 'Only the owners and moderators of a circle can do this.';
  }
  if (action.kind === 'unban') return null;
  if (target === CircleRole.OWNER && actor !== CircleRole.OWNER) return 'Only owners can change another owner.';
  if (action.kind === 'ban') {
    if (target === CircleRole.OWNER) return 'Owners cannot be banned; an owner can step down first.';
    if (target === CircleRole.MODERATOR && actor !== CircleRole.OWNER) return 'Only owners can ban a moderator.';
    return null;
  }
  if (actor === CircleRole.MODERATOR && !(target === CircleRole.MEMBER && action.to === CircleRole.MODERATOR)) {
    return 'Moderators can only make members moderators; owners decide the rest.';
  }
  return null;
}
