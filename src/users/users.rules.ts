/**
 * What a profile patch changes. Shape: a pure function from the checked patch
 * (`checkProfilePatch`, users.inputs.ts) to the stored fields it sets.
 *
 * A new real name also clears `verified`. That rule compares with the stored name, so it
 * stays in updateProfile's single Cypher statement: a verification landing between a read
 * and a write could otherwise be kept for a name nobody verified.
 */
import type { ScoreVisibility } from '../privacy/credit-bands.js';
import type { VouchVisibility } from '../privacy/vouch-visibility.js';

export interface ProfilePatch {
  bio?: string | null;
  realName?: string;
  scoreVisibility?: ScoreVisibility;
  vouchVisibility?: VouchVisibility;
}

/** Only the fields sent change: absent (undefined) leaves a field alone, null clears it. */
export function profileChanges(patch: ProfilePatch): Pick<ProfilePatch, 'bio' | 'scoreVisibility' | 'vouchVisibility'> {
  const { bio, scoreVisibility, vouchVisibility } = patch;
  return Object.fromEntries(Object.entries({ bio, scoreVisibility, vouchVisibility }).filter(([, v]) => v !== undefined));
}
