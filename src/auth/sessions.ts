/**
 * Opening, refreshing and ending sessions on behalf of the resolvers: the graph's writes
 * (sessions.repository.ts), the rules (sessions.rules.ts), tokens, and telling every
 * instance when sessions end so their access tokens and live connections stop at once.
 */
import { randomUUID } from 'node:crypto';
import { unauthenticated } from '../errors.js';
import { signInContext, type Context } from '../graphql/context.js';
import type { User } from '../users/user.type.js';
import { hashRefreshToken, isRefreshTokenShaped, mintRefreshToken } from './refresh-tokens.js';
import { Role } from './roles.js';
import type { AuthPayload } from './session.type.js';
import { endSessions, lockedSessionOfRefreshToken, rotateRefreshToken, startSession, type SessionSelection } from './sessions.repository.js';
import { clientLabel, refreshVerdict, type SessionEnd } from './sessions.rules.js';

function signedIn(ctx: Context, user: User, sessionId: string, refresh: { token: string; expiresAt: Date }): AuthPayload {
  const { token, expiresAt } = ctx.app.tokens.issueForUser(user.id, sessionId);
  signInContext(ctx, { kind: 'user', id: user.id, roles: [Role.USER], sessionId });
  return { token, expiresAt, refreshToken: refresh.token, refreshTokenExpiresAt: refresh.expiresAt, sessionId, user };
}

/** A new session for someone who just proved who they are (signUp, logIn). */
export async function openSession(ctx: Context, user: User): Promise<AuthPayload> {
  const { config } = ctx.app;
  const refresh = mintRefreshToken();
  const sessionId = randomUUID();
  const { expiresAt, evicted } = await startSession(ctx.db, {
    id: sessionId,
    userId: user.id,
    client: clientLabel(ctx.userAgent),
    refreshHash: refresh.hash,
    refreshSeconds: config.sessions.refreshSeconds,
    maxSessions: config.sessions.maxPerUser,
  });
  ctx.app.accounts.announceSessionsEnded({ userId: user.id, sessionIds: evicted });
  return signedIn(ctx, user, sessionId, { token: refresh.token, expiresAt });
}

/** Exchanges a refresh token for a new access token and the next refresh token. */
export async function refreshSession(ctx: Context, refreshToken: string): Promise<AuthPayload> {
  if (!isRefreshTokenShaped(refreshToken)) throw unauthenticated('TOKEN_MALFORMED', 'That is not a refresh token; use the refreshToken from logIn or refreshSession.');
  const { accounts, config, rateLimiter } = ctx.app;
  await rateLimiter.consume(rateLimiter.limits.refreshesPerAddress, ctx.clientAddress);
  const usedHash = hashRefreshToken(refreshToken);
  const next = mintRefreshToken();
  const outcome = await ctx.db.write(async (q) => {
    const state = await lockedSessionOfRefreshToken(q, usedHash);
    if (state && accounts.isClosed(state.userId)) return { refused: unauthenticated('ACCOUNT_CLOSED', 'This account is closed or suspended.'), ended: [] };
    const verdict = refreshVerdict(state);
    if (verdict) {
      const ended = verdict.endSession ? await endSessions(q, state!.userId, { only: state!.sessionId }, 'REFRESH_TOKEN_REUSED') : [];
      return { refused: verdict.refuse, userId: state?.userId, ended };
    }
    const expiresAt = await rotateRefreshToken(q, {
      sessionId: state!.sessionId,
      usedHash,
      nextHash: next.hash,
      refreshSeconds: config.sessions.refreshSeconds,
      client: clientLabel(ctx.userAgent),
    });
    return { refused: null, userId: state!.userId, sessionId: state!.sessionId, expiresAt, ended: [] };
  });
  if (outcome.refused) {
    if (outcome.userId) accounts.announceSessionsEnded({ userId: outcome.userId, sessionIds: outcome.ended });
    throw outcome.refused;
  }
  const user = await ctx.loaders.users.byId.load(outcome.userId);
  if (!user) throw unauthenticated('ACCOUNT_CLOSED', 'This account no longer exists.');
  return signedIn(ctx, user, outcome.sessionId!, { token: next.token, expiresAt: outcome.expiresAt! });
}

/** Ends some of a person's sessions now, everywhere. Returns how many ended. */
export async function endSessionsNow(ctx: Context, userId: string, which: SessionSelection, reason: SessionEnd): Promise<number> {
  const ended = await ctx.db.write((q) => endSessions(q, userId, which, reason));
  ctx.app.accounts.announceSessionsEnded({ userId, sessionIds: ended });
  return ended.length;
}
