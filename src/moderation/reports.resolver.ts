import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { isTrustAndSafety, Role } from '../auth/roles.js';
import { Circle } from '../circles/circle.type.js';
import { CursorKind } from '../graph/cursors.js';
import { openReportCount } from '../graph/report-counts.js';
import type { Context } from '../graphql/context.js';
import { readTwoWayPage, toPageConnection, TwoWayPageArgs } from '../graphql/pagination.js';
import { viewerId } from '../graphql/viewer.js';
import { circleAnnouncing } from '../graphql/live.js';
import { announceMembership, announceNotifications } from '../live/publish.js';
import { announceRemoval } from '../live/removals.js';
import { User } from '../users/user.type.js';
import { ModerationLogConnection, ModerationLogEntry, Report, ReportConnection } from './report.type.js';
import { checkNote, ReportContentInput, ResolveReportInput } from './reports.inputs.js';
import { fileReport, moderationLog, openReports, resolveReport } from './reports.repository.js';
import { mayReadModeration } from './reports.rules.js';

const isSafety = (ctx: Context) => isTrustAndSafety(ctx.viewer);

@Resolver()
export class ReportsResolver {
  @Authorized(Role.USER)
  @Mutation(() => Report, {
    description:
      "Reports a post, a message sent to you, or a person to those who judge it: a post's circle's owners and moderators (and trust and safety), otherwise trust and safety. Once per subject (CONFLICT on the second). Nobody else learns who reported; you are told the outcome.",
  })
  async reportContent(@Arg('input', () => ReportContentInput) input: ReportContentInput, @Ctx() ctx: Context): Promise<Report> {
    await ctx.app.rateLimiter.consume(ctx.app.rateLimiter.limits.reportsPerUser, viewerId(ctx));
    return fileReport(ctx.db, viewerId(ctx), { subjectId: input.subjectId, reason: input.reason, note: checkNote(input.note) });
  }

  @Authorized(Role.USER, Role.TRUST_AND_SAFETY)
  @Mutation(() => Report, {
    description:
      "Resolves a report, and every open report on the same subject, with an action; each reporter is told the outcome and the action is logged. A circle's owners and moderators resolve reports on their circle's content (not on their own) with DISMISS, REMOVE_CONTENT or BAN_FROM_CIRCLE; trust and safety resolves any, and alone may SUSPEND_ACCOUNT.",
  })
  async resolveReport(@Arg('input', () => ResolveReportInput) input: ResolveReportInput, @Ctx() ctx: Context): Promise<Report> {
    const by = isSafety(ctx) ? { kind: 'safety' as const, id: viewerId(ctx) } : { kind: 'person' as const, id: viewerId(ctx) };
    const { row, notifications } = await resolveReport(ctx.db, by, input.reportId, input.action, checkNote(input.note));
    announceNotifications(ctx.app.pubSub, notifications);
    if (row.removed) await announceRemoval(circleAnnouncing(ctx), row.removed, viewerId(ctx));
    if (row.banned) {
      await announceMembership(circleAnnouncing(ctx), 'MEMBER_BANNED', row.banned.circleId, row.banned.userId, viewerId(ctx));
      await ctx.app.candidates.changed(ctx.db, { ids: [row.banned.userId] });
    }
    if (row.suspended) {
      ctx.app.accounts.announce({ userId: row.suspended.userId, closed: true });
      ctx.app.accounts.announceSessionsEnded(row.suspended);
    }
    return row.report;
  }

  @Authorized(Role.TRUST_AND_SAFETY)
  @Query(() => ReportConnection, { description: 'Trust and safety only: every open report, oldest first.' })
  async reports(@Args(() => TwoWayPageArgs) args: TwoWayPageArgs, @Ctx() ctx: Context) {
    const page = readTwoWayPage(ctx, args, CursorKind.BY_TIME);
    const totalCount = () => openReportCount(ctx.db, viewerId(ctx), null);
    return { ...toPageConnection(await openReports(ctx.db, viewerId(ctx), null, page), page, (r) => [r.createdAt.toISOString(), r.id]), totalCount };
  }

  @Authorized(Role.TRUST_AND_SAFETY)
  @Query(() => ModerationLogConnection, { description: 'Trust and safety only: every moderator action in every circle, and every suspension, newest first.' })
  async moderationLog(@Args(() => TwoWayPageArgs) args: TwoWayPageArgs, @Ctx() ctx: Context) {
    const page = readTwoWayPage(ctx, args, CursorKind.BY_TIME);
    return toPageConnection(await moderationLog(ctx.db, viewerId(ctx), null, page), page, (e) => [e.at.toISOString(), e.id]);
  }
}

/** Whether the viewer may read the circle's reports and log. */
async function moderates(ctx: Context, circle: Circle): Promise<boolean> {
  return mayReadModeration(isSafety(ctx), (await ctx.loaders.circles.standing.load(circle.id))?.viewerRole ?? null);
}

@Resolver(() => Circle)
export class CircleModerationResolver {
  @FieldResolver(() => ReportConnection, {
    nullable: true,
    description:
      "Open reports on this circle's content, oldest first: for its owners and moderators (leaving out reports on their own content and any a block hides from them, which the others judge). Null for everyone else.",
  })
  async reports(@Root() circle: Circle, @Args(() => TwoWayPageArgs) args: TwoWayPageArgs, @Ctx() ctx: Context) {
    const page = readTwoWayPage(ctx, args, CursorKind.BY_TIME);
    if (!(await moderates(ctx, circle))) return null;
    const totalCount = () => openReportCount(ctx.db, viewerId(ctx), circle.id);
    return { ...toPageConnection(await openReports(ctx.db, viewerId(ctx), circle.id, page), page, (r) => [r.createdAt.toISOString(), r.id]), totalCount };
  }

  @FieldResolver(() => ModerationLogConnection, {
    nullable: true,
    description:
      "Every moderator action in this circle (removals, bans, lifted bans, role changes, resolved reports), newest first, with who, what, when and why: for its owners and moderators, leaving out entries about people a block hides from them (who acted, who was acted on, who filed a report resolved). Null for everyone else.",
  })
  async moderationLog(@Root() circle: Circle, @Args(() => TwoWayPageArgs) args: TwoWayPageArgs, @Ctx() ctx: Context) {
    const page = readTwoWayPage(ctx, args, CursorKind.BY_TIME);
    if (!(await moderates(ctx, circle))) return null;
    return toPageConnection(await moderationLog(ctx.db, viewerId(ctx), circle.id, page), page, (e) => [e.at.toISOString(), e.id]);
  }
}

@Resolver(() => Report)
export class ReportFieldsResolver {
  @FieldResolver(() => Circle, { nullable: true, description: 'The circle whose content it is about; null for messages and people.' })
  circle(@Root() report: Report, @Ctx() ctx: Context): Promise<Circle | null> {
    return report.circleId ? ctx.loaders.circles.byId.load(report.circleId) : Promise.resolve(null);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Whose content it is, or the person reported; null once their account is gone.' })
  async subjectOwner(@Root() report: Report, @Ctx() ctx: Context): Promise<User | null> {
    return ctx.loaders.users.byId.load(report.ownerId);
  }
}

@Resolver(() => ModerationLogEntry)
export class ModerationLogEntryFieldsResolver {
  @FieldResolver(() => User, { nullable: true, description: 'The owner or moderator who acted; null for trust and safety, or once their account is gone.' })
  async actor(@Root() entry: ModerationLogEntry, @Ctx() ctx: Context): Promise<User | null> {
    return entry.byTrustAndSafety ? null : ctx.loaders.users.byId.load(entry.actorId);
  }

  @FieldResolver(() => User, { nullable: true, description: 'The person acted on; null once their account is gone.' })
  async target(@Root() entry: ModerationLogEntry, @Ctx() ctx: Context): Promise<User | null> {
    return entry.targetId ? ctx.loaders.users.byId.load(entry.targetId) : null;
  }

  @FieldResolver(() => Circle, { nullable: true, description: 'Where; null for suspensions.' })
  circle(@Root() entry: ModerationLogEntry, @Ctx() ctx: Context): Promise<Circle | null> {
    return entry.circleId ? ctx.loaders.circles.byId.load(entry.circleId) : Promise.resolve(null);
  }
}
