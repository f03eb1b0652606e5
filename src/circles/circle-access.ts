/**
 * How any resolver gets at a circle: by its slug, and past its members-only wall. Not a
 * resolver, so other features (posts) may use it; the decision itself is `readRefusal`
 * in circles.rules.ts.
 */
import type { Context } from '../graphql/context.js';
import { slug } from '../shared/validate.js';
import type { Circle } from './circle.type.js';
import { noSuchCircle, readRefusal } from './circles.rules.js';

/** The circle with this slug, or NOT_FOUND. Shared by every circle mutation. */
export async function circleBySlug(ctx: Context, value: string, field = 'circleSlug'): Promise<Circle> {
  const key = slug(field, value);
  const circle = await ctx.loaders.circles.bySlug.load(key);
  if (!circle) throw noSuchCircle(key);
  return circle;
}

/** Throws FORBIDDEN unless the viewer may see inside the circle; `what` finishes "Only members of … can". */
export async function requireReadAccess(ctx: Context, circle: Circle, what: string): Promise<void> {
  // Public circles need no standing: skipping the load spares a round-trip for circles that
  // came without it (from the `circles` list or a person's circles).
  const viewerRole = circle.membersOnly ? ((await ctx.loaders.circles.standing.load(circle.id))?.viewerRole ?? null) : null;
  const refusal = readRefusal(circle, viewerRole, what);
  if (refusal) throw refusal;
}
