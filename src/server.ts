/**
 * The Quanzi server: GraphQL over HTTP and WebSocket on one port and one path
 * (`/graphql`), the playground, and health checks. Tests and `main.ts` both use
 * `startServer`; it owns no database connection, only uses one.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AccountStatus } from './auth/account-status.js';
import { decoyHash } from './auth/passwords.js';
import { resolveJwtSecrets } from './auth/secret.js';
import { TokenService } from './auth/tokens.js';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { AppServices } from './graphql/context.js';
import { buildQuanziSchema } from './graphql/schema.js';
import { createApollo, createGraphQLHttpHandler } from './http/apollo.js';
import { loadTrustedDocuments } from './http/trusted-documents.js';
import { attachGraphQLWebSocket } from './http/graphql-ws.js';
import { applyCors, applySecurityHeaders } from './http/headers.js';
import { sendJson, sendJsonError } from './http/json.js';
import { createRateLimiter } from './http/rate-limits.js';
import { requestIdFrom, type RequestInfo } from './http/request-info.js';
import { LiveHub } from './live/hub.js';
import { ReactionPulse } from './live/reaction-pulse.js';
import { createLiveTransport } from './live/transport.js';
import type { Logger } from './logger.js';
import { NotificationSweep } from './notifications/notifications.sweep.js';
import { createCandidateLists } from './recommendations/candidates.service.js';
import { createPlayground } from './playground/playground.js';

export interface ServerOptions {
  config: Config;
  database: Database;
  log: Logger;
  /** The playground's first tab (main.ts fills in the demo log-in). */
  playgroundQuery?: string;
  /** Build the playground bundle right away rather than on first visit. */
  warmPlayground?: boolean;
}

export interface QuanziServer {
  /** http://host:port/graphql */
  url: string;
  /** ws://host:port/graphql */
  wsUrl: string;
  httpServer: Server;
  app: AppServices;
  /** Stops accepting, lets in-flight requests finish, closes WebSockets. Leaves the database open. */
  close(): Promise<void>;
}

const DEFAULT_PLAYGROUND_QUERY = `# Welcome to Quanzi. Run SignUp (or logIn, if you have an account): the token it
# returns fills the Headers tab by itself, as {"Authorization": "Bearer <token>"}.
# Then run Me. Subscriptions use the same header. Before expiresAt, refreshSession
# with the refreshToken gives a new token (and fills the Headers tab too).

mutation SignUp {
  signUp(input: { handle: "your_handle", realName: "Your Name", password: "ten or more characters" }) {
    token
    expiresAt
    refreshToken
    user { handle }
  }
}

query Me {
  me { handle realName verified creditScore creditBand interests { name } }
}
`;

/** The path of a request target, without its query string (cheaper than a full URL parse). */
function pathOf(target: string | undefined): string {
  const url = target ?? '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** Memory after a full garbage collection when the process allows one (`node --expose-gc`). */
function memoryAfterCollection(): NodeJS.MemoryUsage & { collected: boolean } {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  return { ...process.memoryUsage(), collected: Boolean(gc) };
}

export async function startServer(options: ServerOptions): Promise<QuanziServer> {
  const { config, database, log } = options;
  // First: a manifest that cannot be read stops the start before anything runs.
  const trusted = loadTrustedDocuments(config.trustedDocuments, log);
  const events = createLiveTransport(config.redisUrl, log);
  const app: AppServices = {
    config,
    database,
    log,
    tokens: new TokenService({
      secrets: resolveJwtSecrets(config),
      ttlSeconds: config.jwt.ttlSeconds,
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
    }),
    decoyPasswordHash: decoyHash(config.passwordHashCost),
    pubSub: events.pubSub,
    liveHub: new LiveHub(events.pubSub, database, log),
    reactionPulse: new ReactionPulse({ db: database.forRequest(), pubSub: events.pubSub, log }),
    accounts: new AccountStatus(database, events.pubSub, log, { accessTokenSeconds: config.jwt.ttlSeconds }),
    rateLimiter: createRateLimiter(config.redisUrl, config.rateLimits, log),
    candidates: createCandidateLists(config, database, log),
  };
  await app.accounts.start();
  const notificationSweep = new NotificationSweep(database, log, config.notificationRetentionDays, config.liveReplay.windowMinutes);
  notificationSweep.start();
  const schema = await buildQuanziSchema(events.pubSub);
  const apollo = createApollo(schema, app);
  await apollo.start();
  const graphqlHttp = createGraphQLHttpHandler(apollo, schema, app, trusted);
  const playground = config.playground ? createPlayground(options.playgroundQuery ?? DEFAULT_PLAYGROUND_QUERY) : null;

  let draining = false;
  let inFlight = 0;
  let drained: (() => void) | null = null;

  async function route(req: IncomingMessage, res: ServerResponse, info: RequestInfo): Promise<void> {
    const pathname = pathOf(req.url);
    if (pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (pathname === '/readyz') {
      const ready = !draining && (await database.ping());
      return sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : draining ? 'draining' : 'database unavailable' });
    }
    if (pathname === '/debug/memory' && config.diagnostics) return sendJson(res, 200, memoryAfterCollection());
    if (playground && (await playground.handle(req, res, pathname))) return;
    if (pathname === '/graphql') return graphqlHttp(info, req, res);
    sendJson(res, 404, { error: `Nothing at ${pathname}; the API is at /graphql.` });
  }

  const httpServer = createServer((req, res) => {
    const started = process.hrtime.bigint();
    const info: RequestInfo = { requestId: requestIdFrom(req.headers) };
    res.setHeader('x-request-id', info.requestId);
    applySecurityHeaders(res);
    inFlight += 1;
    res.on('close', () => {
      inFlight -= 1;
      if (inFlight === 0) drained?.();
      const level = req.url === '/healthz' || req.url === '/readyz' ? 'debug' : 'info';
      // Build the log line only when it will be written: this runs for every request.
      if (!log.isLevelEnabled(level)) return;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log[level](
        { requestId: info.requestId, method: req.method, path: req.url, status: res.statusCode, ms: Math.round(ms * 10) / 10, operation: info.operationName ?? undefined, user: info.userId },
        'request',
      );
    });
    if (draining) res.setHeader('connection', 'close');
    if (applyCors(req, res, config.corsOrigins, config.corsAllowedHeaders)) return;
    route(req, res, info).catch((error) => {
      log.error({ err: error, requestId: info.requestId }, 'request failed');
      if (!res.headersSent) sendJsonError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
      else res.end();
    });
  });
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
  httpServer.requestTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  // Attached once listening: the WebSocket server re-emits the HTTP server's errors, and
  // graphql-ws prints a taken port as an internal error with a stack trace.
  const ws = attachGraphQLWebSocket(httpServer, schema, app, trusted);
  app.accounts.onChange(({ userId, closed }) => closed && ws.disconnect(userId, { reason: 'ACCOUNT_CLOSED', message: 'This account is closed or suspended.' }));
  app.accounts.onSessionsEnded(({ userId, sessionIds }) =>
    ws.disconnect(userId, { reason: 'TOKEN_REVOKED', message: 'This session has ended; log in again.' }, new Set(sessionIds)),
  );
  if (options.warmPlayground) playground?.warmUp();

  const { port } = httpServer.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host === '0.0.0.0' ? 'localhost' : config.host;

  return {
    url: `http://${host}:${port}/graphql`,
    wsUrl: `ws://${host}:${port}/graphql`,
    httpServer,
    app,
    async close() {
      draining = true;
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeIdleConnections();
      await ws.close();
      if (inFlight > 0) {
        // In-flight requests finish (bounded), then their keep-alive sockets close.
        await Promise.race([
          new Promise<void>((resolve) => (drained = resolve)),
          new Promise<void>((resolve) => setTimeout(resolve, 10_000).unref()),
        ]);
      }
      httpServer.closeAllConnections();
      await closed;
      await apollo.stop();
      app.liveHub.close();
      app.reactionPulse.close();
      app.accounts.close();
      notificationSweep.close();
      await app.candidates.close();
      await app.rateLimiter.close();
      await events.close();
    },
  };
}
