import { randomUUID } from 'node:crypto';
import { Arg, Ctx, Field, Mutation, ObjectType, Resolver } from 'type-graphql';
import { unauthenticated } from '../errors.js';
import { signInContext, type Context } from '../graphql/context.js';
import { handle as checkHandle } from '../shared/validate.js';
import { User } from '../users/user.type.js';
import { checkSignUp, LogInInput, SignUpInput } from './auth.inputs.js';
import { createUser, credentialsByHandle } from './auth.repository.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { Role } from './roles.js';

@ObjectType({ simpleResolvers: true, description: 'A session: send `token` as `Authorization: Bearer <token>`.' })
export class AuthPayload {
  @Field(() => String)
  token!: string;

  @Field(() => Date)
  expiresAt!: Date;

  @Field(() => User)
  user!: User;
}

const WRONG_CREDENTIALS = 'That handle and password do not match an account.';

@Resolver()
export class AuthResolver {
  @Mutation(() => AuthPayload, { description: 'Creates an account and signs you in.' })
  async signUp(@Arg('input', () => SignUpInput) input: SignUpInput, @Ctx() ctx: Context): Promise<AuthPayload> {
    const { handle, realName, password } = checkSignUp(input);
    const { rateLimiter } = ctx.app;
    await rateLimiter.consume(rateLimiter.limits.signUpsPerAddress, ctx.clientAddress);
    const passwordHash = await hashPassword(password, ctx.app.config.passwordHashCost);
    const user = await createUser(ctx.db, { id: randomUUID(), handle, realName, passwordHash });
    return this.session(user, ctx);
  }

  @Mutation(() => AuthPayload, { description: 'Signs you in with your handle and password.' })
  async logIn(@Arg('input', () => LogInInput) input: LogInInput, @Ctx() ctx: Context): Promise<AuthPayload> {
    const { rateLimiter } = ctx.app;
    // Brute force: attempts per client address, and failures per account, are limited.
    await rateLimiter.consume(rateLimiter.limits.logInsPerAddress, ctx.clientAddress);
    // Checked before it becomes a rate-limit key: no account has a malformed handle.
    const handle = checkHandle('handle', input.handle);
    await rateLimiter.check(rateLimiter.limits.failedLogInsPerHandle, handle);
    const credentials = await credentialsByHandle(ctx.db, handle);
    // Unknown handles are checked against a decoy hash: the same work, the same answer.
    const matches = await verifyPassword(input.password, credentials?.passwordHash ?? (await ctx.app.decoyPasswordHash));
    if (!credentials || !matches) {
      await rateLimiter.consume(rateLimiter.limits.failedLogInsPerHandle, handle);
      throw unauthenticated(WRONG_CREDENTIALS);
    }
    // Said only to someone who knows the password.
    if (ctx.app.accounts.isClosed(credentials.id)) throw unauthenticated('This account is suspended; contact support.');
    const user = await ctx.loaders.users.byId.load(credentials.id);
    return this.session(user!, ctx);
  }

  private session(user: User, ctx: Context): AuthPayload {
    const { token, expiresAt } = ctx.app.tokens.issueForUser(user.id);
    signInContext(ctx, { kind: 'user', id: user.id, roles: [Role.USER] });
    return { token, expiresAt, user };
  }
}
