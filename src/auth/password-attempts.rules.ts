/**
 * Lock-outs for wrong passwords, designed so that they hurt whoever guesses, not the owner:
 *
 * - Wrong passwords are counted per handle *and* client address. Past FAILED_LOGINS_PER_HANDLE
 *   in 15 minutes that pair is locked out, for 15 minutes the first time in a day and twice as
 *   long each time after (at most a day). Other addresses, the owner's among them, are not.
 * - Guesses spread over many addresses (a botnet) are counted per handle too. Past
 *   FAILED_LOGINS_PER_HANDLE_ALL_ADDRESSES in an hour, only addresses this handle has logged
 *   in from before (remembered for 30 days after each success) may still try.
 * - Every attempt also counts toward the per-address limit on log-ins.
 *
 * The same counts cover every place a password is checked: logIn, deleteMyAccount,
 * changePassword. A refused attempt is refused before the password is hashed.
 */

const FIRST_LOCK_OUT_SECONDS = 15 * 60;
const LONGEST_LOCK_OUT_SECONDS = 24 * 3600;

/** How long the n-th lock-out of a handle and address within a day lasts (n from 1). */
export function lockOutSeconds(lockOutsToday: number): number {
  const doublings = Math.max(0, Math.min(lockOutsToday - 1, 16));
  return Math.min(FIRST_LOCK_OUT_SECONDS * 2 ** doublings, LONGEST_LOCK_OUT_SECONDS);
}

/** How long an address stays known for a handle after a successful log-in from it. */
export const KNOWN_ADDRESS_SECONDS = 30 * 24 * 3600;

/** The key for one handle seen from one address. */
export const pairKey = (handle: string, address: string) => `${handle}@${address}`;
