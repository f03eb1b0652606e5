/**
 * Counting password attempts (rules and design: password-attempts.rules.ts). Call `before`
 * ahead of checking a password, then `failed` or `succeeded` with the outcome.
 */
import type { RateLimiter } from '../http/rate-limits.js';
import { KNOWN_ADDRESS_SECONDS, lockOutSeconds, pairKey } from './password-attempts.rules.js';

const LOCK = 'password-lock';
const KNOWN = 'password-known-address';

export class PasswordAttempts {
  constructor(private readonly limiter: RateLimiter) {}

  /** RATE_LIMITED if this address may not try a password for this handle now. */
  async before(handle: string, address: string): Promise<void> {
    const { limits } = this.limiter;
    await this.limiter.consume(limits.logInsPerAddress, address);
    const pair = pairKey(handle, address);
    const lock = await this.limiter.held(LOCK, pair);
    if (lock) throw this.limiter.refusalUntil(limits.failedPasswordsPerHandleAndAddress.message, lock.until);
    try {
      await this.limiter.check(limits.failedPasswordsPerHandle, handle);
    } catch (refusal) {
      // Under a spread-out attack on this handle, its owner's usual addresses still get in.
      if (!(await this.limiter.held(KNOWN, pair))) throw refusal;
    }
  }

  async failed(handle: string, address: string): Promise<void> {
    const { limits } = this.limiter;
    const pair = pairKey(handle, address);
    await this.limiter.count(limits.failedPasswordsPerHandle, handle);
    const failures = await this.limiter.count(limits.failedPasswordsPerHandleAndAddress, pair);
    if (failures < limits.failedPasswordsPerHandleAndAddress.max) return;
    const lockOuts = await this.limiter.count(limits.lockOutsPerHandleAndAddress, pair);
    await this.limiter.hold(LOCK, pair, lockOutSeconds(lockOuts));
  }

  /** The owner got in from here: this address stays usable for the handle under attack. */
  async succeeded(handle: string, address: string): Promise<void> {
    await this.limiter.hold(KNOWN, pairKey(handle, address), KNOWN_ADDRESS_SECONDS);
  }
}
