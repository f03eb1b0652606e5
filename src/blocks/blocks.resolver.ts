import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { Role } from '../auth/roles.js';
import type { Context } from '../context.js';
import { Topic } from '../pubsub.js';
import { handle } from '../shared/validate.js';
import { block, unblock } from './blocks.repository.js';

/** Both people's live subscriptions re-read who is hidden from them. */
function announceBlocksChanged(ctx: Context, otherId: string): void {
  for (const userId of [ctx.viewer!.id, otherId]) ctx.app.pubSub.publish(Topic.UserEvents, userId, { kind: 'BLOCKS_CHANGED' });
}

@Resolver()
export class BlocksResolver {
  @Authorized(Role.USER)
  @Mutation(() => Boolean, {
    description:
      'Blocks a person: ends your connection and pending requests; from then on neither of you sees the other in recommendations, feeds, trust paths, member lists or live activity.',
  })
  async blockUser(@Arg('handle', () => String) value: string, @Ctx() ctx: Context): Promise<boolean> {
    const targetId = await block(ctx.db, ctx.viewer!.id, handle('handle', value));
    announceBlocksChanged(ctx, targetId);
    return true;
  }

  @Authorized(Role.USER)
  @Mutation(() => Boolean, { description: 'Lifts your block; false if you had not blocked them.' })
  async unblockUser(@Arg('handle', () => String) value: string, @Ctx() ctx: Context): Promise<boolean> {
    const { targetId, unblocked } = await unblock(ctx.db, ctx.viewer!.id, handle('handle', value));
    if (unblocked) announceBlocksChanged(ctx, targetId);
    return unblocked;
  }
}
