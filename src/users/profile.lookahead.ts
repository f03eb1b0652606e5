/**
 * `user(handle:)` looking ahead: when the query asks for the person's interests or circles,
 * they come in the statement that finds the person, and the loaders User.interests and
 * User.circles read from are primed with them, so a profile costs one round-trip, not three.
 * The lists are read by the same Cypher fragments as their own loaders use, with the same
 * viewer, so they hold exactly what those resolvers would have read.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { CursorKind, type TwoWayPageRequest } from '../graph/cursors.js';
import type { Context } from '../graphql/context.js';
import { argsOf, selectedFields } from '../graphql/look-ahead.js';
import { readTwoWayPage, type TwoWayPageArgs } from '../graphql/pagination.js';
import type { User } from './user.type.js';
import { profileByHandle } from './users.repository.js';

export async function userByHandleLookingAhead(ctx: Context, handle: string, info: GraphQLResolveInfo): Promise<User | null> {
  const fields = selectedFields(info);
  const circlesArgs = argsOf(fields, 'circles');
  const lists = { interests: argsOf(fields, 'interests') !== null, circles: circlesArgs ? circlesPage(ctx, circlesArgs) : null };
  // The circles loader reads for signed-in people only (services see as nobody): look ahead for them alone.
  if (ctx.viewer?.kind !== 'user' || (!lists.interests && !lists.circles)) return ctx.loaders.users.byHandle.load(handle);
  const profile = await profileByHandle(ctx.db, ctx.viewer.id, handle, lists);
  if (!profile) return null;
  const { user } = profile;
  ctx.loaders.users.byHandle.prime(handle, user);
  ctx.loaders.users.byId.prime(user.id, user);
  if (profile.interests) ctx.loaders.interests.ofUser.prime(user.id, profile.interests);
  if (profile.circles && lists.circles) ctx.loaders.circles.ofUser.prime({ id: user.id, page: lists.circles }, profile.circles);
  return user;
}

/**
 * The page User.circles will ask for, read from its arguments as it reads it (readTwoWayPage
 * by name, from the start), so the primed key is the one it loads; null when its arguments
 * are bad (that resolver then says so itself).
 */
function circlesPage(ctx: Context, args: TwoWayPageArgs): TwoWayPageRequest | null {
  try {
    return readTwoWayPage(ctx, args, CursorKind.BY_NAME);
  } catch {
    return null;
  }
}
