import { Args, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../auth/roles.js';
import { CursorKind } from '../graph/cursors.js';
import type { Context } from '../graphql/context.js';
import { readForwardPage, toConnection } from '../graphql/pagination.js';
import { viewerId } from '../graphql/viewer.js';
import { User } from '../users/user.type.js';
import { Icebreaker, RecommendationArgs, RecommendationConnection, recommendationId } from './recommendation.type.js';
import { recommendationFilter } from './recommendations.rules.js';

/**
 * Why recommendations do not page backward: a page is read from the stored candidate list
 * and, past its end, ranked live (candidates.service.ts), so the list has no end to read
 * back from that stays put between requests.
 */
const FORWARD_ONLY = 'recommendations are ranked as you read them, so the list has no fixed end to read back from. Start again without a cursor for a fresh ranking.';

/** Recommended people are strangers by construction: what the loaders would ask, we already know. */
const STRANGER = { connected: false, blocking: false, blockedBy: false, requested: false, incoming: false };

@Resolver()
export class RecommendationsResolver {
  @Authorized(Role.USER)
  @Query(() => RecommendationConnection, {
    description:
      'People you are not yet connected with who share an interest or a circle with you, best credit band first as far as each lets strangers see it (hidden or missing scores last), then by shared interests, circles and mutual trust. Pages forward only: `last` and `before` are refused (BAD_USER_INPUT), as the ranking is computed as you read it and has no fixed end.',
  })
  async strangerRecommendations(@Args(() => RecommendationArgs) args: RecommendationArgs, @Ctx() ctx: Context) {
    const page = readForwardPage(ctx, args, CursorKind.BY_RANK, FORWARD_ONLY);
    const filter = recommendationFilter(args);
    const rows = await ctx.app.candidates.page(ctx.db, viewerId(ctx), filter, page);
    for (const row of rows) {
      ctx.loaders.users.byId.prime(row.user.id, row.user);
      ctx.loaders.connections.relationToViewer.prime(row.user.id, { id: row.user.id, ...STRANGER });
    }
    return toConnection(
      rows.map((row) => ({ ...row, id: recommendationId(row) })),
      page,
      (row) => [row.band, row.relevance, row.user.id],
    );
  }
}

@Resolver(() => User)
export class UserIcebreakerResolver {
  @FieldResolver(() => Icebreaker, {
    nullable: true,
    description: 'What you share with this person; null for yourself and where a block stands between you.',
  })
  async icebreaker(@Root() user: User, @Ctx() ctx: Context): Promise<Icebreaker | null> {
    return ctx.loaders.recommendations.icebreaker.load(user.id);
  }
}
