/**
 * Fields that cannot meet noninterference, each with its reason. A field listed here is
 * left out of the comparison (for the secret kinds named, or all), and the suite checks
 * that the field's own schema description says so too: it must contain EXCEPTION_MARKER,
 * so a client reading the contract learns what the field gives away.
 *
 * Start empty; add an entry only when the leak is the field's purpose and the product has
 * decided to keep it (a field of the viewer's own data never needs one: the viewer is never
 * the subject of a secret).
 */
import type { SecretKind } from './worlds.js';

/** The word a field's description must contain when it is listed below. */
export const EXCEPTION_MARKER = 'noninterference';

export interface NoninterferenceException {
  /** `Type.field`, as in the schema. */
  field: string;
  /** The secret kinds it may reveal; all when left out. */
  kinds?: SecretKind[];
  reason: string;
}

const MODERATION =
  'A moderator acting on their own circle finds its members and banned people whatever their blocks: ' +
  'a block must not shield anyone from moderation, so the answer tells the moderator the person exists (PRODUCT.md, Blocks; docs/security.md).';

export const NONINTERFERENCE_EXCEPTIONS: NoninterferenceException[] = [
  { field: 'Mutation.banMember', kinds: ['block'], reason: MODERATION },
  { field: 'Mutation.unbanMember', kinds: ['block'], reason: MODERATION },
  { field: 'Mutation.setMemberRole', kinds: ['block'], reason: MODERATION },
];

export function isExempt(field: string, kind: SecretKind): NoninterferenceException | undefined {
  return NONINTERFERENCE_EXCEPTIONS.find((exception) => exception.field === field && (!exception.kinds || exception.kinds.includes(kind)));
}
