/**
 * Closing accounts: who may delete one and in what state, and what a suspension must say.
 * Suspending and reinstating are for trust and safety alone (@Authorized on the resolver).
 *
 * Shape: a rule returns null when the action may go ahead, otherwise the AppError the
 * caller throws; `suspensionReason` is a validator (the checked text, or it throws).
 */
import { conflict, unauthenticated, type AppError } from '../errors.js';
import { text } from '../shared/validate.js';

/** Deleting needs the account's own password, not only a token: a stolen session cannot erase a person. */
export function deletionRefusal(passwordMatches: boolean): AppError | null {
  return passwordMatches ? null : unauthenticated('WRONG_CREDENTIALS', 'That is not your password; nothing was deleted.');
}

/**
 * A circle must not be left without an owner while others are still in it. `stranded`
 * names the circles the person owns alone that have other members (read in the deleting
 * transaction).
 */
export function strandedCirclesRefusal(stranded: readonly string[]): AppError | null {
  if (stranded.length === 0) return null;
  return conflict(`You are the only owner of ${stranded.join(', ')}; make another member an owner first (setMemberRole).`);
}

/** Why an account is suspended, as the person will be told: 1 to 500 characters, lines allowed. */
export function suspensionReason(value: string): string {
  return text('reason', value, { min: 1, max: 500 });
}
