import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { Role } from '../auth/roles.js';
import type { Context } from '../graphql/context.js';
import { viewerId } from '../graphql/viewer.js';
import { announceBlock } from '../live/publish.js';
import { handle } from '../shared/validate.js';
import { block, unblock } from './blocks.repository.js';

@Resolver()
export class BlocksResolver {
  @Authorized(Role.USER)
  @Mutation(() => Boolean, {
    description:
      'Blocks a person: ends your connection and pending requests; from then on neither of you sees the other in recommendations, feeds, trust paths, member lists or live activity.',
  })
  async blockUser(@Arg('handle', () => String) value: string, @Ctx() ctx: Context): Promise<boolean> {
    const targetId = await block(ctx.db, viewerId(ctx), handle('handle', value));
    // Live subscriptions, on every instance, stop showing the two people to each other.
    announceBlock(ctx.app.pubSub, { blockerId: viewerId(ctx), blockedId: targetId, blocked: true });
    await ctx.app.candidates.changed(ctx.db, { ids: [viewerId(ctx), targetId] });
    return true;
  }

  @Authorized(Role.USER)
  @Mutation(() => Boolean, { description: 'Lifts your block; false if you had not blocked them.' })
  async unblockUser(@Arg('handle', () => String) value: string, @Ctx() ctx: Context): Promise<boolean> {
    const { targetId, unblocked } = await unblock(ctx.db, viewerId(ctx), handle('handle', value));
    if (unblocked) {
      announceBlock(ctx.app.pubSub, { blockerId: viewerId(ctx), blockedId: targetId, blocked: false });
      await ctx.app.candidates.changed(ctx.db, { ids: [viewerId(ctx), targetId] });
    }
    return unblocked;
  }
}
