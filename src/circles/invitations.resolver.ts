import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { Role } from '../auth/roles.js';
import { CursorKind } from '../graph/cursors.js';
import type { Context } from '../graphql/context.js';
import { readTwoWayPage, toPageConnection, TwoWayPageArgs } from '../graphql/pagination.js';
import { isViewer, viewerId } from '../graphql/viewer.js';
import { circleAnnouncing } from '../graphql/live.js';
import { announceMembership, announceNotifications } from '../live/publish.js';
import { handle } from '../shared/validate.js';
import { User } from '../users/user.type.js';
import { circleBySlug } from './circle-access.js';
import { Circle } from './circle.type.js';
import { ACKNOWLEDGE_DISCLOSURE } from './circles.inputs.js';
import { CircleInvitation, CircleInvitationConnection, circleInvitationId } from './invitation.type.js';
import { invitationsOf, inviteToCircle, respondToInvitation } from './invitations.repository.js';

@Resolver()
export class InvitationsResolver {
  @Authorized(Role.USER)
  @Mutation(() => CircleInvitation, {
    description:
      "Owners and moderators invite someone to their circle (the only way into an INVITE_ONLY one); the invitee is notified and accepts or declines with respondToCircleInvitation. Inviting again is harmless. Rate-limited per person (RATE_LIMITED). Someone who blocked you is, as everywhere, a handle nobody has.",
  })
  async inviteToCircle(@Arg('circleSlug', () => String) circleSlug: string, @Arg('handle', () => String) target: string, @Ctx() ctx: Context): Promise<CircleInvitation> {
    const circle = await circleBySlug(ctx, circleSlug);
    const invitee = handle('handle', target);
    await ctx.app.rateLimiter.consume(ctx.app.rateLimiter.limits.invitationsPerUser, viewerId(ctx));
    const { row, notifications } = await inviteToCircle(ctx.db, viewerId(ctx), circle, invitee);
    announceNotifications(ctx.app.pubSub, notifications);
    return row;
  }

  @Authorized(Role.USER)
  @Mutation(() => Circle, {
    description:
      "Accepts (joining the circle) or declines your pending invitation to it. The circle's gates still apply on accepting, and a credit-gated circle needs your consent to what membership discloses; a refusal leaves the invitation pending.",
  })
  async respondToCircleInvitation(
    @Arg('circleSlug', () => String) circleSlug: string,
    @Arg('accept', () => Boolean) accept: boolean,
    @Arg('acknowledgeDisclosure', () => Boolean, { nullable: true, defaultValue: false, description: ACKNOWLEDGE_DISCLOSURE }) acknowledged: boolean,
    @Ctx() ctx: Context,
  ): Promise<Circle> {
    const circle = await circleBySlug(ctx, circleSlug);
    if (await respondToInvitation(ctx.db, viewerId(ctx), circle, accept, acknowledged)) {
      await announceMembership(circleAnnouncing(ctx), 'MEMBER_JOINED', circle.id, viewerId(ctx), viewerId(ctx));
      ctx.loaders.circles.standing.clear(circle.id);
      await ctx.app.candidates.changed(ctx.db, { ids: [viewerId(ctx)], membersOf: [circle.slug] });
    }
    return circle;
  }
}

@Resolver(() => User)
export class UserInvitationsResolver {
  @FieldResolver(() => CircleInvitationConnection, {
    nullable: true,
    description: 'Your pending invitations to circles, newest first (respondToCircleInvitation answers them). Yours alone to read: null for anyone else.',
  })
  async circleInvitations(@Root() user: User, @Args(() => TwoWayPageArgs) args: TwoWayPageArgs, @Ctx() ctx: Context) {
    const page = readTwoWayPage(ctx, args, CursorKind.BY_TIME);
    if (!isViewer(ctx, user.id)) return null;
    return toPageConnection(await invitationsOf(ctx.db, user.id, page), page, (i) => [i.createdAt.toISOString(), i.circle.id]);
  }
}

@Resolver(() => CircleInvitation)
export class CircleInvitationFieldsResolver {
  @FieldResolver(() => ID, { description: 'The same for a person\'s invitation to a circle while it is pending (a client caches by it; evict it once answered).' })
  id(@Root() invitation: CircleInvitation): string {
    return circleInvitationId(invitation);
  }
}
