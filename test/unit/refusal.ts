/**
 * For rule tests: a rule's verdict as a client would see it once the caller throws it
 * (code, field, message via `thrownBy`), or null when the rule allowed the action.
 */
import type { AppError } from '../../src/errors.js';
import { thrownBy } from '../helpers/app-error.js';

export function refusalOf(refusal: AppError | null): ReturnType<typeof thrownBy> | null {
  return refusal === null
    ? null
    : thrownBy(() => {
        throw refusal;
      });
}
