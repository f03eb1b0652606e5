/** Announces circle activity to live subscribers (after the change has committed). */
import type { Context } from '../graphql/context.js';
import { viewerId } from '../graphql/viewer.js';
import { Topic, type CircleEvent } from '../live/transport.js';

type MembershipKind = 'MEMBER_JOINED' | 'MEMBER_LEFT' | 'MEMBER_BANNED';

export function announce(ctx: Context, event: CircleEvent): void {
  ctx.app.pubSub.publish(Topic.CircleActivity, event.circleId, event);
}

/** Leaving and bans also end the person's own subscriptions to the circle (see LiveHub). */
export function announceMembership(ctx: Context, kind: MembershipKind, circleId: string, userId: string): void {
  announce(ctx, { kind, circleId, userId, actorId: viewerId(ctx), at: new Date().toISOString() });
}
