/**
 * Which interests a person may follow: only those in the catalogue.
 *
 * Shape: a rule returns null when the action may go ahead, otherwise the AppError the
 * caller throws. The repository reads which slugs exist inside the writing transaction.
 */
import { badInput, type AppError } from '../errors.js';

/** How many interests one person may follow (setInterests refuses more). */
export const MAX_INTERESTS = 30;

/** Every unknown slug is named at once, in the order sent, so one correction fixes them all. */
export function unknownInterestsRefusal(slugs: readonly string[], known: readonly string[]): AppError | null {
  const unknown = slugs.filter((slug) => !known.includes(slug));
  if (unknown.length === 0) return null;
  return badInput('slugs', `Unknown interest${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. The \`interests\` query lists them all.`);
}
