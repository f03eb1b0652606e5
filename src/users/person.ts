import { notFound } from '../errors.js';
import type { Context } from '../graphql/context.js';
import type { User } from './user.type.js';

/** A person by id through the request's loader, for fields that must name someone (authors, actors, ends of an edge). */
export async function personById(ctx: Context, id: string): Promise<User> {
  const user = await ctx.loaders.users.byId.load(id);
  if (!user) throw notFound('That person no longer exists (their account was deleted).');
  return user;
}
