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
import { CircleInvitation, CircleInvitationConnection, CirclePendingInvitationConnection } from './invitation.type.js';
import {
  invitationsOf,
  inviteToCircle,
  pendingInvitationCount,
  pendingInvitationsOf,
  respondToInvitation,
  withdrawInvitation,
} from './invitations.repository.js';
import { mayModerate } from './moderation.rules.js';

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

  @Authorized(Role.USER)
  @Mutation(() => CircleInvitation, {
    description:
      "Owners and moderators withdraw a pending invitation to their circle, whoever of them sent it: the invitee can no longer accept it, and their notification of it goes. Returns it as it stood. An id nobody has (or one naming someone a block hides from you) is NOT_FOUND; anyone else is FORBIDDEN; an invitation already accepted, declined or withdrawn is CONFLICT.",
  })
  async withdrawCircleInvitation(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<CircleInvitation> {
    return withdrawInvitation(ctx.db, viewerId(ctx), id);
  }
}

@Resolver(() => Circle)
export class CircleInvitationsResolver {
  @FieldResolver(() => CirclePendingInvitationConnection, {
    nullable: true,
    description:
      'Pending invitations to this circle, newest first, whoever of its owners and moderators sent them (withdrawCircleInvitation takes one back): for its owners and moderators, leaving out people a block hides from them. Null for everyone else.',
  })
  async invitations(@Root() circle: Circle, @Args(() => TwoWayPageArgs) args: TwoWayPageArgs, @Ctx() ctx: Context) {
    const page = readTwoWayPage(ctx, args, CursorKind.BY_TIME);
    if (!ctx.viewer || !mayModerate((await ctx.loaders.circles.standing.load(circle.id))?.viewerRole ?? null)) return null;
    const totalCount = () => pendingInvitationCount(ctx.db, viewerId(ctx), circle.id);
    return { ...toPageConnection(await pendingInvitationsOf(ctx.db, viewerId(ctx), circle.id, page), page, (i) => [i.createdAt.toISOString(), i.id]), totalCount };
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
