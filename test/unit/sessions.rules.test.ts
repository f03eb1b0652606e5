/**
 * Sessions without a database: whether a refresh token may be exchanged and what a refused
 * one is told (src/auth/sessions.rules.ts), the shape of refresh tokens, how long lock-outs
 * last (src/auth/password-attempts.rules.ts), a new password's checks, and WebSocket close
 * reasons (src/http/graphql-ws.ts).
 */
import { describe, expect, it } from 'vitest';
import { checkNewPassword } from '../../src/auth/auth.inputs.js';
import { KNOWN_ADDRESS_SECONDS, lockOutSeconds, pairKey } from '../../src/auth/password-attempts.rules.js';
import { hashRefreshToken, isRefreshTokenShaped, mintRefreshToken } from '../../src/auth/refresh-tokens.js';
import { clientLabel, endedSessionError, refreshVerdict, type SessionEnd, type SessionState } from '../../src/auth/sessions.rules.js';
import { closeReason } from '../../src/http/graphql-ws.js';
import { thrownBy } from '../helpers/app-error.js';

const LIVE: SessionState = { userId: 'u1', sessionId: 's1', endReason: null, expired: false, used: false };

describe('refreshVerdict', () => {
  it('lets an unused token of a live session through', () => {
    expect(refreshVerdict(LIVE)).toBeNull();
  });

  it('refuses an unknown token as TOKEN_MALFORMED and ends nothing', () => {
    const verdict = refreshVerdict(undefined)!;
    expect(verdict.refuse.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_MALFORMED' });
    expect(verdict.endSession).toBe(false);
  });

  it('ends the session when a spent token comes back (TOKEN_REUSED)', () => {
    const verdict = refreshVerdict({ ...LIVE, used: true })!;
    expect(verdict.refuse.extensions!.reason).toBe('TOKEN_REUSED');
    expect(verdict.endSession).toBe(true);
  });

  it('refuses a session past its idle lifetime as TOKEN_EXPIRED, ending nothing more', () => {
    const verdict = refreshVerdict({ ...LIVE, expired: true })!;
    expect(verdict.refuse.extensions!.reason).toBe('TOKEN_EXPIRED');
    expect(verdict.refuse.message).toMatch(/log in again/);
    expect(verdict.endSession).toBe(false);
  });

  it('says an ended session ended, and why, even for a spent or expired token of it (nothing left to end)', () => {
    for (const state of [{ ...LIVE, endReason: 'LOGGED_OUT' as const }, { ...LIVE, endReason: 'LOGGED_OUT' as const, used: true, expired: true }]) {
      const verdict = refreshVerdict(state)!;
      expect(verdict.refuse.extensions!.reason).toBe('TOKEN_REVOKED');
      expect(verdict.refuse.message).toMatch(/because you logged out; log in again/);
      expect(verdict.endSession).toBe(false);
    }
  });
});

describe('endedSessionError', () => {
  const reasons: SessionEnd[] = ['LOGGED_OUT', 'LOGGED_OUT_EVERYWHERE', 'ENDED_BY_OWNER', 'PASSWORD_CHANGED', 'REFRESH_TOKEN_REUSED', 'ACCOUNT_SUSPENDED', 'TOO_MANY_SESSIONS'];
  it.each(reasons)('gives %s a sentence of its own, as TOKEN_REVOKED', (reason) => {
    const error = endedSessionError(reason);
    expect(error.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
    expect(error.message).toMatch(/^This session has ended because .+; log in again\.$/);
  });

  it('gives every reason a different sentence', () => {
    expect(new Set(reasons.map((reason) => endedSessionError(reason).message)).size).toBe(reasons.length);
  });
});

describe('refresh tokens', () => {
  it('are 256 random bits in base64url, stored as a SHA-256 in hex', () => {
    const { token, hash } = mintRefreshToken();
    expect(isRefreshTokenShaped(token)).toBe(true);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(hash).toBe(hashRefreshToken(token));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(mintRefreshToken().token).not.toBe(token);
  });

  it.each(['', 'short', `${'A'.repeat(42)}=`, `${'A'.repeat(44)}`, `${'A'.repeat(42)}+`, 'eyJhbGciOiJIUzI1NiJ9.e30.sig'])('refuses %j as not a refresh token', (value) => {
    expect(isRefreshTokenShaped(value)).toBe(false);
  });
});

describe('clientLabel', () => {
  it('keeps a User-Agent as written, tidied of control and format characters and runs of spaces', () => {
    expect(clientLabel('QuanziPhone/2.1  (Android\u200E 14)\n')).toBe('QuanziPhone/2.1 (Android 14)');
  });

  it('is null when there is nothing to show, and at most 200 characters', () => {
    expect(clientLabel(undefined)).toBeNull();
    expect(clientLabel(' \u0000 ')).toBeNull();
    expect([...clientLabel('数'.repeat(500))!]).toHaveLength(200);
  });
});

describe('lockOutSeconds', () => {
  it('locks out for 15 minutes the first time a day, twice as long each time after, at most a day', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(lockOutSeconds)).toEqual([900, 1800, 3600, 7200, 14_400, 28_800, 57_600]);
    expect(lockOutSeconds(8)).toBe(86_400);
    expect(lockOutSeconds(1000)).toBe(86_400);
  });

  it('treats a count below one as the first lock-out', () => {
    expect(lockOutSeconds(0)).toBe(900);
  });

  it('keys a handle and an address together, and remembers known addresses for 30 days', () => {
    expect(pairKey('wang_fang', '10.1.2.3')).toBe('wang_fang@10.1.2.3');
    expect(pairKey('wang_fang', '10.1.2.3')).not.toBe(pairKey('wang_fang', '10.1.2.4'));
    expect(KNOWN_ADDRESS_SECONDS).toBe(30 * 24 * 3600);
  });
});

describe('checkNewPassword', () => {
  it('accepts a new password long enough and different from the current one', () => {
    expect(checkNewPassword('a whole new passphrase', 'correct horse battery')).toBe('a whole new passphrase');
  });

  it.each([
    ['too short', 'short', /newPassword must be 10 to 200 characters/],
    ['the same as the current one', 'correct horse battery', /same as your current password/],
    ['the same once normalised (full-width)', 'ｃorrect horse battery', /same as your current password/],
  ])('refuses one %s with BAD_USER_INPUT naming newPassword', (_name, next, message) => {
    const error = thrownBy(() => checkNewPassword(next, 'correct horse battery'));
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'newPassword' });
    expect(error.message).toMatch(message);
  });
});

describe('closeReason', () => {
  it('starts with the reason code, so a client can act on it', () => {
    expect(closeReason({ reason: 'TOKEN_EXPIRED', message: 'Refresh the session.' })).toBe('TOKEN_EXPIRED: Refresh the session.');
  });

  it('fits in the 123 bytes a close frame allows, cutting on a character boundary', () => {
    const reason = closeReason({ reason: 'TOKEN_REVOKED', message: '会话已结束'.repeat(30) });
    expect(Buffer.byteLength(reason)).toBeLessThanOrEqual(123);
    expect(reason.startsWith('TOKEN_REVOKED: 会话已结束')).toBe(true);
    expect(reason).not.toContain('\uFFFD');
  });
});
