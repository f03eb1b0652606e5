/**
 * GraphQL over WebSocket (graphql-ws, protocol `graphql-transport-ws`) on the same HTTP
 * server and path as HTTP GraphQL. A connection authenticates in `connection_init`'s
 * payload: `{ "authorization": "Bearer <token>" }`, and lives as long as its token; the
 * `renewLiveConnection(token)` mutation, sent over the connection, gives it a newer token
 * of the same person so its subscriptions go on without a gap. Close codes a client may see:
 *
 *   4403  refused or ended; the reason text starts with why, as `extensions.reason` on HTTP:
 *         `TOKEN_MISSING: …`, `TOKEN_MALFORMED: …`, `TOKEN_EXPIRED: …` (renew or reconnect with
 *         a fresh token), `TOKEN_REVOKED: …` (the session ended), `ACCOUNT_CLOSED: …`
 *   4408  no `connection_init` within WS_CONNECTION_INIT_TIMEOUT_MS (graphql-ws)
 *   4429  this person already holds MAX_CONNECTIONS_PER_USER connections to this instance
 *   1001  the server is shutting down
 *
 * Before any socket: an upgrade from a client address that already has
 * MAX_PENDING_SOCKETS_PER_ADDRESS sockets waiting for their connection_init to be accepted
 * is refused with HTTP 429 and Retry-After, so a flood of idle sockets holds nothing.
 *
 * Every operation passes the same checks as on HTTP (parse, validation, operation limits),
 * and a connection may hold at most MAX_SUBSCRIPTIONS_PER_CONNECTION subscriptions.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Principal } from '../auth/roles.js';
import { bearerToken } from '../auth/tokens.js';
import { AppError, forbidden, toClientError, type AuthFailure } from '../errors.js';
import { authenticate, createContext, type AppServices, type LiveConnection } from '../graphql/context.js';
import { clientAddressOf } from './client-address.js';
import { checkOperation, type CheckedOperation } from './operation-checks.js';
import { PendingSockets } from './pending-sockets.js';
import type { TrustedDocuments } from './trusted-documents.js';

type ConnectionState = {
  connectionId: string;
  principal: Principal;
  clientAddress: string;
  expiry: NodeJS.Timeout;
  liveConnection: LiveConnection;
};

type ConnectionExtra = Extra & Partial<ConnectionState>;

export interface GraphQLWebSocket {
  /** Closes every socket (1001 Going Away) and stops accepting new ones. */
  close(): Promise<void>;
  /** Closes a person's connections (4403), or only those of some sessions, e.g. when their account is closed or they log out. */
  disconnect(userId: string, why: Refusal, sessionIds?: ReadonlySet<string>): void;
  clientCount(): number;
}

/** connection_init payloads seen in the wild: `authorization`, `Authorization`, or a bare `token`. */
function tokenFrom(params: Record<string, unknown> | undefined): string | undefined {
  if (!params) return undefined;
  const header = params.authorization ?? params.Authorization;
  return bearerToken(header) ?? (typeof params.token === 'string' ? params.token : undefined);
}

/** Why a connection is refused or ended, for its close reason. */
export interface Refusal {
  reason: AuthFailure;
  message: string;
}

/** WebSocket close reasons are at most 123 bytes (RFC 6455): `REASON: message`, cut on a character boundary. */
export function closeReason({ reason, message }: Refusal): string {
  let text = `${reason}: ${message}`;
  while (Buffer.byteLength(text) > 123) text = [...text].slice(0, -1).join('');
  return text;
}

function refusalOf(error: AppError | null): Refusal {
  return { reason: (error?.extensions.reason as AuthFailure | undefined) ?? 'TOKEN_MALFORMED', message: error?.message ?? 'The token is not valid here.' };
}

const SERVER_ONLY_MESSAGES = new Set(['connection_ack', 'next', 'error']);

function messageTypeOf(text: string): string | undefined {
  try {
    const message: unknown = JSON.parse(text);
    return message && typeof message === 'object' && typeof (message as { type?: unknown }).type === 'string' ? (message as { type: string }).type : undefined;
  } catch {
    return undefined; // graphql-ws refuses it itself
  }
}

export function attachGraphQLWebSocket(httpServer: Server, schema: GraphQLSchema, app: AppServices, trusted: TrustedDocuments | null = null): GraphQLWebSocket {
  const { config } = app;
  const checks = { limits: config.operationLimits, introspection: config.introspection };
  const pending = new PendingSockets<WebSocket>(config.websocket.maxPendingSocketsPerAddress);
  const wsServer = new WebSocketServer({
    server: httpServer,
    path: '/graphql',
    maxPayload: config.maxBodyBytes,
    // Refused before the upgrade, so no socket is held. Synchronous, like the 'connection'
    // event that counts the socket: no upgrade can slip in between the check and the count.
    verifyClient: ({ req }, done) => {
      if (pending.admits(clientAddressOf(req, config.trustProxy))) return done(true);
      const { maxPendingSocketsPerAddress: max, connectionInitTimeoutMs } = config.websocket;
      // By Retry-After, the waiting sockets have authenticated or timed out.
      const headers = { 'Retry-After': String(Math.ceil(connectionInitTimeoutMs / 1000)), 'Content-Type': 'text/plain; charset=utf-8' };
      done(false, 429, `${max} WebSocket connections from your address are waiting to authenticate; send connection_init on them or close some.`, headers);
    },
  });
  /** Open connections per person on this instance. */
  const byUser = new Map<string, Set<ConnectionExtra>>();
  /** Wraps onConnect: a socket it accepts no longer counts as pending (one it refuses is closed, which frees it too). */
  const freesPendingOnAccept =
    <Ctx extends { extra: Extra }, Result>(onConnect: (ctx: Ctx) => Result | Promise<Result>) =>
    async (ctx: Ctx): Promise<Result> => {
      const result = await onConnect(ctx);
      if (result !== false) pending.release(ctx.extra.socket);
      return result;
    };

  const formatErrors = (errors: readonly GraphQLFormattedError[], originals: readonly unknown[], log: typeof app.log) =>
    errors.map((formatted, i) => {
      const verdict = toClientError(formatted, originals[i]);
      if (verdict.internal) log.error({ err: verdict.internal }, 'subscription operation failed');
      return verdict.formatted;
    });

  /** Closes the connection when `token` expires; returns when that is (epoch ms). */
  function expireWithToken(extra: ConnectionExtra, token: string): number {
    clearTimeout(extra.expiry);
    const expiresAt = app.tokens.expiresAt(token);
    const left = expiresAt - Date.now();
    const why: Refusal = { reason: 'TOKEN_EXPIRED', message: 'The access token expired; refresh the session and reconnect.' };
    extra.expiry = setTimeout(() => extra.socket.close(4403, closeReason(why)), Math.max(0, left));
    extra.expiry.unref();
    return expiresAt;
  }

  /** A newer token of the same person for an open connection: its subscriptions go on. */
  function renew(extra: ConnectionExtra, token: string): Date {
    const { viewer, authError } = authenticate(app, token, { cache: false });
    if (!viewer) throw authError!;
    if (viewer.id !== extra.principal!.id) throw forbidden('That token is someone else\'s; a connection stays with the person who opened it.');
    extra.principal = viewer;
    return new Date(expireWithToken(extra, token));
  }

  const disposable = useServer<Record<string, unknown>, ConnectionState>(
    {
      schema,
      connectionInitWaitTimeout: config.websocket.connectionInitTimeoutMs,
      onConnect: freesPendingOnAccept((ctx) => {
        const extra = ctx.extra as ConnectionExtra;
        const refuse = (why: Refusal) => (extra.socket.close(4403, closeReason(why)), false);
        const token = tokenFrom(ctx.connectionParams);
        if (!token) return refuse({ reason: 'TOKEN_MISSING', message: 'Send {"authorization": "Bearer <token>"} in connection_init.' });
        // Checked once per connection: no need to keep it in the per-request token cache.
        const { viewer: principal, authError } = authenticate(app, token, { cache: false });
        if (!principal) return refuse(refusalOf(authError));
        const mine = byUser.get(principal.id) ?? new Set();
        if (mine.size >= config.websocket.maxConnectionsPerUser) {
          extra.socket.close(4429, `At most ${config.websocket.maxConnectionsPerUser} connections per person`);
          return false;
        }
        mine.add(extra);
        byUser.set(principal.id, mine);
        extra.principal = principal;
        extra.connectionId = randomUUID();
        extra.clientAddress = clientAddressOf(extra.request, config.trustProxy);
        // A connection lives no longer than its token, unless renewed with a newer one.
        expireWithToken(extra, token);
        extra.liveConnection = { renew: (newer) => renew(extra, newer) };
        // Neither the upgrade request (headers and all) nor the token is needed once the
        // connection stands; dropping them saves kilobytes per long-lived connection.
        delete (extra as { request?: unknown }).request;
        for (const key of ['authorization', 'Authorization', 'token']) delete (ctx.connectionParams as Record<string, unknown> | undefined)?.[key];
        app.log.debug({ connectionId: extra.connectionId, user: principal.id }, 'websocket connected');
        return true;
      }),
      onSubscribe: (ctx, id, payload) => {
        // graphql-ws has already registered this operation when it asks us.
        if (Object.keys(ctx.subscriptions).length > config.websocket.maxSubscriptionsPerConnection) {
          return [
            new AppError(
              'RATE_LIMITED',
              `A connection may hold at most ${config.websocket.maxSubscriptionsPerConnection} subscriptions; end one, or open another connection.`,
            ),
          ];
        }
        let request = payload;
        if (trusted) {
          // A trusted document is named by `documentId` or extensions.persistedQuery, with `query: ""`.
          const resolved = trusted.resolve(payload, { transport: 'websocket', requestId: `${(ctx.extra as ConnectionExtra).connectionId}/${id}` });
          if (resolved instanceof GraphQLError) return [resolved];
          request = { ...payload, query: resolved.query ?? '', extensions: resolved.extensions };
        }
        const checked = checkOperation(schema, request, checks);
        if (Array.isArray(checked)) return checked;
        const { document } = checked as CheckedOperation;
        // The context is filled in by `context` below.
        return { schema, document, operationName: request.operationName, variableValues: request.variables };
      },
      context: (ctx, id) => {
        const extra = ctx.extra as ConnectionExtra;
        return createContext(app, {
          requestId: `${extra.connectionId}/${id}`,
          clientAddress: extra.clientAddress ?? 'unknown',
          viewer: extra.principal ?? null,
          authError: null,
          liveConnection: extra.liveConnection,
        });
      },
      onNext: (ctx, id, _payload, _args, result) => {
        if (!result.errors?.length) return;
        const log = app.log.child({ requestId: `${(ctx.extra as ConnectionExtra).connectionId}/${id}` });
        return { ...result, errors: formatErrors(result.errors.map((e) => e.toJSON()), result.errors, log) };
      },
      onError: (ctx, id, _payload, errors) => {
        const log = app.log.child({ requestId: `${(ctx.extra as ConnectionExtra).connectionId}/${id}` });
        return formatErrors(errors.map((e) => e.toJSON()), errors, log);
      },
      onClose: (ctx, code) => {
        const extra = ctx.extra as ConnectionExtra;
        clearTimeout(extra.expiry);
        if (extra.principal) {
          const mine = byUser.get(extra.principal.id);
          mine?.delete(extra);
          if (mine?.size === 0) byUser.delete(extra.principal.id);
        }
        app.log.debug({ connectionId: extra.connectionId, code }, 'websocket closed');
      },
    },
    wsServer,
  );

  wsServer.on('connection', (socket, request) => {
    pending.add(socket, clientAddressOf(request, config.trustProxy));
    socket.once('close', () => pending.release(socket));
  });

  // graphql-ws answers a client that sends a server's message (connection_ack, next, error)
  // with 4500 "Internal server error" and a console trace; it is the client's mistake, so it
  // gets 4400 like any other malformed message. Runs after graphql-ws attached its listener.
  wsServer.on('connection', (socket) => {
    const handlers = socket.listeners('message') as Array<(...args: unknown[]) => void>;
    socket.removeAllListeners('message');
    socket.on('message', (data, isBinary) => {
      const type = messageTypeOf(String(data));
      if (type && SERVER_ONLY_MESSAGES.has(type)) return socket.close(4400, `A client may not send "${type}" messages`);
      for (const handler of handlers) handler.call(socket, data, isBinary);
    });
  });

  return {
    clientCount: () => wsServer.clients.size,
    disconnect(userId, why, sessionIds) {
      for (const extra of byUser.get(userId) ?? []) {
        if (!sessionIds || sessionIds.has(extra.principal!.sessionId!)) extra.socket.close(4403, closeReason(why));
      }
    },
    async close() {
      for (const client of wsServer.clients) client.close(1001, 'Server shutting down');
      await disposable.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}
