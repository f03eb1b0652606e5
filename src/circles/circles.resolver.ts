import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../auth/roles.js';
import { CursorKind } from '../graph/cursors.js';
import type { Context } from '../graphql/context.js';
import { circleAnnouncing } from '../graphql/live.js';
import { MaxItems } from '../graphql/list-bounds.js';
import { readTwoWayPage, toPageConnection, TwoWayPageArgs } from '../graphql/pagination.js';
import { isViewer, viewerId } from '../graphql/viewer.js';
import { Interest } from '../interests/interest.type.js';
import { announceMembership } from '../live/publish.js';
import { optionalText, slug } from '../shared/validate.js';
import { User } from '../users/user.type.js';
import { circleBySlug, requireReadAccess } from './circle-access.js';
import { LeaveCirclePayload } from './circle.payloads.js';
import { Circle, CircleConnection, CircleMember, circleMemberId, CircleMemberConnection, CircleRole } from './circle.type.js';
import { ACKNOWLEDGE_DISCLOSURE, checkNewCircle, CirclesArgs, CreateCircleInput, MAX_CIRCLE_INTERESTS } from './circles.inputs.js';
import { asksForStanding, circleBySlugLookingAhead } from './circles.lookahead.js';
import { createCircle, joinCircle, leaveCircle, listCircles, listCirclesForViewer } from './circles.repository.js';
import { disclosureAudience } from './circles.rules.js';
import { CircleDisclosure } from './disclosure.type.js';
import { gatedMembershipsOf, MAX_DISCLOSURES_LISTED } from './disclosures.repository.js';

/** Leaving, for leaveCircle and its twin: the circle is read afresh (its standing changed). */
async function leave(ctx: Context, value: string): Promise<LeaveCirclePayload> {
  const circle = await circleBySlug(ctx, value, 'slug');
  const left = await leaveCircle(ctx.db, viewerId(ctx), circle);
  if (left) {
    await announceMembership(circleAnnouncing(ctx), 'MEMBER_LEFT', circle.id, viewerId(ctx), viewerId(ctx));
    await ctx.app.candidates.changed(ctx.db, { ids: [viewerId(ctx)], membersOf: [circle.slug] });
    ctx.loaders.circles.standing.clear(circle.id);
  }
  return { left, circle, removedMemberId: left ? circleMemberId({ circleId: circle.id, user: { id: viewerId(ctx) } }) : null };
}

@Resolver(() => Circle)
export class CirclesResolver {
  @Authorized()
  @Query(() => Circle, { nullable: true, description: 'A circle by slug, or null.' })
  circle(@Arg('slug', () => String) value: string, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<Circle | null> {
    return circleBySlugLookingAhead(ctx, slug('slug', value), info);
  }

  @Authorized()
  @Query(() => CircleConnection, { description: 'Circles in name order, optionally about one interest or matching a search.' })
  async circles(@Args(() => CirclesArgs) args: CirclesArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    const page = readTwoWayPage(ctx, args, CursorKind.BY_NAME);
    const filter = {
      interest: args.interest ? slug('interest', args.interest) : null,
      search: optionalText('search', args.search, { max: 100, singleLine: true }) ?? null,
    };
    const key = (c: Circle) => [c.name, c.slug];
    if (!asksForStanding(info, ctx)) return toPageConnection(await listCircles(ctx.db, filter, page), page, key);
    // A list that shows counts or roles reads them with the circles (looking ahead), not in a second round-trip.
    const rows = await listCirclesForViewer(ctx.db, viewerId(ctx), filter, page);
    ctx.loaders.circles.remember(rows.map((row) => row.node));
    return toPageConnection(rows.map((row) => ({ node: row.node.c, beyond: row.beyond })), page, key);
  }

  @Authorized(Role.USER)
  @Mutation(() => Circle, {
    description:
      'Founds a circle; you become its owner. You must meet its own gates, and consent to what membership of a credit-gated circle discloses. Founding is rate-limited per person (RATE_LIMITED).',
  })
  async createCircle(@Arg('input', () => CreateCircleInput) input: CreateCircleInput, @Ctx() ctx: Context): Promise<Circle> {
    const circle = checkNewCircle(input);
    await ctx.app.rateLimiter.consume(ctx.app.rateLimiter.limits.circlesPerUser, viewerId(ctx));
    return createCircle(ctx.db, viewerId(ctx), circle);
  }

  @Authorized(Role.USER)
  @Mutation(() => Circle, {
    description: 'Joins a circle if you meet its gates (and, for a credit-gated circle, consent to what membership discloses). Joining twice is harmless.',
  })
  async joinCircle(
    @Arg('slug', () => String) value: string,
    @Arg('acknowledgeDisclosure', () => Boolean, { nullable: true, defaultValue: false, description: ACKNOWLEDGE_DISCLOSURE }) acknowledged: boolean,
    @Ctx() ctx: Context,
  ): Promise<Circle> {
    const circle = await circleBySlug(ctx, value, 'slug');
    if (await joinCircle(ctx.db, viewerId(ctx), circle, acknowledged)) {
      await announceMembership(circleAnnouncing(ctx), 'MEMBER_JOINED', circle.id, viewerId(ctx), viewerId(ctx));
      ctx.loaders.circles.standing.clear(circle.id);
      await ctx.app.candidates.changed(ctx.db, { ids: [viewerId(ctx)], membersOf: [circle.slug] });
    }
    return circle;
  }

  @Authorized(Role.USER)
  @Mutation(() => Boolean, { description: 'Leaves a circle; false if you were not in it. The last owner cannot leave.' })
  async leaveCircle(@Arg('slug', () => String) value: string, @Ctx() ctx: Context): Promise<boolean> {
    return (await leave(ctx, value)).left;
  }

  @Authorized(Role.USER)
  @Mutation(() => LeaveCirclePayload, { description: 'leaveCircle, answering what a client cache needs: the circle as it now is and the membership to evict.' })
  leaveCircleWithPayload(@Arg('slug', () => String) value: string, @Ctx() ctx: Context): Promise<LeaveCirclePayload> {
    return leave(ctx, value);
  }

  @FieldResolver(() => [Interest], { description: `What the circle is about, in name order (at most ${MAX_CIRCLE_INTERESTS}).` })
  @MaxItems(MAX_CIRCLE_INTERESTS)
  interests(@Root() circle: Circle, @Ctx() ctx: Context): Promise<Interest[]> {
    return ctx.loaders.circles.interests.load(circle.id);
  }

  @FieldResolver(() => Int)
  async memberCount(@Root() circle: Circle, @Ctx() ctx: Context): Promise<number> {
    return (await ctx.loaders.circles.standing.load(circle.id))?.memberCount ?? 0;
  }

  @FieldResolver(() => CircleRole, { nullable: true, description: 'Your role here; null when you are not a member.' })
  async viewerRole(@Root() circle: Circle, @Ctx() ctx: Context): Promise<CircleRole | null> {
    return (await ctx.loaders.circles.standing.load(circle.id))?.viewerRole ?? null;
  }

  @FieldResolver(() => CircleMemberConnection, { description: 'Members, earliest first. Members-only circles show them to members.' })
  async members(@Root() circle: Circle, @Args(() => TwoWayPageArgs) args: TwoWayPageArgs, @Ctx() ctx: Context) {
    const page = readTwoWayPage(ctx, args, CursorKind.BY_TIME);
    await requireReadAccess(ctx, circle, 'see who is in it');
    const rows = await ctx.loaders.circles.members.load({ id: circle.id, page });
    const totalCount = () => this.memberCount(circle, ctx);
    return { ...toPageConnection(rows, page, (m) => [m.joinedAt.toISOString(), m.user.id]), totalCount };
  }
}

@Resolver(() => CircleMember)
export class CircleMemberFieldsResolver {
  @FieldResolver(() => ID, { description: 'The same for a person in a circle while they stay in it, whatever their role (a client caches by it).' })
  id(@Root() member: CircleMember): string {
    return circleMemberId(member);
  }
}

@Resolver(() => User)
export class UserCirclesResolver {
  @FieldResolver(() => CircleConnection, { description: 'Circles this person is in (members-only ones only if you are in them too).' })
  async circles(@Root() user: User, @Args(() => TwoWayPageArgs) args: TwoWayPageArgs, @Ctx() ctx: Context) {
    const page = readTwoWayPage(ctx, args, CursorKind.BY_NAME);
    const rows = await ctx.loaders.circles.ofUser.load({ id: user.id, page });
    return toPageConnection(rows, page, (c) => [c.name, c.slug]);
  }

  @FieldResolver(() => [CircleDisclosure], {
    nullable: true,
    description: `What your memberships of credit-gated circles tell others about your score, and to whom, in circle name order: at most ${MAX_DISCLOSURES_LISTED}; \`circles(first, after)\` pages through all your circles, each with its \`minCreditScore\`. Yours alone to read; leave a circle to withdraw.`,
  })
  @MaxItems(MAX_DISCLOSURES_LISTED)
  async disclosures(@Root() user: User, @Ctx() ctx: Context): Promise<CircleDisclosure[] | null> {
    if (!isViewer(ctx, user.id)) return null;
    const rows = await gatedMembershipsOf(ctx.db, user.id);
    return rows.map(({ circle, acknowledgedAt }) => ({ circle, acknowledgedAt, minCreditScore: circle.minCreditScore!, audience: disclosureAudience(circle) }));
  }
}
