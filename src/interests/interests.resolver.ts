import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../auth/roles.js';
import { badInput } from '../errors.js';
import { CursorKind } from '../graph/cursors.js';
import type { Context } from '../graphql/context.js';
import { MaxItems } from '../graphql/list-bounds.js';
import { readTwoWayPage, toPageConnection, TwoWayPageArgs } from '../graphql/pagination.js';
import { viewerId } from '../graphql/viewer.js';
import { optionalText, slug } from '../shared/validate.js';
import { User } from '../users/user.type.js';
import { Interest, InterestConnection, interestId } from './interest.type.js';
import { listInterests, replaceInterests } from './interests.repository.js';
import { MAX_INTERESTS } from './interests.rules.js';

@ArgsType()
class InterestsArgs extends TwoWayPageArgs {
  @Field(() => String, { nullable: true, description: 'Part of a name or slug, any case.' })
  search?: string | null;
}

@Resolver()
export class InterestsResolver {
  @Authorized()
  @Query(() => InterestConnection, { description: 'The interest catalogue, in name order.' })
  async interests(@Args(() => InterestsArgs) args: InterestsArgs, @Ctx() ctx: Context) {
    const page = readTwoWayPage(ctx, args, CursorKind.BY_NAME);
    const search = optionalText('search', args.search, { max: 100, singleLine: true }) ?? null;
    const rows = await listInterests(ctx.db, search, page);
    return toPageConnection(rows, page, (interest) => [interest.name, interest.slug]);
  }

  @Authorized(Role.USER)
  @Mutation(() => User, { description: `Replaces your interests with exactly these (at most ${MAX_INTERESTS}).` })
  async setInterests(@Arg('slugs', () => [String]) slugs: string[], @Ctx() ctx: Context): Promise<User> {
    const normalised = [...new Set(slugs.map((value) => slug('slugs', value)))];
    if (normalised.length > MAX_INTERESTS) {
      throw badInput('slugs', `You can follow at most ${MAX_INTERESTS} interests; got ${normalised.length}.`);
    }
    const before = await ctx.loaders.interests.ofUser.load(viewerId(ctx));
    await replaceInterests(ctx.db, viewerId(ctx), normalised);
    ctx.loaders.interests.ofUser.clear(viewerId(ctx));
    // Whoever follows an interest dropped or taken up gains or loses the viewer as a candidate.
    const followed = [...new Set([...before.map((interest) => interest.slug), ...normalised])];
    await ctx.app.candidates.changed(ctx.db, { ids: [viewerId(ctx)], followersOf: followed });
    return ctx.loaders.users.byId.clear(viewerId(ctx)).load(viewerId(ctx)) as Promise<User>;
  }
}

@Resolver(() => Interest)
export class InterestFieldsResolver {
  @FieldResolver(() => ID, { description: 'Globally unique (`node(id:)` finds it).' })
  id(@Root() interest: Interest): string {
    return interestId(interest);
  }
}

@Resolver(() => User)
export class UserInterestsResolver {
  @FieldResolver(() => [Interest], { description: `What this person follows, in name order (at most ${MAX_INTERESTS}).` })
  @MaxItems(MAX_INTERESTS)
  interests(@Root() user: User, @Ctx() ctx: Context): Promise<Interest[]> {
    return ctx.loaders.interests.ofUser.load(user.id);
  }
}
