/**
 * Refresh tokens: 256 random bits, base64url. The graph keeps only their SHA-256 (a
 * fast hash is enough for a secret this long: there is nothing to guess).
 */
import { createHash, randomBytes } from 'node:crypto';

const SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function mintRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashRefreshToken(token) };
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Whether a string could be one of ours at all: anything else is refused without a lookup. */
export function isRefreshTokenShaped(token: string): boolean {
  return SHAPE.test(token);
}
