import { randomUUID } from 'node:crypto';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { unauthenticated } from '../errors.js';
import type { Context } from '../graphql/context.js';
import { handle as checkHandle } from '../shared/validate.js';
import { checkSignUp, LogInInput, SignUpInput } from './auth.inputs.js';
import { createUser } from './auth.repository.js';
import { provePassword } from './password-proof.js';
import { hashPassword } from './passwords.js';
import { AuthPayload } from './session.type.js';
import { openSession, refreshSession } from './sessions.js';

const WRONG_CREDENTIALS = 'That handle and password do not match an account.';

@Resolver()
export class AuthResolver {
  @Mutation(() => AuthPayload, { description: 'Creates an account and signs you in (a new session).' })
  async signUp(@Arg('input', () => SignUpInput) input: SignUpInput, @Ctx() ctx: Context): Promise<AuthPayload> {
    const { handle, realName, password } = checkSignUp(input);
    const { rateLimiter } = ctx.app;
    await rateLimiter.consume(rateLimiter.limits.signUpsPerAddress, ctx.clientAddress);
    const passwordHash = await hashPassword(password, ctx.app.config.passwordHashCost);
    const user = await createUser(ctx.db, { id: randomUUID(), handle, realName, passwordHash });
    return openSession(ctx, user);
  }

  @Mutation(() => AuthPayload, { description: 'Signs you in with your handle and password (a new session).' })
  async logIn(@Arg('input', () => LogInInput) input: LogInInput, @Ctx() ctx: Context): Promise<AuthPayload> {
    // Checked before it becomes a rate-limit key: no account has a malformed handle.
    const handle = checkHandle('handle', input.handle);
    const account = await provePassword(ctx, handle, input.password);
    if (!account) throw unauthenticated('WRONG_CREDENTIALS', WRONG_CREDENTIALS);
    // Said only to someone who knows the password.
    if (ctx.app.accounts.isClosed(account.id)) throw unauthenticated('ACCOUNT_CLOSED', 'This account is suspended; contact support.');
    const user = await ctx.loaders.users.byId.load(account.id);
    return openSession(ctx, user!);
  }

  @Mutation(() => AuthPayload, {
    description:
      'Gives a new access token for a session, and the next refresh token (the one sent is spent). Needs no access token: ' +
      'call it shortly before `expiresAt`, or when a request says TOKEN_EXPIRED. A spent refresh token sent again ends the session (TOKEN_REUSED).',
  })
  async refreshSession(@Arg('refreshToken', () => String) refreshToken: string, @Ctx() ctx: Context): Promise<AuthPayload> {
    return refreshSession(ctx, refreshToken);
  }
}
