import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import { Role } from '../auth/roles.js';
import { conflict, notFound } from '../errors.js';
import { CursorKind } from '../graph/cursors.js';
import type { Context } from '../graphql/context.js';
import { ConnectionType, readTwoWayPage, toPageConnection, TwoWayPageArgs } from '../graphql/pagination.js';
import { isViewer, viewerId } from '../graphql/viewer.js';
import { announceNotifications } from '../live/publish.js';
import { CreditBand, ScoreVisibility } from '../privacy/credit-bands.js';
import { needsRelation, visibleCredit, type VisibleCredit } from '../privacy/credit-visibility.js';
import { User } from '../users/user.type.js';
import { checkObservation } from './credit.inputs.js';
import { creditHistory, recordObservations } from './credit.repository.js';
import { CreditScoreRecord } from './credit.type.js';

const CreditScoreRecordConnection = ConnectionType('CreditScoreRecord', CreditScoreRecord);

async function creditSeenBy(user: User, ctx: Context): Promise<VisibleCredit> {
  const relation = needsRelation(user, ctx.viewer) ? await ctx.loaders.connections.relationToViewer.load(user.id) : null;
  return visibleCredit(user, ctx.viewer, relation);
}

@Resolver(() => User)
export class UserCreditResolver {
  @FieldResolver(() => Int, { nullable: true, description: 'The exact score, where its owner lets you see it.' })
  async creditScore(@Root() user: User, @Ctx() ctx: Context): Promise<number | null> {
    return (await creditSeenBy(user, ctx)).score;
  }

  @FieldResolver(() => CreditBand, { nullable: true, description: 'The score band, where its owner lets you see it.' })
  async creditBand(@Root() user: User, @Ctx() ctx: Context): Promise<CreditBand | null> {
    return (await creditSeenBy(user, ctx)).band;
  }

  @FieldResolver(() => ScoreVisibility, { nullable: true, description: 'Who sees your score. Yours alone to read.' })
  scoreVisibility(@Root() user: User, @Ctx() ctx: Context): ScoreVisibility | null {
    return isViewer(ctx, user.id) ? user.scoreVisibility : null;
  }

  @FieldResolver(() => CreditScoreRecordConnection, {
    nullable: true,
    description: 'Every score recorded for you, newest observation first. Yours alone to read.',
  })
  async creditHistory(@Root() user: User, @Args(() => TwoWayPageArgs) args: TwoWayPageArgs, @Ctx() ctx: Context) {
    if (!isViewer(ctx, user.id)) return null;
    const page = readTwoWayPage(ctx, args, CursorKind.BY_TIME);
    const rows = await creditHistory(ctx.db, user.id, page);
    return toPageConnection(rows, page, (record) => [record.observedAt.toISOString(), record.id]);
  }
}

@Resolver()
export class CreditResolver {
  @Authorized(Role.CREDIT_BUREAU)
  @Mutation(() => User, {
    description: 'Credit bureaus only. Records an observed score (350–950); the latest observation becomes the current score.',
  })
  async recordCreditScore(
    @Arg('handle', () => String) handle: string,
    @Arg('score', () => Int) score: number,
    @Arg('source', () => String) source: string,
    @Arg('observedAt', () => Date) observedAt: Date,
    @Ctx() ctx: Context,
  ): Promise<User> {
    const observation = checkObservation({ handle, score, source, observedAt });
    const { outcomes, notifications } = await recordObservations(ctx.db, [observation], viewerId(ctx));
    announceNotifications(ctx.app.pubSub, notifications);
    const [outcome] = outcomes;
    if (outcome === 'unknown-handle') throw notFound(`No one has the handle "${observation.handle}"; check the spelling.`);
    if (outcome === 'conflict') {
      throw conflict(
        `${observation.source} already reported a different score for ${observation.handle} at ${observation.observedAt.toISOString()}; ` +
          'an observation cannot be changed, record a new one with its own observedAt.',
      );
    }
    return ctx.loaders.users.byHandle.clear(observation.handle).load(observation.handle) as Promise<User>;
  }
}
