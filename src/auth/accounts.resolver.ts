import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../graphql/context.js';
import { viewerId } from '../graphql/viewer.js';
import { handle } from '../shared/validate.js';
import { User } from '../users/user.type.js';
import { deleteAccount, reinstate, suspend } from './accounts.repository.js';
import { deletionRefusal, suspensionReason } from './accounts.rules.js';
import { provePassword } from './password-proof.js';
import { Role } from './roles.js';

@Resolver()
export class AccountsResolver {
  @Authorized(Role.USER)
  @Mutation(() => Boolean, {
    description:
      'Deletes your account with your posts, credit records, sessions and circles only you are in. Needs your password (wrong ones count toward the log-in limits). Every token of the account stops working at once.',
  })
  async deleteMyAccount(@Arg('password', () => String) password: string, @Ctx() ctx: Context): Promise<boolean> {
    const me = (await ctx.loaders.users.byId.load(viewerId(ctx)))!;
    const refusal = deletionRefusal(!!(await provePassword(ctx, me.handle, password)));
    if (refusal) throw refusal;
    const trusters = await ctx.app.candidates.leaving(ctx.db, viewerId(ctx));
    await deleteAccount(ctx.db, viewerId(ctx));
    ctx.app.accounts.announce({ userId: viewerId(ctx), closed: true });
    // The worker deletes the list of someone who no longer exists.
    await ctx.app.candidates.changed(ctx.db, { ids: [viewerId(ctx), ...trusters] });
    return true;
  }

  @Authorized(Role.TRUST_AND_SAFETY)
  @Mutation(() => User, { description: 'Trust and safety only. Suspends an account: its sessions end, its tokens and live connections stop working.' })
  async suspendUser(
    @Arg('handle', () => String) value: string,
    @Arg('reason', () => String) reason: string,
    @Ctx() ctx: Context,
  ): Promise<User> {
    const { user, endedSessions } = await suspend(ctx.db, handle('handle', value), suspensionReason(reason), viewerId(ctx));
    ctx.app.accounts.announce({ userId: user.id, closed: true });
    ctx.app.accounts.announceSessionsEnded({ userId: user.id, sessionIds: endedSessions });
    return user;
  }

  @Authorized(Role.TRUST_AND_SAFETY)
  @Mutation(() => User, { description: 'Trust and safety only. Lifts a suspension; the person logs in again.' })
  async reinstateUser(@Arg('handle', () => String) value: string, @Ctx() ctx: Context): Promise<User> {
    const user = await reinstate(ctx.db, handle('handle', value));
    ctx.app.accounts.announce({ userId: user.id, closed: false });
    return user;
  }
}
