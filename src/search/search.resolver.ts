import { Args, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { Role } from '../auth/roles.js';
import { CircleConnection } from '../circles/circle.type.js';
import { CursorKind } from '../graph/cursors.js';
import type { Context } from '../graphql/context.js';
import { ConnectionType, readTwoWayPage, toPageConnection } from '../graphql/pagination.js';
import { viewerId } from '../graphql/viewer.js';
import { primeFromPosts } from '../posts/posts.loaders.js';
import { PostConnection } from '../posts/post.type.js';
import { User } from '../users/user.type.js';
import { SearchArgs } from './search.inputs.js';
import { searchCircles, searchPeople, searchPosts } from './search.repository.js';
import { SEARCH_CANDIDATES, searchQuery } from './search.rules.js';

/** People found: a page of them, without the count `connections` keeps (a count of matches would cost every match). */
const UserSearchConnection = ConnectionType('UserSearch', User);

const BOUND = `Reads the best ${SEARCH_CANDIDATES} matches at most: with more, add words. Rate-limited per person (RATE_LIMITED).`;

@Resolver()
export class SearchResolver {
  @Authorized(Role.USER)
  @Query(() => UserSearchConnection, {
    description: `People by real name or handle: the exact handle or name first, then those starting with your text, then the rest, each in handle order. Nobody you blocked or who blocked you. ${BOUND}`,
  })
  async searchPeople(@Args(() => SearchArgs) args: SearchArgs, @Ctx() ctx: Context) {
    const [query, page] = await start(ctx, args, CursorKind.BY_MATCH);
    const people = await searchPeople(ctx.db, viewerId(ctx), query, page);
    for (const { node: person } of people) ctx.loaders.users.byId.prime(person.id, person);
    return toPageConnection(people, page, (person) => [person.matchRank, person.handle]);
  }

  @Authorized(Role.USER)
  @Query(() => CircleConnection, {
    description: `Circles by name and description: the exact name first, then names starting with your text, names holding it, and circles matched by their description alone, each in slug order. ${BOUND}`,
  })
  async searchCircles(@Args(() => SearchArgs) args: SearchArgs, @Ctx() ctx: Context) {
    const [query, page] = await start(ctx, args, CursorKind.BY_MATCH);
    const circles = await searchCircles(ctx.db, query, page);
    for (const { node: circle } of circles) ctx.loaders.circles.byId.prime(circle.id, circle);
    return toPageConnection(circles, page, (circle) => [circle.matchRank, circle.slug]);
  }

  @Authorized(Role.USER)
  @Query(() => PostConnection, {
    description: `Posts holding your words, newest first: only in circles you may read, none by people you blocked or who blocked you. ${BOUND}`,
  })
  async searchPosts(@Args(() => SearchArgs) args: SearchArgs, @Ctx() ctx: Context) {
    const [query, page] = await start(ctx, args, CursorKind.BY_TIME);
    const posts = await searchPosts(ctx.db, viewerId(ctx), query, page);
    primeFromPosts(ctx.loaders, posts.map((row) => row.node));
    return toPageConnection(posts, page, (post) => [post.createdAt.toISOString(), post.id]);
  }
}

// Private: every search checks its text and page first, then counts against the person's limit.
async function start(ctx: Context, args: SearchArgs, kind: CursorKind) {
  const query = searchQuery(args.text);
  const page = readTwoWayPage(ctx, args, kind);
  await ctx.app.rateLimiter.consume(ctx.app.rateLimiter.limits.searchesPerUser, viewerId(ctx));
  return [query, page] as const;
}
