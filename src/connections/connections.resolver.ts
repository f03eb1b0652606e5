import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Role } from '../auth/roles.js';
import { CursorKind } from '../graph/cursors.js';
import type { Context } from '../graphql/context.js';
import { liveSubscription } from '../graphql/live.js';
import { readTwoWayPage, toPageConnection, TwoWayPageArgs } from '../graphql/pagination.js';
import { isViewer, viewerId } from '../graphql/viewer.js';
import { announceNotifications } from '../live/publish.js';
import { resumeCursor } from '../live/resume.js';
import { handle, text } from '../shared/validate.js';
import { personById } from '../users/person.js';
import { User } from '../users/user.type.js';
import {
  ConnectionRequest,
  connectionRequestId,
  ConnectionRequestConnection,
  ConnectionRequestStatus,
  ConnectionStatus,
  UserConnection,
} from './connection.type.js';
import {
  connectionCount,
  connectionsOf,
  disconnect,
  pendingRequests,
  respondToRequest,
  sendRequest,
  withdrawRequest,
  type ReceivedRequestRow,
  type RequestRow,
} from './connections.repository.js';
import { DisconnectPayload, WithdrawConnectionRequestPayload } from './connection.payloads.js';
import { openRequestStream } from './connections.live.js';

export const MAX_MESSAGE_LENGTH = 280;

const asRequest = (row: RequestRow, status: ConnectionRequestStatus): ConnectionRequest => ({ ...row, status });

/** A page of the viewer's pending requests; the cursor names the other person. */
async function pendingPage(ctx: Context, args: TwoWayPageArgs, direction: 'incoming' | 'outgoing') {
  const page = readTwoWayPage(ctx, args, CursorKind.BY_TIME);
  const rows = await pendingRequests(ctx.db, viewerId(ctx), direction, page);
  const other = (r: RequestRow) => (direction === 'incoming' ? r.fromId : r.toId);
  const requests = rows.map((row) => ({ ...row, node: asRequest(row.node, ConnectionRequestStatus.PENDING) }));
  return toPageConnection(requests, page, (r) => [r.createdAt.toISOString(), other(r)]);
}

/** Taking back a request, for withdrawConnectionRequest and its twin. */
async function withdraw(ctx: Context, target: string): Promise<{ toId: string; withdrawn: boolean }> {
  const result = await withdrawRequest(ctx.db, viewerId(ctx), handle('handle', target));
  if (result.withdrawn) await ctx.app.candidates.changed(ctx.db, { ids: [viewerId(ctx)], handles: [handle('handle', target)] });
  return result;
}

/** Ending a connection, for disconnect and its twin. */
async function endConnection(ctx: Context, target: string): Promise<{ otherId: string; ended: boolean }> {
  const result = await disconnect(ctx.db, viewerId(ctx), handle('handle', target));
  if (result.ended) await ctx.app.candidates.changed(ctx.db, { ids: [viewerId(ctx)], handles: [handle('handle', target)] });
  return result;
}

@Resolver(() => ConnectionRequest)
export class ConnectionsResolver {
  @Authorized(Role.USER)
  @Mutation(() => ConnectionRequest, {
    description: `Asks a person to connect, with a short icebreaker (1–${MAX_MESSAGE_LENGTH} characters). Rate-limited per sender.`,
  })
  async sendConnectionRequest(
    @Arg('handle', () => String) target: string,
    @Arg('message', () => String) message: string,
    @Ctx() ctx: Context,
  ): Promise<ConnectionRequest> {
    const body = text('message', message, { min: 1, max: MAX_MESSAGE_LENGTH });
    const { config } = ctx.app;
    const { row, notifications } = await sendRequest(ctx.db, viewerId(ctx), handle('handle', target), body, {
      perDay: config.connectionRequestsPerDay,
      maxPendingIncoming: config.maxPendingIncomingRequests,
    });
    announceNotifications(ctx.app.pubSub, notifications);
    await ctx.app.candidates.changed(ctx.db, { ids: [row.fromId, row.toId] });
    return asRequest(row, ConnectionRequestStatus.PENDING);
  }

  @Authorized(Role.USER)
  @Mutation(() => ConnectionRequest, { description: 'Accepts (you become connected) or declines a pending request to you.' })
  async respondToConnectionRequest(
    @Arg('fromHandle', () => String) from: string,
    @Arg('accept', () => Boolean) accept: boolean,
    @Ctx() ctx: Context,
  ): Promise<ConnectionRequest> {
    const { row, notifications } = await respondToRequest(ctx.db, viewerId(ctx), handle('fromHandle', from), accept);
    announceNotifications(ctx.app.pubSub, notifications);
    ctx.loaders.connections.relationToViewer.clear(row.fromId);
    await ctx.app.candidates.changed(ctx.db, { ids: [row.fromId, row.toId] });
    return asRequest(row, accept ? ConnectionRequestStatus.ACCEPTED : ConnectionRequestStatus.DECLINED);
  }

  @Authorized(Role.USER)
  @Mutation(() => Boolean, { description: 'Takes back your pending request; false if there was none.' })
  async withdrawConnectionRequest(@Arg('handle', () => String) target: string, @Ctx() ctx: Context): Promise<boolean> {
    return (await withdraw(ctx, target)).withdrawn;
  }

  @Authorized(Role.USER)
  @Mutation(() => WithdrawConnectionRequestPayload, { description: 'withdrawConnectionRequest, answering what a client cache needs: the request to evict and the person.' })
  async withdrawConnectionRequestWithPayload(@Arg('handle', () => String) target: string, @Ctx() ctx: Context): Promise<WithdrawConnectionRequestPayload> {
    const { toId, withdrawn } = await withdraw(ctx, target);
    return { withdrawn, withdrawnRequestId: withdrawn ? connectionRequestId({ fromId: viewerId(ctx), toId }) : null, user: await personById(ctx, toId) };
  }

  @Authorized(Role.USER)
  @Mutation(() => Boolean, { description: 'Ends a connection; false if you were not connected.' })
  async disconnect(@Arg('handle', () => String) target: string, @Ctx() ctx: Context): Promise<boolean> {
    return (await endConnection(ctx, target)).ended;
  }

  @Authorized(Role.USER)
  @Mutation(() => DisconnectPayload, { description: 'disconnect, answering what a client cache needs: the person with their new connectionStatus.' })
  async disconnectWithPayload(@Arg('handle', () => String) target: string, @Ctx() ctx: Context): Promise<DisconnectPayload> {
    const { otherId, ended } = await endConnection(ctx, target);
    return { disconnected: ended, user: await personById(ctx, otherId) };
  }

  @Authorized(Role.USER)
  @Query(() => ConnectionRequestConnection, { description: 'Requests waiting for your answer, newest first.' })
  incomingConnectionRequests(@Args(() => TwoWayPageArgs) args: TwoWayPageArgs, @Ctx() ctx: Context) {
    return pendingPage(ctx, args, 'incoming');
  }

  @Authorized(Role.USER)
  @Query(() => ConnectionRequestConnection, { description: 'Your requests not yet answered, newest first.' })
  outgoingConnectionRequests(@Args(() => TwoWayPageArgs) args: TwoWayPageArgs, @Ctx() ctx: Context) {
    return pendingPage(ctx, args, 'outgoing');
  }

  @Authorized(Role.USER)
  @Query(() => UserConnection, { description: 'The people you are connected with, by handle.' })
  async connections(@Args(() => TwoWayPageArgs) args: TwoWayPageArgs, @Ctx() ctx: Context) {
    const page = readTwoWayPage(ctx, args, CursorKind.BY_HANDLE);
    const totalCount = () => connectionCount(ctx.db, viewerId(ctx));
    return { ...toPageConnection(await connectionsOf(ctx.db, viewerId(ctx), page), page, (u) => [u.handle]), totalCount };
  }

  @Subscription(() => ConnectionRequest, {
    description:
      'Connection requests to you, live, on every socket of yours: those that reach your notifications (each is also a CONNECTION_REQUEST_RECEIVED notification). ' +
      'Requests your notification policy filters or drops are not pushed; they wait in `incomingConnectionRequests`. Nobody on the other side of a block causes one.',
    subscribe: liveSubscription(openRequestStream),
  })
  connectionRequestReceived(
    @Arg('after', () => String, {
      nullable: true,
      description: 'Resume: the `cursor` of the last request you received. Requests that came since and are still pending come first, in order, then live ones, with none twice.',
    })
    _after: string | null,
    @Root() request: ReceivedRequestRow,
  ): ConnectionRequest {
    const { notificationId, notifiedAt, ...row } = request;
    return { ...asRequest(row, ConnectionRequestStatus.PENDING), cursor: resumeCursor('connectionRequestReceived', notifiedAt, notificationId) };
  }

  @FieldResolver(() => ID, {
    description: 'The same for the request from one person to another, whatever its status: an answered request keeps the id it had while pending.',
  })
  id(@Root() request: ConnectionRequest): string {
    return connectionRequestId(request);
  }

  @FieldResolver(() => User)
  from(@Root() request: ConnectionRequest, @Ctx() ctx: Context): Promise<User> {
    return personById(ctx, request.fromId);
  }

  @FieldResolver(() => User)
  to(@Root() request: ConnectionRequest, @Ctx() ctx: Context): Promise<User> {
    return personById(ctx, request.toId);
  }
}

@Resolver(() => User)
export class UserConnectionStatusResolver {
  @FieldResolver(() => ConnectionStatus, { description: 'How you stand with this person.' })
  async connectionStatus(@Root() user: User, @Ctx() ctx: Context): Promise<ConnectionStatus> {
    if (isViewer(ctx, user.id)) return ConnectionStatus.NONE;
    const relation = await ctx.loaders.connections.relationToViewer.load(user.id);
    // A block by them is not shown: to the blocked person it looks like NONE.
    if (!relation || relation.blockedBy) return ConnectionStatus.NONE;
    if (relation.blocking) return ConnectionStatus.BLOCKED;
    if (relation.connected) return ConnectionStatus.CONNECTED;
    if (relation.requested) return ConnectionStatus.REQUESTED;
    if (relation.incoming) return ConnectionStatus.INCOMING;
    return ConnectionStatus.NONE;
  }
}
