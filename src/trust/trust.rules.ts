/**
 * What a vouch and a trust-path search may be. Pure functions, called where the decision
 * is made today: the weight and the hop bound before anything is read, yourself once the
 * handle has resolved inside the write.
 *
 * Shape: a rule returns null when the action may go ahead, otherwise the AppError the
 * caller throws; `may…` predicates answer whether a field is shown.
 */
import type { Principal } from '../auth/roles.js';
import { badInput, type AppError } from '../errors.js';

/** The longest chain trustPath searches: shortestPath's bound is pasted, so it stays small. */
export const MAX_TRUST_HOPS = 6;
export const DEFAULT_TRUST_HOPS = 4;

/** A vouch weighs more than nothing and at most full trust: (0, 1]. */
export function weightRefusal(weight: number): AppError | null {
  if (!Number.isFinite(weight) || weight <= 0 || weight > 1) {
    return badInput('weight', `weight must be more than 0 and at most 1; got ${weight}.`);
  }
  return null;
}

export function selfTrustRefusal(userId: string, targetId: string): AppError | null {
  return targetId === userId ? badInput('handle', 'You cannot vouch for yourself.') : null;
}

export function maxHopsRefusal(maxHops: number): AppError | null {
  if (!Number.isInteger(maxHops) || maxHops < 1 || maxHops > MAX_TRUST_HOPS) {
    return badInput('maxHops', `maxHops must be a whole number from 1 to ${MAX_TRUST_HOPS}; got ${maxHops}.`);
  }
  return null;
}

/**
 * Trust lists are for people: each vouch in them is then shown as far as its giver's
 * choice allows (src/privacy/vouch-visibility.ts). Services read none.
 */
export function mayReadTrustLists(viewer: Principal | null): boolean {
  return viewer?.kind === 'user';
}
