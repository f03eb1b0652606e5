import { Arg, Args, Authorized, Ctx, FieldResolver, Float, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../auth/roles.js';
import { CursorKind } from '../graph/cursors.js';
import type { Context } from '../graphql/context.js';
import { MaxItems } from '../graphql/list-bounds.js';
import { readTwoWayPage, toPageConnection, TwoWayPageArgs } from '../graphql/pagination.js';
import { isViewer, viewerId } from '../graphql/viewer.js';
import { EARLIER_VOUCH_VISIBILITY, VouchVisibility } from '../privacy/vouch-visibility.js';
import { handle } from '../shared/validate.js';
import { personById } from '../users/person.js';
import { User } from '../users/user.type.js';
import { RevokeTrustPayload } from './trust.payloads.js';
import { revokeTrust, trust, trustList, trustPath } from './trust.repository.js';
import { DEFAULT_TRUST_HOPS, MAX_TRUST_HOPS, mayReadTrustLists, weightRefusal } from './trust.rules.js';
import { TrustEdge, TrustEdgeConnection, trustEdgeId, TrustsGivenConnection } from './trust.type.js';

/**
 * A vouch moves the giver's mutual-trust counts, and those of everyone who trusts the giver
 * (the giver is their go-between).
 */
const VOUCH_CHANGE = (giverId: string, receiverHandle: string) => ({ ids: [giverId], handles: [receiverHandle], trustersOf: [giverId] });

/** Withdrawing a vouch, for revokeTrust and its twin. */
async function revoke(ctx: Context, target: string): Promise<{ targetId: string; revoked: boolean }> {
  const result = await revokeTrust(ctx.db, viewerId(ctx), handle('handle', target));
  if (result.revoked) await ctx.app.candidates.changed(ctx.db, VOUCH_CHANGE(viewerId(ctx), handle('handle', target)));
  return result;
}

@Resolver(() => TrustEdge)
export class TrustResolver {
  @Authorized(Role.USER)
  @Mutation(() => TrustEdge, { description: 'Vouches for a person, with a weight in (0, 1]. Trusting again updates the weight.' })
  async trustUser(
    @Arg('handle', () => String) target: string,
    @Arg('weight', () => Float) weight: number,
    @Ctx() ctx: Context,
  ): Promise<TrustEdge> {
    const refusal = weightRefusal(weight);
    if (refusal) throw refusal;
    const edge = await trust(ctx.db, viewerId(ctx), handle('handle', target), weight);
    await ctx.app.candidates.changed(ctx.db, VOUCH_CHANGE(viewerId(ctx), handle('handle', target)));
    return edge;
  }

  @Authorized(Role.USER)
  @Mutation(() => Boolean, { description: 'Withdraws your vouch; false if you had none.' })
  async revokeTrust(@Arg('handle', () => String) target: string, @Ctx() ctx: Context): Promise<boolean> {
    return (await revoke(ctx, target)).revoked;
  }

  @Authorized(Role.USER)
  @Mutation(() => RevokeTrustPayload, { description: 'revokeTrust, answering what a client cache needs: the vouch to evict, and both people with their new counts.' })
  async revokeTrustWithPayload(@Arg('handle', () => String) target: string, @Ctx() ctx: Context): Promise<RevokeTrustPayload> {
    const { targetId, revoked } = await revoke(ctx, target);
    const [me, user] = await Promise.all([personById(ctx, viewerId(ctx)), personById(ctx, targetId)]);
    return { revoked, revokedTrustEdgeId: revoked ? trustEdgeId({ fromId: viewerId(ctx), toId: targetId }) : null, me, user };
  }

  @Authorized(Role.USER)
  @Query(() => [User], {
    nullable: true,
    description: `The shortest chain of trust from you to that person (you first, them last), never through people with a block between you and them; null if there is none within maxHops (default ${DEFAULT_TRUST_HOPS}, at most ${MAX_TRUST_HOPS}).`,
  })
  // maxHops is refused past MAX_TRUST_HOPS, so a chain holds at most that many hops and one more person.
  @MaxItems(MAX_TRUST_HOPS + 1)
  trustPath(
    @Arg('toHandle', () => String) toHandle: string,
    @Arg('maxHops', () => Int, { nullable: true }) maxHops: number | null,
    @Ctx() ctx: Context,
  ): Promise<User[] | null> {
    return trustPath(ctx.db, viewerId(ctx), handle('toHandle', toHandle), maxHops ?? DEFAULT_TRUST_HOPS);
  }

  @FieldResolver(() => ID, { description: 'The same for the vouch from one person to another, whatever its weight (a client caches by it).' })
  id(@Root() edge: TrustEdge): string {
    return trustEdgeId(edge);
  }

  @FieldResolver(() => User)
  from(@Root() edge: TrustEdge, @Ctx() ctx: Context): Promise<User> {
    return personById(ctx, edge.fromId);
  }

  @FieldResolver(() => User)
  to(@Root() edge: TrustEdge, @Ctx() ctx: Context): Promise<User> {
    return personById(ctx, edge.toId);
  }
}

@Resolver(() => User)
export class UserTrustResolver {
  @FieldResolver(() => VouchVisibility, { nullable: true, description: 'Who sees the vouches you give. Yours alone to read.' })
  vouchVisibility(@Root() user: User, @Ctx() ctx: Context): VouchVisibility | null {
    return isViewer(ctx, user.id) ? (user.vouchVisibility ?? EARLIER_VOUCH_VISIBILITY) : null;
  }

  @FieldResolver(() => Int, { description: 'How many people this person vouches for, of the vouches you may see (as trustsGiven lists them).' })
  async trustsGivenCount(@Root() user: User, @Ctx() ctx: Context): Promise<number> {
    return (await ctx.loaders.trust.counts.load(user.id))?.given ?? 0;
  }

  @FieldResolver(() => Int, { description: 'How many people vouch for this person, of the vouches you may see (as trustsReceived lists them).' })
  async trustsReceivedCount(@Root() user: User, @Ctx() ctx: Context): Promise<number> {
    return (await ctx.loaders.trust.counts.load(user.id))?.received ?? 0;
  }

  @FieldResolver(() => TrustsGivenConnection, {
    nullable: true,
    description: 'Whom this person vouches for, newest first: all of them to the person, and to others as far as the giver\'s vouchVisibility allows. Null for services.',
  })
  async trustsGiven(@Root() user: User, @Args(() => TwoWayPageArgs) args: TwoWayPageArgs, @Ctx() ctx: Context) {
    if (!mayReadTrustLists(ctx.viewer)) return null;
    const page = readTwoWayPage(ctx, args, CursorKind.BY_TIME);
    const totalCount = () => this.trustsGivenCount(user, ctx);
    return { ...toPageConnection(await trustList(ctx.db, viewerId(ctx), user.id, 'given', page), page, (e) => [e.since.toISOString(), e.toId]), totalCount };
  }

  @FieldResolver(() => TrustEdgeConnection, {
    nullable: true,
    description: 'Who vouches for this person, newest first: all of them to the person, and to others as far as each giver\'s vouchVisibility allows. Null for services.',
  })
  async trustsReceived(@Root() user: User, @Args(() => TwoWayPageArgs) args: TwoWayPageArgs, @Ctx() ctx: Context) {
    if (!mayReadTrustLists(ctx.viewer)) return null;
    const page = readTwoWayPage(ctx, args, CursorKind.BY_TIME);
    return toPageConnection(await trustList(ctx.db, viewerId(ctx), user.id, 'received', page), page, (e) => [e.since.toISOString(), e.fromId]);
  }
}
