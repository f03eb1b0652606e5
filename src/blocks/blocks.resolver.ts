import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { Role } from '../auth/roles.js';
import { connectionRequestId } from '../connections/connection.type.js';
import type { Context } from '../graphql/context.js';
import { viewerId } from '../graphql/viewer.js';
import { announceBlock } from '../live/publish.js';
import { handle } from '../shared/validate.js';
import { personById } from '../users/person.js';
import { BlockUserPayload, UnblockUserPayload } from './block.payloads.js';
import { block, unblock } from './blocks.repository.js';

const BLOCK =
  'Blocks a person: ends your connection and pending requests; from then on neither of you sees the other in recommendations, feeds, trust paths, member lists or live activity.';

/** Blocking, for blockUser and its twin; returns the person's id. */
async function blockPerson(ctx: Context, value: string): Promise<string> {
  const targetId = await block(ctx.db, viewerId(ctx), handle('handle', value));
  // Live subscriptions, on every instance, stop showing the two people to each other.
  announceBlock(ctx.app.pubSub, { blockerId: viewerId(ctx), blockedId: targetId, blocked: true });
  await ctx.app.candidates.changed(ctx.db, { ids: [viewerId(ctx), targetId] });
  return targetId;
}

/** Lifting a block, for unblockUser and its twin. */
async function unblockPerson(ctx: Context, value: string): Promise<{ targetId: string; unblocked: boolean }> {
  const result = await unblock(ctx.db, viewerId(ctx), handle('handle', value));
  if (result.unblocked) {
    announceBlock(ctx.app.pubSub, { blockerId: viewerId(ctx), blockedId: result.targetId, blocked: false });
    await ctx.app.candidates.changed(ctx.db, { ids: [viewerId(ctx), result.targetId] });
  }
  return result;
}

@Resolver()
export class BlocksResolver {
  @Authorized(Role.USER)
  @Mutation(() => Boolean, { description: BLOCK })
  async blockUser(@Arg('handle', () => String) value: string, @Ctx() ctx: Context): Promise<boolean> {
    await blockPerson(ctx, value);
    return true;
  }

  @Authorized(Role.USER)
  @Mutation(() => BlockUserPayload, { description: 'blockUser, answering what a client cache needs: the person as they now are and the requests to evict.' })
  async blockUserWithPayload(@Arg('handle', () => String) value: string, @Ctx() ctx: Context): Promise<BlockUserPayload> {
    const targetId = await blockPerson(ctx, value);
    const me = viewerId(ctx);
    return {
      user: await personById(ctx, targetId),
      endedConnectionRequestIds: [connectionRequestId({ fromId: me, toId: targetId }), connectionRequestId({ fromId: targetId, toId: me })],
    };
  }

  @Authorized(Role.USER)
  @Mutation(() => Boolean, { description: 'Lifts your block; false if you had not blocked them.' })
  async unblockUser(@Arg('handle', () => String) value: string, @Ctx() ctx: Context): Promise<boolean> {
    return (await unblockPerson(ctx, value)).unblocked;
  }

  @Authorized(Role.USER)
  @Mutation(() => UnblockUserPayload, { description: 'unblockUser, answering the person with their connectionStatus beside the flag.' })
  async unblockUserWithPayload(@Arg('handle', () => String) value: string, @Ctx() ctx: Context): Promise<UnblockUserPayload> {
    const { targetId, unblocked } = await unblockPerson(ctx, value);
    return { unblocked, user: await personById(ctx, targetId) };
  }
}
