import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Role } from '../auth/roles.js';
import { Circle } from '../circles/circle.type.js';
import { unauthenticated } from '../errors.js';
import { hiddenIdsOf } from '../graph/blocks.js';
import { CursorKind } from '../graph/cursors.js';
import type { Context } from '../graphql/context.js';
import { liveSubscription, loadEach, readOncePerEvent, replayAfter } from '../graphql/live.js';
import type { PersonEvent } from '../live/events.js';
import { resumeCursor, type ResumePoint } from '../live/resume.js';
import { readTwoWayPage, toPageConnection, type CountedConnection } from '../graphql/pagination.js';
import { isViewer, viewerId } from '../graphql/viewer.js';
import { policyOrDefault } from '../privacy/notification-policy.js';
import { personById } from '../users/person.js';
import { User } from '../users/user.type.js';
import { Notification, NotificationConnection, NotificationPolicy, NotificationsArgs } from './notification.type.js';
import { NotificationPolicyInput } from './notifications.inputs.js';
import { markRead, notificationPage, notificationsOf, notificationsSince, setPolicy, type NotificationRow, type NotificationState } from './notifications.repository.js';
import { primeFromNotifications } from './notifications.loaders.js';
import { notificationListCount, policyChanges } from './notifications.rules.js';
import { MarkNotificationsReadPayload } from './notification.payloads.js';

/** The viewer, with the notification state a mutation just wrote. */
function meWith(ctx: Context, state: NotificationState): Promise<User> {
  ctx.loaders.notifications.stateOf.clear(state.id).prime(state.id, state);
  return personById(ctx, state.id);
}

/**
 * A page of one of the viewer's lists, with its kept `totalCount`: for `notifications`, and
 * for the answer of markNotificationsReadWithPayload, read after the marking.
 */
async function notificationList(ctx: Context, args: NotificationsArgs): Promise<CountedConnection<Notification>> {
  const page = readTwoWayPage(ctx, args, CursorKind.BY_TIME);
  const list = { filtered: args.filtered ?? false, unreadOnly: args.unreadOnly ?? false };
  const rows = await notificationPage(ctx.db, viewerId(ctx), list, page);
  primeFromNotifications(ctx.loaders, rows.map((row) => row.node));
  const totalCount = async () => {
    const state = await ctx.loaders.notifications.stateOf.load(viewerId(ctx));
    return state ? notificationListCount(state, list) : 0;
  };
  return { ...toPageConnection(rows, page, (n) => [n.updatedAt.toISOString(), n.id]), totalCount };
}

type AddedEvent = Extract<PersonEvent, { kind: 'NOTIFICATION' }>;

/** An added notification as stored, read once per event for all its recipient's sockets here. */
const readAdded = readOncePerEvent(async (db, event: AddedEvent) => (await notificationsOf(db, event.recipientId, [event.notificationId]))[0] ?? null);

@Resolver(() => Notification)
export class NotificationsResolver {
  @Authorized(Role.USER)
  @Query(() => NotificationConnection, {
    description:
      'Your notifications, latest activity first: the main list, or with `filtered: true` the senders your notification policy filters. Nobody on the other side of a block appears.',
  })
  notifications(@Args(() => NotificationsArgs) args: NotificationsArgs, @Ctx() ctx: Context) {
    return notificationList(ctx, args);
  }

  @Authorized(Role.USER)
  @Mutation(() => User, {
    description: 'Marks read the notification `upTo` and every older one in its list; without `upTo`, all of them (both lists). Returns you, with the new `unreadNotificationCount`.',
  })
  async markNotificationsRead(@Arg('upTo', () => ID, { nullable: true }) upTo: string | null, @Ctx() ctx: Context): Promise<User> {
    return meWith(ctx, await markRead(ctx.db, viewerId(ctx), upTo ?? null));
  }

  @Authorized(Role.USER)
  @Mutation(() => MarkNotificationsReadPayload, {
    description: 'markNotificationsRead, answering what a client cache needs: you with your new unread counts, and the page of your notifications your screen shows, each with its new `readAt`.',
  })
  async markNotificationsReadWithPayload(@Arg('upTo', () => ID, { nullable: true }) upTo: string | null, @Ctx() ctx: Context): Promise<MarkNotificationsReadPayload> {
    return { me: await meWith(ctx, await markRead(ctx.db, viewerId(ctx), upTo ?? null)) };
  }

  @Authorized(Role.USER)
  @Mutation(() => User, { description: 'Chooses what strangers, unverified people and new accounts may cause to reach you. Returns you, with `notificationPolicy`.' })
  async setNotificationPolicy(@Arg('input', () => NotificationPolicyInput) input: NotificationPolicyInput, @Ctx() ctx: Context): Promise<User> {
    return meWith(ctx, await setPolicy(ctx.db, viewerId(ctx), policyChanges(input)));
  }

  @Subscription(() => Notification, {
    description:
      'Your notifications as they are added to your main list (or an aggregate one moves to the top), live, on every socket of yours. ' +
      'Those your notification policy filters or drops are not pushed: read the filtered list with `notifications(filtered: true)`. Nobody on the other side of a block causes one.',
    // Each event is read as stored, with the post you may read; one gone since (a block
    // or a withdrawn request took it back) is skipped. An aggregate one moved to the top
    // again comes again, so replayed rows are told apart by id and activity.
    subscribe: liveSubscription<{ after?: string | null }, NotificationRow>(async (ctx, { after }) => {
      if (!ctx.viewer || ctx.viewer.kind !== 'user') throw unauthenticated();
      const viewer = ctx.viewer.id;
      const since = async (point: ResumePoint, limit: number) => {
        const missed = await notificationsSince(ctx.db, viewer, point, limit);
        primeFromNotifications(ctx.loaders, missed);
        return missed;
      };
      const replay = replayAfter(ctx, 'notificationAdded', after, since, (row) => `${row.id} ${row.updatedAt.getTime()}`);
      const events = ctx.app.liveHub.personEvents(viewer, await hiddenIdsOf(ctx.db, viewer), 'NOTIFICATION');
      const load = async (event: AddedEvent) => {
        const row = await readAdded(ctx, event);
        if (row) primeFromNotifications(ctx.loaders, [row]);
        return row;
      };
      return loadEach(ctx, events, load, replay);
    }),
  })
  notificationAdded(
    @Arg('after', () => String, {
      nullable: true,
      description: 'Resume: the `cursor` of the last notification you received. Those added (or moved to the top) since come first, in order, then live ones, with none twice.',
    })
    _after: string | null,
    @Root() notification: NotificationRow,
  ): Notification {
    return notification;
  }

  @FieldResolver(() => String, { description: 'Where `notificationAdded(after:)` resumes after this notification (its latest activity).' })
  cursor(@Root() notification: Notification): string {
    return resumeCursor('notificationAdded', notification.updatedAt, notification.id);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who caused it (for aggregate kinds, the latest); null for moderation and services.' })
  actor(@Root() notification: Notification, @Ctx() ctx: Context): Promise<User | null> | null {
    return notification.actorId ? ctx.loaders.users.byId.load(notification.actorId) : null;
  }

  @FieldResolver(() => Circle, { nullable: true, description: 'The circle it is about (moderation, invitations).' })
  circle(@Root() notification: Notification, @Ctx() ctx: Context): Promise<Circle | null> | null {
    return notification.circleId ? ctx.loaders.circles.byId.load(notification.circleId) : null;
  }
}

@Resolver(() => MarkNotificationsReadPayload)
export class MarkNotificationsReadPayloadResolver {
  @FieldResolver(() => NotificationConnection, {
    description: 'Your notifications as they are after the marking, a page of the list asked for (as `Query.notifications` takes it): select the page your screen shows.',
  })
  notifications(@Args(() => NotificationsArgs) args: NotificationsArgs, @Ctx() ctx: Context) {
    return notificationList(ctx, args);
  }
}

@Resolver(() => User)
export class UserNotificationsResolver {
  @FieldResolver(() => Int, { nullable: true, description: 'Your unread notifications in the main list (filtered ones are not counted). Yours alone to read.' })
  async unreadNotificationCount(@Root() user: User, @Ctx() ctx: Context): Promise<number | null> {
    if (!isViewer(ctx, user.id)) return null;
    return (await ctx.loaders.notifications.stateOf.load(user.id))?.unread ?? 0;
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: 'Your unread notifications in the filtered list (`notifications(filtered: true)`), for a client to say that some wait there. Yours alone to read.',
  })
  async unreadFilteredNotificationCount(@Root() user: User, @Ctx() ctx: Context): Promise<number | null> {
    if (!isViewer(ctx, user.id)) return null;
    return (await ctx.loaders.notifications.stateOf.load(user.id))?.unreadFiltered ?? 0;
  }

  @FieldResolver(() => NotificationPolicy, { nullable: true, description: 'What strangers, unverified people and new accounts may cause to reach you. Yours alone to read.' })
  async notificationPolicy(@Root() user: User, @Ctx() ctx: Context): Promise<NotificationPolicy | null> {
    if (!isViewer(ctx, user.id)) return null;
    return policyOrDefault((await ctx.loaders.notifications.stateOf.load(user.id))?.policy);
  }
}
