/**
 * Sessions: whether a refresh token may be used, what a refused one is told, and how a
 * session's client is labelled. Pure; the repository reads the state, the resolver acts.
 */
import { unauthenticated, type AppError } from '../errors.js';

/** Why a session ended, as stored on it. */
export type SessionEnd =
  | 'LOGGED_OUT'
  | 'LOGGED_OUT_EVERYWHERE'
  | 'ENDED_BY_OWNER'
  | 'PASSWORD_CHANGED'
  | 'REFRESH_TOKEN_REUSED'
  | 'ACCOUNT_SUSPENDED'
  | 'TOO_MANY_SESSIONS';

/** What the repository reads about a presented refresh token and its session. */
export interface SessionState {
  userId: string;
  sessionId: string;
  endReason: SessionEnd | null;
  expired: boolean;
  /** The token was already exchanged for a newer one. */
  used: boolean;
}

const ENDED_BECAUSE: Record<SessionEnd, string> = {
  LOGGED_OUT: 'you logged out',
  LOGGED_OUT_EVERYWHERE: 'you logged out everywhere',
  ENDED_BY_OWNER: 'you ended it from another session',
  PASSWORD_CHANGED: 'the password was changed',
  REFRESH_TOKEN_REUSED: 'one of its refresh tokens was used twice',
  ACCOUNT_SUSPENDED: 'the account was suspended',
  TOO_MANY_SESSIONS: 'newer log-ins pushed it out',
};

/** What a token of an ended session is told: why it ended, and to log in again. */
export function endedSessionError(reason: SessionEnd | null): AppError {
  const why = reason ? ` because ${ENDED_BECAUSE[reason]}` : '';
  return unauthenticated('TOKEN_REVOKED', `This session has ended${why}; log in again.`);
}

export type RefreshVerdict = { refuse: AppError; endSession: boolean } | null;

/**
 * Whether a refresh token may be exchanged (null) or why not. A used token presented again
 * ends its whole session: either the client or an attacker holds a copy, and the server
 * cannot tell which. An unknown token (`state` undefined) is refused without ending anything.
 */
export function refreshVerdict(state: SessionState | undefined): RefreshVerdict {
  if (!state) return { refuse: unauthenticated('TOKEN_MALFORMED', 'That refresh token is not valid here; log in again.'), endSession: false };
  if (state.endReason) return { refuse: endedSessionError(state.endReason), endSession: false };
  if (state.used) {
    return {
      refuse: unauthenticated('TOKEN_REUSED', 'That refresh token was already used, so the session has ended to protect you; log in again.'),
      endSession: true,
    };
  }
  if (state.expired) return { refuse: unauthenticated('TOKEN_EXPIRED', 'The session expired after a long time unused; log in again.'), endSession: false };
  return null;
}

const MAX_CLIENT_LENGTH = 200;

/** The session's client as people will see it in their session list: the User-Agent, tidied. */
export function clientLabel(userAgent: string | undefined): string | null {
  const label = userAgent?.replace(/[\p{Cc}\p{Cf}]/gu, '').replace(/\s+/g, ' ').trim();
  return label ? [...label].slice(0, MAX_CLIENT_LENGTH).join('') : null;
}
