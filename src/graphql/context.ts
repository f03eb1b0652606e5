/**
 * What every resolver receives: who is asking, a Db counting this request's Cypher
 * round-trips, this request's DataLoaders, a logger tagged with the request id, and
 * the app's long-lived services.
 */
import type { AccountStatus } from '../auth/account-status.js';
import type { Principal } from '../auth/roles.js';
import type { TokenService } from '../auth/tokens.js';
import type { Config } from '../config.js';
import { QueryStats, type Database, type Db, type Deadline } from '../db/database.js';
import { unauthenticated, type AppError } from '../errors.js';
import type { RateLimiter } from '../http/rate-limits.js';
import type { LivePubSub } from '../live/events.js';
import type { LiveHub } from '../live/hub.js';
import type { ReactionPulse } from '../live/reaction-pulse.js';
import type { Logger } from '../logger.js';
import type { CandidateLists } from '../recommendations/candidates.service.js';
import { createLoaders, type Loaders, type SharedLoaders } from './loaders.js';

/** Long-lived parts of the app, built once at start-up. */
export interface AppServices {
  config: Config;
  database: Database;
  tokens: TokenService;
  log: Logger;
  /** A password hash to check log-ins for unknown handles against (equal timing). */
  decoyPasswordHash: Promise<string>;
  /** Live events to and from subscriptions (in-process, or Redis with REDIS_URL). */
  pubSub: LivePubSub;
  /** Fans live events out to this instance's subscribers, with blocks applied. */
  liveHub: LiveHub;
  /** Announces reaction changes, at most one a second per post. */
  reactionPulse: ReactionPulse;
  /** Suspended and deleted accounts, whose tokens are refused. */
  accounts: AccountStatus;
  /** Per-address and per-person limits on log-ins, sign-ups and posts. */
  rateLimiter: RateLimiter;
  /** Stranger recommendations ranked ahead of time: what changed them, and their pages. */
  candidates: CandidateLists;
}

/** The WebSocket connection an operation arrived on (none over HTTP). */
export interface LiveConnection {
  /** Gives the connection a newer access token of the same person; returns when it expires. */
  renew(token: string): Date;
}

export interface Context {
  requestId: string;
  /** Where the request came from, for per-address rate limits. */
  clientAddress: string;
  /** The client's User-Agent, to label the sessions it opens. */
  userAgent: string | undefined;
  /** Set for operations sent over a WebSocket connection. */
  liveConnection: LiveConnection | undefined;
  /** Null for anonymous requests, and for requests whose token was refused. */
  viewer: Principal | null;
  /** Why the token was refused, raised when an operation needs a signed-in viewer. */
  authError: AppError | null;
  db: Db;
  stats: QueryStats;
  loaders: Loaders;
  log: Logger;
  app: AppServices;
}

/**
 * A class, not an object literal: one shape for every request, cheap to make (this runs per
 * request). No #private fields: Apollo copies the context by its property descriptors.
 */
class RequestContext implements Context {
  readonly stats = new QueryStats();
  readonly db: Db;
  loaders: Loaders;
  private childLog: Logger | undefined;

  constructor(
    readonly app: AppServices,
    readonly requestId: string,
    readonly clientAddress: string,
    readonly userAgent: string | undefined,
    readonly liveConnection: LiveConnection | undefined,
    public viewer: Principal | null,
    public authError: AppError | null,
    deadline: Deadline | undefined,
  ) {
    this.db = app.database.forRequest(this.stats, deadline);
    this.loaders = createLoaders(this.db, viewer);
  }

  /** Most requests never log: the child logger is made on first use. */
  get log(): Logger {
    return (this.childLog ??= this.app.log.child({ requestId: this.requestId }));
  }
}

export function createContext(
  app: AppServices,
  request: {
    requestId: string;
    clientAddress: string;
    userAgent?: string;
    liveConnection?: LiveConnection;
    viewer: Principal | null;
    authError: AppError | null;
    /** After it no database work starts; none for subscriptions. */
    deadline?: Deadline;
  },
): Context {
  return new RequestContext(app, request.requestId, request.clientAddress, request.userAgent, request.liveConnection, request.viewer, request.authError, request.deadline);
}

/**
 * After signUp or logIn the rest of the same request speaks for the new session, so the
 * returned user shows what its owner may see. Loaders are rebuilt for the new viewer.
 */
export function signInContext(context: Context, viewer: Principal): void {
  context.viewer = viewer;
  context.authError = null;
  createContextLoaders(context);
}

/** Replaces the context's loaders with fresh ones (a new viewer, or a new subscription event). */
export function createContextLoaders(context: Context, shared?: SharedLoaders): void {
  context.loaders = createLoaders(context.db, context.viewer, shared);
}

/** Why a verified token may no longer act: its account closed, or its session ended. */
export function revocationOf(app: Pick<AppServices, 'accounts'>, viewer: Principal): AppError | null {
  if (viewer.kind !== 'user') return null;
  if (app.accounts.isClosed(viewer.id)) return unauthenticated('ACCOUNT_CLOSED', 'This account is closed or suspended; its tokens no longer work.');
  if (app.accounts.isSessionEnded(viewer.sessionId!)) return unauthenticated('TOKEN_REVOKED', 'This session has ended; log in again.');
  return null;
}

/**
 * Reads the principal from a bearer token; a bad token is remembered, not thrown here
 * (anonymous fields still answer). `verifyOptions` as for TokenService.verify.
 */
export function authenticate(
  app: Pick<AppServices, 'tokens' | 'accounts'>,
  token: string | undefined,
  verifyOptions?: { cache?: boolean },
): { viewer: Principal | null; authError: AppError | null } {
  if (!token) return { viewer: null, authError: null };
  try {
    const viewer = app.tokens.verify(token, verifyOptions);
    const revoked = revocationOf(app, viewer);
    return revoked ? { viewer: null, authError: revoked } : { viewer, authError: null };
  } catch (error) {
    return { viewer: null, authError: error as AppError };
  }
}
