import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, Info, Mutation, Query, Resolver } from 'type-graphql';
import { Role } from '../auth/roles.js';
import type { Context } from '../graphql/context.js';
import { viewerId } from '../graphql/viewer.js';
import { announceNotifications } from '../live/publish.js';
import { handle } from '../shared/validate.js';
import { userByHandleLookingAhead } from './profile.lookahead.js';
import { User } from './user.type.js';
import { checkProfilePatch, UpdateProfileInput } from './users.inputs.js';
import { markVerified, updateProfile } from './users.repository.js';

@Resolver()
export class UsersResolver {
  @Authorized()
  @Query(() => User, { nullable: true, description: 'You, as the token says; null for service tokens.' })
  me(@Ctx() ctx: Context): Promise<User | null> {
    return ctx.viewer?.kind === 'user' ? ctx.loaders.users.byId.load(ctx.viewer.id) : Promise.resolve(null);
  }

  @Authorized()
  @Query(() => User, {
    nullable: true,
    description: 'A person by handle (any case), or null: also for someone who blocked you, who is to you as if they did not exist.',
  })
  user(@Arg('handle', () => String) value: string, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<User | null> {
    return userByHandleLookingAhead(ctx, handle('handle', value), info);
  }

  @Authorized(Role.USER)
  @Mutation(() => User, { description: 'Changes your own profile.' })
  async updateProfile(@Arg('input', () => UpdateProfileInput) input: UpdateProfileInput, @Ctx() ctx: Context): Promise<User> {
    const user = await updateProfile(ctx.db, viewerId(ctx), checkProfilePatch(input));
    // Who sees the viewer's vouches decides the mutual-trust counts of those who trust the viewer.
    // (A score visibility change needs no mark: pages re-check each person's band as they read.)
    if (input.vouchVisibility) await ctx.app.candidates.changed(ctx.db, { trustersOf: [viewerId(ctx)] });
    return user;
  }

  @Authorized(Role.IDENTITY_VERIFIER)
  @Mutation(() => User, { description: 'Identity verifiers only. Marks the real name as verified.' })
  async verifyRealName(@Arg('handle', () => String) value: string, @Ctx() ctx: Context): Promise<User> {
    const { row, notifications } = await markVerified(ctx.db, handle('handle', value));
    announceNotifications(ctx.app.pubSub, notifications);
    return row;
  }
}
