/**
 * What circle reads learn by looking ahead (src/graphql/look-ahead.ts) at what the query
 * asks of the circles they return.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { CursorKind, type TwoWayPageRequest } from '../graph/cursors.js';
import type { Context } from '../graphql/context.js';
import { argsOf, selectedFields } from '../graphql/look-ahead.js';
import { readTwoWayPage, type TwoWayPageArgs } from '../graphql/pagination.js';
import { primeFromPosts } from '../posts/posts.loaders.js';
import type { Circle } from './circle.type.js';
import { circlePageForViewer } from './circles.repository.js';

/** Fields of a Circle read from the viewer's standing in it (the circles loaders' `standing`). */
const STANDING_FIELDS = new Set(['memberCount', 'viewerRole']);

/**
 * Whether the circles of a connection (`edges { node { … } }`) are asked for their member
 * count or the viewer's role, by a signed-in person (the standing loader reads for them alone).
 */
export function asksForStanding(info: GraphQLResolveInfo, ctx: Pick<Context, 'viewer'>): boolean {
  if (ctx.viewer?.kind !== 'user') return false;
  return selectedFields(info, ['edges', 'node']).some((field) => STANDING_FIELDS.has(field.name));
}

/**
 * `circle(slug:)` looking ahead: when the query asks for the circle's members or posts, their
 * pages (either way, as the children read them) come in the statement that finds the circle (circlePageForViewer), and the
 * loaders Circle.members and Circle.posts read from are primed with them, so a circle page
 * costs one round-trip, not three. Both children still check read access themselves (from
 * the standing primed here); for a circle the viewer may not read nothing is primed.
 */
export async function circleBySlugLookingAhead(ctx: Context, slug: string, info: GraphQLResolveInfo): Promise<Circle | null> {
  const fields = selectedFields(info);
  const membersArgs = argsOf(fields, 'members');
  const postsArgs = argsOf(fields, 'posts');
  const lists = { members: membersArgs ? pageOrNull(ctx, membersArgs) : null, posts: postsArgs ? pageOrNull(ctx, postsArgs) : null };
  if (ctx.viewer?.kind !== 'user' || (!lists.members && !lists.posts)) return ctx.loaders.circles.bySlug.load(slug);
  const page = await circlePageForViewer(ctx.db, ctx.viewer.id, slug, lists);
  if (!page) return null;
  const loaders = ctx.loaders;
  loaders.circles.remember([page]);
  loaders.circles.bySlug.prime(slug, page.c);
  if (page.readable && lists.members) loaders.circles.members.prime({ id: page.c.id, page: lists.members }, page.members);
  if (page.readable && lists.posts) {
    loaders.posts.ofCircle.prime({ id: page.c.id, page: lists.posts }, page.posts);
    primeFromPosts(loaders, page.posts.map((row) => row.node));
  }
  return page.c;
}

/**
 * The page Circle.members and Circle.posts will ask for, read from their arguments as they
 * read it (readTwoWayPage by time, from the start), so the primed key is the one they load;
 * null when the arguments are bad (the child then says so).
 */
function pageOrNull(ctx: Context, args: TwoWayPageArgs): TwoWayPageRequest | null {
  try {
    return readTwoWayPage(ctx, args, CursorKind.BY_TIME);
  } catch {
    return null;
  }
}
