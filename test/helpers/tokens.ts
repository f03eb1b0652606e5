/** Tokens made by hand, for tests of what the server accepts: signed as the server signs them. */
import jwt from 'jsonwebtoken';
import { keyIdOf } from '../../src/auth/tokens.js';
import { TEST_JWT_SECRET } from './server.js';

/** A session id no log-in opened: the server has no reason to refuse it. */
export const HAND_MADE_SESSION = 'hand-made-session';

/**
 * A JWT as the server would sign it, with `claims` (a person's tokens carry a session,
 * `sid`, unless the claims set it to undefined) and the given options.
 */
export function signToken(claims: Record<string, unknown>, options: jwt.SignOptions, secret = TEST_JWT_SECRET): string {
  const withSession: Record<string, unknown> = { sid: HAND_MADE_SESSION, ...claims };
  if (withSession.sid === undefined) delete withSession.sid;
  return jwt.sign(withSession, secret, { algorithm: 'HS256', keyid: keyIdOf(secret), ...options });
}
