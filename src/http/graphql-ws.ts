/**
 * GraphQL over WebSocket (graphql-ws, protocol `graphql-transport-ws`) on the same
 * HTTP server and path as HTTP GraphQL. A connection authenticates once, in
 * `connection_init`'s payload: `{ "authorization": "Bearer <token>" }`. A missing or bad
 * token closes the socket with 4403.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Principal } from '../auth/roles.js';
import { bearerToken } from '../auth/tokens.js';
import { createContext, type AppServices } from '../context.js';
import { toClientError } from '../errors.js';
import { checkOperation, type CheckedOperation } from './operation-checks.js';

type ConnectionState = {
  connectionId: string;
  principal: Principal;
};

type ConnectionExtra = Extra & Partial<ConnectionState>;

export interface GraphQLWebSocket {
  /** Closes every socket (1001 Going Away) and stops accepting new ones. */
  close(): Promise<void>;
  clientCount(): number;
}

/** connection_init payloads seen in the wild: `authorization`, `Authorization`, or a bare `token`. */
function tokenFrom(params: Record<string, unknown> | undefined): string | undefined {
  if (!params) return undefined;
  const header = params.authorization ?? params.Authorization;
  return bearerToken(header) ?? (typeof params.token === 'string' ? params.token : undefined);
}

export function attachGraphQLWebSocket(
  httpServer: Server,
  schema: GraphQLSchema,
  app: AppServices,
): GraphQLWebSocket {
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: app.config.maxBodyBytes });

  const formatErrors = (errors: readonly GraphQLFormattedError[], originals: readonly unknown[], log: typeof app.log) =>
    errors.map((formatted, i) => {
      const verdict = toClientError(formatted, originals[i]);
      if (verdict.internal) log.error({ err: verdict.internal }, 'subscription operation failed');
      return verdict.formatted;
    });

  const disposable = useServer<Record<string, unknown>, ConnectionState>(
    {
      schema,
      connectionInitWaitTimeout: 5_000,
      onSubscribe: (_ctx, _id, payload) => {
        const checked = checkOperation(schema, payload);
        if (Array.isArray(checked)) return checked;
        const { document } = checked as CheckedOperation;
        // The context is filled in by `context` below.
        return { schema, document, operationName: payload.operationName, variableValues: payload.variables };
      },
      onConnect: (ctx) => {
        const extra = ctx.extra as ConnectionExtra;
        const token = tokenFrom(ctx.connectionParams);
        if (!token) return false;
        try {
          // Checked once per connection: no need to keep it in the per-request token cache.
          extra.principal = app.tokens.verify(token, { cache: false });
        } catch {
          return false;
        }
        // Neither the upgrade request (headers and all) nor the token is needed once the
        // connection stands; dropping them saves kilobytes per long-lived connection.
        delete (extra as { request?: unknown }).request;
        for (const key of ['authorization', 'Authorization', 'token']) delete (ctx.connectionParams as Record<string, unknown> | undefined)?.[key];
        extra.connectionId = randomUUID();
        app.log.debug({ connectionId: extra.connectionId, user: extra.principal.id }, 'websocket connected');
        return true;
      },
      context: (ctx, id) => {
        const extra = ctx.extra as ConnectionExtra;
        return createContext(app, {
          requestId: `${extra.connectionId}/${id}`,
          viewer: extra.principal ?? null,
          authError: null,
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
      onDisconnect: (ctx, code) => {
        app.log.debug({ connectionId: (ctx.extra as ConnectionExtra).connectionId, code }, 'websocket closed');
      },
    },
    wsServer,
  );

  return {
    clientCount: () => wsServer.clients.size,
    async close() {
      for (const client of wsServer.clients) client.close(1001, 'Server shutting down');
      await disposable.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}
