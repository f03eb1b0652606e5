import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { Role } from '../auth/roles.js';
import type { Context } from '../graphql/context.js';
import { circleAnnouncing } from '../graphql/live.js';
import { viewerId } from '../graphql/viewer.js';
import { announceMembership, announceNotifications } from '../live/publish.js';
import { handle, optionalText } from '../shared/validate.js';
import { circleBySlug } from './circle-access.js';
import { BanMemberPayload, UnbanMemberPayload } from './circle.payloads.js';
import { CircleMember, circleMemberId, CircleRole } from './circle.type.js';
import { banMember, setMemberRole, unbanMember } from './moderation.repository.js';
import { MODERATION_REASON_RULE } from './moderation.rules.js';

/** What every moderation mutation says of blocks (the suite in test/privacy/ lists the same exception). */
const MODERATION_SEES_PAST_BLOCKS =
  " Moderators act on their circle's members and banned people even when these blocked them (a block must not shield anyone from moderation), so the answer can tell a moderator such a person exists: the one known exception to noninterference.";

const BAN_REASON = `Why (up to ${MODERATION_REASON_RULE.max} characters); the person banned sees it in their notification.`;

@Resolver()
export class ModerationResolver {
  @Authorized(Role.USER)
  @Mutation(() => CircleMember, {
    description: 'Owners set any role; moderators may make members moderators. A circle always keeps an owner.' + MODERATION_SEES_PAST_BLOCKS,
  })
  async setMemberRole(
    @Arg('circleSlug', () => String) circleSlug: string,
    @Arg('handle', () => String) target: string,
    @Arg('role', () => CircleRole) role: CircleRole,
    @Ctx() ctx: Context,
  ): Promise<CircleMember> {
    const circle = await circleBySlug(ctx, circleSlug);
    const { row, notifications } = await setMemberRole(ctx.db, viewerId(ctx), circle, handle('handle', target), role);
    announceNotifications(ctx.app.pubSub, notifications);
    return row;
  }

  @Authorized(Role.USER)
  @Mutation(() => Boolean, {
    description: 'Owners and moderators remove someone from a circle and keep them out until unbanned. Owners cannot be banned.' + MODERATION_SEES_PAST_BLOCKS,
  })
  async banMember(
    @Arg('circleSlug', () => String) circleSlug: string,
    @Arg('handle', () => String) target: string,
    @Arg('reason', () => String, { nullable: true, description: BAN_REASON }) reason: string | null,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    await ban(ctx, circleSlug, target, reason);
    return true;
  }

  @Authorized(Role.USER)
  @Mutation(() => BanMemberPayload, { description: 'banMember, answering what a client cache needs: the circle as it now is and the membership to evict.' })
  banMemberWithPayload(
    @Arg('circleSlug', () => String) circleSlug: string,
    @Arg('handle', () => String) target: string,
    @Arg('reason', () => String, { nullable: true, description: BAN_REASON }) reason: string | null,
    @Ctx() ctx: Context,
  ): Promise<BanMemberPayload> {
    return ban(ctx, circleSlug, target, reason);
  }

  @Authorized(Role.USER)
  @Mutation(() => Boolean, { description: 'Lifts a ban; false if there was none.' + MODERATION_SEES_PAST_BLOCKS })
  async unbanMember(@Arg('circleSlug', () => String) circleSlug: string, @Arg('handle', () => String) target: string, @Ctx() ctx: Context): Promise<boolean> {
    return (await unban(ctx, circleSlug, target)).unbanned;
  }

  @Authorized(Role.USER)
  @Mutation(() => UnbanMemberPayload, { description: 'unbanMember, answering the circle beside the flag.' })
  unbanMemberWithPayload(@Arg('circleSlug', () => String) circleSlug: string, @Arg('handle', () => String) target: string, @Ctx() ctx: Context): Promise<UnbanMemberPayload> {
    return unban(ctx, circleSlug, target);
  }
}

/** Banning, for banMember and its twin: the circle is read afresh (its member count changed). */
async function ban(ctx: Context, circleSlug: string, target: string, reason: string | null): Promise<BanMemberPayload> {
  const circle = await circleBySlug(ctx, circleSlug);
  const why = optionalText('reason', reason, MODERATION_REASON_RULE) ?? null;
  const { row, notifications } = await banMember(ctx.db, viewerId(ctx), circle, handle('handle', target), why);
  announceNotifications(ctx.app.pubSub, notifications);
  await announceMembership(circleAnnouncing(ctx), 'MEMBER_BANNED', circle.id, row.userId, viewerId(ctx));
  await ctx.app.candidates.changed(ctx.db, { ids: [row.userId], membersOf: [circle.slug] });
  ctx.loaders.circles.standing.clear(circle.id);
  return { circle, removedMemberId: row.wasMember ? circleMemberId({ circleId: circle.id, user: { id: row.userId } }) : null };
}

async function unban(ctx: Context, circleSlug: string, target: string): Promise<UnbanMemberPayload> {
  const circle = await circleBySlug(ctx, circleSlug);
  return { unbanned: await unbanMember(ctx.db, viewerId(ctx), circle, handle('handle', target)), circle };
}
