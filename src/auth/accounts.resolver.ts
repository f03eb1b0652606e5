import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../graphql/context.js';
import { viewerId } from '../graphql/viewer.js';
import { handle } from '../shared/validate.js';
import { User } from '../users/user.type.js';
import { deleteAccount, reinstate, suspend } from './accounts.repository.js';
import { deletionRefusal, suspensionReason } from './accounts.rules.js';
import { credentialsByHandle } from './auth.repository.js';
import { verifyPassword } from './passwords.js';
import { Role } from './roles.js';

@Resolver()
export class AccountsResolver {
  @Authorized(Role.USER)
  @Mutation(() => Boolean, {
    description:
      'Deletes your account with your posts, credit records and circles only you are in. Needs your password. Every token of the account stops working at once.',
  })
  async deleteMyAccount(@Arg('password', () => String) password: string, @Ctx() ctx: Context): Promise<boolean> {
    const me = await ctx.loaders.users.byId.load(viewerId(ctx));
    const credentials = me && (await credentialsByHandle(ctx.db, me.handle));
    const refusal = deletionRefusal(!!credentials && (await verifyPassword(password, credentials.passwordHash)));
    if (refusal) throw refusal;
    await deleteAccount(ctx.db, viewerId(ctx));
    ctx.app.accounts.announce({ userId: viewerId(ctx), closed: true });
    return true;
  }

  @Authorized(Role.TRUST_AND_SAFETY)
  @Mutation(() => User, { description: 'Trust and safety only. Suspends an account: its tokens and live connections stop working.' })
  async suspendUser(
    @Arg('handle', () => String) value: string,
    @Arg('reason', () => String) reason: string,
    @Ctx() ctx: Context,
  ): Promise<User> {
    const user = await suspend(ctx.db, handle('handle', value), suspensionReason(reason), viewerId(ctx));
    ctx.app.accounts.announce({ userId: user.id, closed: true });
    return user;
  }

  @Authorized(Role.TRUST_AND_SAFETY)
  @Mutation(() => User, { description: 'Trust and safety only. Lifts a suspension.' })
  async reinstateUser(@Arg('handle', () => String) value: string, @Ctx() ctx: Context): Promise<User> {
    const user = await reinstate(ctx.db, handle('handle', value));
    ctx.app.accounts.announce({ userId: user.id, closed: false });
    return user;
  }
}
