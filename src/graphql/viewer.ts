/** Who is asking, for resolvers behind `@Authorized()`. */
import { unauthenticated } from '../errors.js';
import type { Context } from './context.js';

/**
 * The signed-in viewer's id. `@Authorized()` has already refused anonymous requests, so the
 * error here only guards against a resolver that forgot its decorator.
 */
/** Whether the viewer is this person: fields only their owner may read check it. */
export function isViewer(ctx: Pick<Context, 'viewer'>, userId: string): boolean {
  return ctx.viewer?.kind === 'user' && ctx.viewer.id === userId;
}

export function viewerId(ctx: Pick<Context, 'viewer' | 'authError'>): string {
  if (!ctx.viewer) throw ctx.authError ?? unauthenticated();
  return ctx.viewer.id;
}
