import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { SESSIONS_PER_USER_CEILING } from '../config.js';
import { forbidden, notFound, unauthenticated } from '../errors.js';
import type { Context } from '../graphql/context.js';
import { MaxItems } from '../graphql/list-bounds.js';
import { isViewer, viewerId } from '../graphql/viewer.js';
import { personById } from '../users/person.js';
import { User } from '../users/user.type.js';
import { checkNewPassword } from './auth.inputs.js';
import { setPasswordEndingOtherSessions } from './auth.repository.js';
import { provePassword } from './password-proof.js';
import { hashPassword } from './passwords.js';
import { Role } from './roles.js';
import { ChangePasswordPayload, EndSessionPayload } from './session.payloads.js';
import { Session } from './session.type.js';
import { liveSessionsOf } from './sessions.repository.js';
import { endSessionsNow } from './sessions.js';

const END_SESSION = 'Ends one of your sessions (an id from `me.sessions`), e.g. on a lost phone.';
const CHANGE_PASSWORD =
  'Changes your password. Needs the current one (wrong ones count toward the log-in limits). Every other session ends at once; this one goes on.';

/** The session the request was made with: every USER token names one. */
function currentSessionId(ctx: Context): string {
  return ctx.viewer!.sessionId!;
}

@Resolver(() => User)
export class SessionsResolver {
  @MaxItems(SESSIONS_PER_USER_CEILING)
  @FieldResolver(() => [Session], {
    nullable: true,
    description: 'Your live sessions, most recently used first (at most MAX_SESSIONS_PER_USER). Yours alone to read: null on anyone else.',
  })
  async sessions(@Root() user: User, @Ctx() ctx: Context): Promise<Session[] | null> {
    if (!isViewer(ctx, user.id)) return null;
    const sessions = await liveSessionsOf(ctx.db, user.id, ctx.app.config.sessions.maxPerUser);
    return sessions.map((session) => ({ ...session, current: session.id === ctx.viewer!.sessionId }));
  }

  @Authorized(Role.USER)
  @Mutation(() => Boolean, { description: 'Ends the session this request was made with: its access and refresh tokens, and its live connections, stop at once.' })
  async logOut(@Ctx() ctx: Context): Promise<boolean> {
    await endSessionsNow(ctx, viewerId(ctx), { only: currentSessionId(ctx) }, 'LOGGED_OUT');
    return true;
  }

  @Authorized(Role.USER)
  @Mutation(() => Int, { description: 'Ends every one of your sessions, this one included; returns how many ended.' })
  async logOutEverywhere(@Ctx() ctx: Context): Promise<number> {
    return endSessionsNow(ctx, viewerId(ctx), 'all', 'LOGGED_OUT_EVERYWHERE');
  }

  @Authorized(Role.USER)
  @Mutation(() => Boolean, { description: END_SESSION })
  async endSession(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<boolean> {
    await endOne(ctx, id);
    return true;
  }

  @Authorized(Role.USER)
  @Mutation(() => EndSessionPayload, { description: 'endSession, answering the id to evict.' })
  async endSessionWithPayload(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<EndSessionPayload> {
    await endOne(ctx, id);
    return { endedSessionId: id };
  }

  @Authorized(Role.USER)
  @Mutation(() => Date, {
    description:
      'Over a WebSocket connection only: gives the connection a newer access token of yours (from refreshSession) before its ' +
      'current one expires, so its subscriptions go on without a gap; returns when the new token expires. Without it the ' +
      'connection closes with 4403 `TOKEN_EXPIRED` when its token does.',
  })
  renewLiveConnection(@Arg('token', () => String) token: string, @Ctx() ctx: Context): Date {
    if (!ctx.liveConnection) throw forbidden('renewLiveConnection works over a WebSocket connection; over HTTP, send the new token in the Authorization header.');
    return ctx.liveConnection.renew(token);
  }

  @Authorized(Role.USER)
  @Mutation(() => Boolean, { description: CHANGE_PASSWORD })
  async changePassword(
    @Arg('currentPassword', () => String) currentPassword: string,
    @Arg('newPassword', () => String) newPassword: string,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    await changeOwnPassword(ctx, currentPassword, newPassword);
    return true;
  }

  @Authorized(Role.USER)
  @Mutation(() => ChangePasswordPayload, { description: 'changePassword, answering the sessions it ended and you.' })
  async changePasswordWithPayload(
    @Arg('currentPassword', () => String) currentPassword: string,
    @Arg('newPassword', () => String) newPassword: string,
    @Ctx() ctx: Context,
  ): Promise<ChangePasswordPayload> {
    const endedSessionIds = await changeOwnPassword(ctx, currentPassword, newPassword);
    return { endedSessionIds, me: await personById(ctx, viewerId(ctx)) };
  }
}

async function endOne(ctx: Context, id: string): Promise<void> {
  const ended = await endSessionsNow(ctx, viewerId(ctx), { only: id }, 'ENDED_BY_OWNER');
  if (ended === 0) throw notFound('You have no live session with that id; `me.sessions` lists them.');
}

/** Changing the password, for changePassword and its twin; returns the ids of the sessions it ended. */
async function changeOwnPassword(ctx: Context, currentPassword: string, newPassword: string): Promise<string[]> {
  const me = (await ctx.loaders.users.byId.load(viewerId(ctx)))!;
  const password = checkNewPassword(newPassword, currentPassword);
  if (!(await provePassword(ctx, me.handle, currentPassword))) {
    throw unauthenticated('WRONG_CREDENTIALS', 'That is not your current password; nothing changed.');
  }
  const passwordHash = await hashPassword(password, ctx.app.config.passwordHashCost);
  const ended = await setPasswordEndingOtherSessions(ctx.db, me.id, passwordHash, currentSessionId(ctx));
  ctx.app.accounts.announceSessionsEnded({ userId: me.id, sessionIds: ended });
  return ended;
}
