import { existsSync } from 'node:fs';
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { normaliseAddress, type TrustProxy } from './http/client-address.js';

/** The nearest folder above this file with a package.json: the same from `src/` (tsx) and `dist/src/` (tsc). */
function findProjectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

export const projectRoot = findProjectRoot();

export type NodeEnv = 'development' | 'production' | 'test';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** What one operation may ask for, checked before it runs (src/http/operation-limits.ts). */
export interface OperationLimits {
  /** The largest `first` any list accepts: bigger values are refused by the list itself. */
  maxPageSize: number;
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  maxCost: number;
}

export interface Neo4jConfig {
  /** Unset means: run the project's own local Neo4j (see src/db/local). */
  uri: string | undefined;
  username: string;
  password: string | undefined;
  database: string;
  /** Keep a local Neo4j that this process started running after it exits. */
  keepLocalRunning: boolean;
  /** Upper bound on any single Cypher transaction, in milliseconds. */
  transactionTimeoutMs: number;
  maxConnectionPoolSize: number;
  /** Memory for the local Neo4j (ignored with NEO4J_URI). */
  localHeapMb: number;
  localPageCacheMb: number;
  /** NEO4J_LOCAL_PORT: the local Neo4j's Bolt port, exactly; unset, it prefers one per instance and takes any free one. */
  localPort: number | undefined;
}

export interface Config {
  nodeEnv: NodeEnv;
  host: string;
  port: number;
  logLevel: LogLevel;
  /** Where local state lives: the local Neo4j, the generated development secret. */
  dataDir: string;
  neo4j: Neo4jConfig;
  jwt: {
    /** Unset in development: a secret is generated once and kept in `dataDir`. */
    secret: string | undefined;
    /** Lifetime of an access token; refreshSession gives a new one. */
    ttlSeconds: number;
    issuer: string;
    audience: string;
  };
  sessions: {
    /** A session unused this long (no refresh) ends; each refresh starts the time again. */
    refreshSeconds: number;
    /** Live sessions one person may hold; a new log-in beyond it ends the least recently used. */
    maxPerUser: number;
  };
  redisUrl: string | undefined;
  playground: boolean;
  introspection: boolean;
  /** Seed a demo graph when the database holds no users. */
  seedDemo: boolean;
  /** Cost of password hashing: scrypt N = 2^passwordHashCost. */
  passwordHashCost: number;
  /** Largest HTTP request body accepted; larger ones get 413. */
  maxBodyBytes: number;
  /** Origins allowed to call the API from a browser; `*` for any. */
  corsOrigins: string[];
  /** Request headers a cross-origin browser app may send (answered at preflight). */
  corsAllowedHeaders: string[];
  /** Largest `first` any connection accepts. */
  maxPageSize: number;
  /** What one GraphQL operation may ask (src/http/operation-limits.ts). */
  operationLimits: OperationLimits;
  /** A request still running after this long is answered with SERVICE_UNAVAILABLE. */
  requestDeadlineMs: number;
  /** The proxies whose X-Forwarded-For entries are believed for the client address (src/http/client-address.ts). */
  trustProxy: TrustProxy;
  /** Unset: any valid operation runs. */
  trustedDocuments: TrustedDocumentsSettings | null;
  rateLimits: RateLimitSettings;
  websocket: {
    maxSubscriptionsPerConnection: number;
    maxConnectionsPerUser: number;
    connectionInitTimeoutMs: number;
    /**
     * Sockets one client address may hold before their connection_init is accepted. An honest
     * one waits a round trip, so even a NAT of many clients seldom has 20 waiting at once;
     * someone who never authenticates holds 20 for WS_CONNECTION_INIT_TIMEOUT_MS at most.
     */
    maxPendingSocketsPerAddress: number;
  };
  /** Connection requests one person may send in any 24 hours. */
  connectionRequestsPerDay: number;
  /** Unanswered requests a person may have waiting; beyond it they accept no more for now. */
  maxPendingIncomingRequests: number;
  /** Read notifications are deleted this many days after they were read (unread ones are kept). */
  notificationRetentionDays: number;
  /** Stranger recommendations kept ranked ahead of time (src/recommendations/candidates.*). */
  candidates: {
    /** Where lists are recomputed: `inline` in the API process, `off` when `npm run candidates:worker` does it. */
    worker: 'inline' | 'off';
    /** People kept per list; pages past them are ranked live. */
    listSize: number;
    /** Lists computed longer ago than this are recomputed by the sweep (changes by other people reach lists this way). */
    maxAgeMinutes: number;
    /** How often the sweep looks for old or unfinished lists. */
    sweepSeconds: number;
    /** At most this many other people's lists are refreshed for one change (co-members of a circle, people who trust someone). */
    fanOutMax: number;
  };
  /** How far back `messageReceived(after:)`, `notificationAdded(after:)`, `connectionRequestReceived(after:)` and `circleActivity(after:)` replay (and how long circle activity logs keep entries), and how many events at most. */
  liveReplay: { windowMinutes: number; maxEvents: number };
  /**
   * For tests and benchmarks, never production: report each request's Cypher round-trips in
   * `extensions.cypher`, and serve the process's memory at `GET /debug/memory`.
   */
  diagnostics: boolean;
}

/** Run only the app's own operations (src/http/trusted-documents.ts). */
export interface TrustedDocumentsSettings {
  /** The {sha256: document} manifest GraphQL Code Generator's client preset writes. */
  manifestPath: string;
  /** `enforce` refuses other documents; `audit` runs them and logs what enforce would refuse. */
  mode: 'enforce' | 'audit';
}

/** Attempts allowed per window; per client address or per user (src/rate-limits.ts). */
export interface RateLimitSettings {
  logInsPerAddressPerMinute: number;
  /** Wrong passwords per handle and client address in 15 minutes, before that pair is locked out. */
  failedLogInsPerHandlePer15Minutes: number;
  /** Wrong passwords per handle from all addresses in an hour, before unknown addresses are refused. */
  failedLogInsPerHandlePerHour: number;
  signUpsPerAddressPerHour: number;
  postsPerUserPerMinute: number;
  /** Each edit is broadcast to everyone watching the circle. */
  editsPerUserPerMinute: number;
  circlesPerUserPerHour: number;
  commentsPerUserPerMinute: number;
  /** Reactions and taking them back: each change wakes the circle's watchers (coalesced per post). */
  reactionsPerUserPerMinute: number;
  messagesPerUserPerMinute: number;
  refreshesPerAddressPerMinute: number;
  /** Each search reads many index entries, and a script could walk the directory of names with them. */
  searchesPerUserPerMinute: number;
  /** Circle invitations one person may send; each reaches someone who did not ask for it. */
  circleInvitationsPerUserPerHour: number;
  /** Reports one person may file; each lands in a moderator's queue. */
  reportsPerUserPerHour: number;
}

/** The most MAX_SESSIONS_PER_USER may be: `me.sessions` declares it as its bound for the cost analysis. */
export const SESSIONS_PER_USER_CEILING = 100;

type Env = Record<string, string | undefined>;

class ConfigError extends Error {}

function readInt(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}; got "${raw}"`);
  }
  return value;
}

function readBool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false; got "${env[name]}"`);
}

function readEnum<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}; got "${raw}"`);
  }
  return raw as T;
}

/**
 * The request headers browsers may send cross-origin unless CORS_ALLOWED_HEADERS says
 * otherwise: ours (authorization, x-request-id), Apollo Client's (its CSRF-safe headers and
 * the app's name and version), GraphQL Hive's client headers, and what urql, Relay,
 * graphql-request and fetch send (content-type, accept). graphql-ws needs none: a
 * WebSocket upgrade has no preflight.
 */
export const DEFAULT_CORS_ALLOWED_HEADERS = [
  'authorization',
  'content-type',
  'accept',
  'x-request-id',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'apollographql-client-name',
  'apollographql-client-version',
  'graphql-client-name',
  'graphql-client-version',
];

/** CORS_ALLOWED_HEADERS: a comma-separated list of header names, replacing the default list. */
function readHeaderNames(env: Env, name: string, fallback: string[]): string[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const names = raw.split(',').map((header) => header.trim().toLowerCase()).filter(Boolean);
  const bad = names.find((header) => !/^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(header));
  if (bad !== undefined) throw new ConfigError(`${name} is a comma-separated list of HTTP header names; "${bad}" is not one`);
  return names;
}

/** A CDN, a load balancer and an ingress are three; more than this is a typo more likely than a network. */
const MAX_PROXY_HOPS = 10;

/**
 * TRUST_PROXY: false or 0 (the socket's peer is the client); a number of proxy hops, where
 * true means 1 (what it meant when it was a switch); or a comma-separated list of proxy
 * addresses and CIDR ranges.
 */
function readTrustProxy(env: Env): TrustProxy {
  const raw = env.TRUST_PROXY?.trim() ?? '';
  const word = raw.toLowerCase();
  if (['', 'false', 'no', 'off'].includes(word)) return { hops: 0 };
  if (['true', 'yes', 'on'].includes(word)) return { hops: 1 };
  if (/^\d+$/.test(raw)) {
    if (Number(raw) > MAX_PROXY_HOPS) throw new ConfigError(`TRUST_PROXY counts proxy hops from 0 to ${MAX_PROXY_HOPS}; got "${raw}"`);
    return { hops: Number(raw) };
  }
  const proxies = new BlockList();
  for (const entry of raw.split(',').map((e) => e.trim())) {
    const problem = addProxy(proxies, entry);
    if (problem) {
      throw new ConfigError(
        `TRUST_PROXY must be false, true, a number of proxy hops, or a comma-separated list of proxy addresses and CIDR ranges (such as 10.0.0.0/8,fd00::/8); "${entry}" ${problem}`,
      );
    }
  }
  return { proxies };
}

/** Adds one address or CIDR range to `proxies`, or says what is wrong with it. */
function addProxy(proxies: BlockList, entry: string): string | null {
  const [text = '', prefix, ...more] = entry.split('/');
  const address = normaliseAddress(text);
  if (address === null || more.length > 0) return 'is not an IP address or CIDR range';
  const family = isIPv4(address) ? 'ipv4' : 'ipv6';
  if (prefix === undefined) {
    proxies.addAddress(address, family);
    return null;
  }
  // Addresses are compared as IPv4 once unmapped, so a mapped range would never match.
  if (family === 'ipv4' && isIPv6(text.trim())) return 'is an IPv4-mapped range; write it as IPv4 (10.0.0.0/8)';
  const bits = family === 'ipv4' ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > bits) return `needs a prefix length from 0 to ${bits}`;
  proxies.addSubnet(address, Number(prefix), family);
  return null;
}

/**
 * Reads `.env` from the project folder (or the file QUANZI_ENV_FILE names) when there is
 * one, with Node's own reader (`process.loadEnvFile`, Node 20.12+, no dependency): a variable
 * already set in the environment wins over the file. For `npm start` and the scripts, not
 * the tests, which must never pick up a developer's database from it.
 */
export function loadDotEnv(env: Env = process.env): 'loaded' | 'absent' | 'unsupported' {
  const file = path.resolve(projectRoot, env.QUANZI_ENV_FILE || '.env');
  if (!existsSync(file)) {
    if (env.QUANZI_ENV_FILE) throw new ConfigError(`QUANZI_ENV_FILE names ${file}, which does not exist; fix the path or unset it.`);
    return 'absent';
  }
  const loadEnvFile = (process as { loadEnvFile?: (file: string) => void }).loadEnvFile;
  if (typeof loadEnvFile !== 'function') {
    console.warn(
      `Quanzi found ${file}, but Node ${process.version} cannot read .env files (Node 20.12 or newer can), so it is ignored. ` +
        'Upgrade Node, or export its variables yourself: `set -a; . ./.env; set +a`.',
    );
    return 'unsupported';
  }
  loadEnvFile(file);
  return 'loaded';
}

/** Parses and validates every environment variable the server reads, once. */
export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = readEnum<NodeEnv>(env, 'NODE_ENV', ['development', 'production', 'test'], 'development');
  const production = nodeEnv === 'production';
  const jwtSecret = env.JWT_SECRET || undefined;
  if (production && !jwtSecret) {
    throw new ConfigError('JWT_SECRET is required when NODE_ENV=production (use 32+ random bytes)');
  }
  if (jwtSecret && jwtSecret.split(',').some((secret) => Buffer.byteLength(secret.trim()) < 32)) {
    throw new ConfigError('Each JWT_SECRET (comma-separated for rotation) must be at least 32 bytes long');
  }
  const neo4jUri = env.NEO4J_URI || undefined;
  const maxPageSize = readInt(env, 'MAX_PAGE_SIZE', 100, 1, 1000);
  if (neo4jUri && !/^(neo4j|bolt)(\+s|\+ssc)?:\/\//.test(neo4jUri)) {
    throw new ConfigError(`NEO4J_URI must start with neo4j://, neo4j+s://, bolt:// or bolt+s://; got "${neo4jUri}"`);
  }

  return {
    nodeEnv,
    host: env.HOST || (production ? '0.0.0.0' : '127.0.0.1'),
    port: readInt(env, 'PORT', 4000, 0, 65535),
    logLevel: readEnum<LogLevel>(
      env,
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      nodeEnv === 'test' ? 'warn' : 'info',
    ),
    dataDir: path.resolve(projectRoot, env.QUANZI_DATA_DIR || '.data'),
    neo4j: {
      uri: neo4jUri,
      username: env.NEO4J_USERNAME || 'neo4j',
      password: env.NEO4J_PASSWORD || undefined,
      database: env.NEO4J_DATABASE || 'neo4j',
      keepLocalRunning: readBool(env, 'NEO4J_KEEP_RUNNING', false),
      transactionTimeoutMs: readInt(env, 'NEO4J_TX_TIMEOUT_MS', 10_000, 100, 600_000),
      maxConnectionPoolSize: readInt(env, 'NEO4J_POOL_SIZE', 100, 1, 1000),
      localHeapMb: readInt(env, 'NEO4J_LOCAL_HEAP_MB', 1024, 256, 65536),
      localPageCacheMb: readInt(env, 'NEO4J_LOCAL_PAGECACHE_MB', 512, 64, 65536),
      localPort: env.NEO4J_LOCAL_PORT ? readInt(env, 'NEO4J_LOCAL_PORT', 0, 1, 65535) : undefined,
    },
    jwt: {
      secret: jwtSecret,
      // Short lifetimes are for tests of renewal; production keeps minutes to an hour.
      ttlSeconds: readInt(env, 'JWT_TTL_SECONDS', 3600, 2, 24 * 3600),
      issuer: env.JWT_ISSUER || 'quanzi',
      audience: env.JWT_AUDIENCE || 'quanzi-api',
    },
    sessions: {
      refreshSeconds: readInt(env, 'REFRESH_TTL_SECONDS', 30 * 24 * 3600, 60, 365 * 24 * 3600),
      maxPerUser: readInt(env, 'MAX_SESSIONS_PER_USER', 20, 1, SESSIONS_PER_USER_CEILING),
    },
    redisUrl: env.REDIS_URL || undefined,
    playground: readBool(env, 'PLAYGROUND', !production),
    introspection: readBool(env, 'INTROSPECTION', !production),
    seedDemo: readBool(env, 'SEED_DEMO', !production && !neo4jUri),
    passwordHashCost: readInt(env, 'PASSWORD_HASH_COST', 15, 10, 20),
    maxPageSize,
    maxBodyBytes: readInt(env, 'MAX_BODY_BYTES', 100 * 1024, 1024, 50 * 1024 * 1024),
    corsAllowedHeaders: readHeaderNames(env, 'CORS_ALLOWED_HEADERS', DEFAULT_CORS_ALLOWED_HEADERS),
    corsOrigins: (env.CORS_ORIGINS ?? (production ? '' : '*')).split(',').map((o) => o.trim()).filter(Boolean),
    diagnostics: readBool(env, 'DIAGNOSTICS', false),
    operationLimits: {
      maxPageSize,
      maxDepth: readInt(env, 'MAX_QUERY_DEPTH', 8, 2, 100),
      maxAliases: readInt(env, 'MAX_QUERY_ALIASES', 15, 0, 1000),
      maxDirectives: readInt(env, 'MAX_QUERY_DIRECTIVES', 50, 0, 1000),
      maxTokens: readInt(env, 'MAX_QUERY_TOKENS', 1000, 50, 100_000),
      maxCost: readInt(env, 'MAX_QUERY_COST', 5000, 10, 10_000_000),
    },
    requestDeadlineMs: readInt(env, 'REQUEST_DEADLINE_MS', 15_000, 100, 600_000),
    trustProxy: readTrustProxy(env),
    trustedDocuments: env.TRUSTED_DOCUMENTS
      ? { manifestPath: path.resolve(env.TRUSTED_DOCUMENTS), mode: readEnum(env, 'TRUSTED_DOCUMENTS_MODE', ['enforce', 'audit'] as const, 'enforce') }
      : null,
    rateLimits: {
      logInsPerAddressPerMinute: readInt(env, 'LOGINS_PER_ADDRESS_PER_MINUTE', 30, 1, 100_000),
      failedLogInsPerHandlePer15Minutes: readInt(env, 'FAILED_LOGINS_PER_HANDLE', 10, 1, 100_000),
      failedLogInsPerHandlePerHour: readInt(env, 'FAILED_LOGINS_PER_HANDLE_ALL_ADDRESSES', 100, 1, 1_000_000),
      signUpsPerAddressPerHour: readInt(env, 'SIGNUPS_PER_ADDRESS_PER_HOUR', 10, 1, 100_000),
      postsPerUserPerMinute: readInt(env, 'POSTS_PER_USER_PER_MINUTE', 30, 1, 100_000),
      editsPerUserPerMinute: readInt(env, 'EDITS_PER_USER_PER_MINUTE', 20, 1, 100_000),
      commentsPerUserPerMinute: readInt(env, 'COMMENTS_PER_USER_PER_MINUTE', 30, 1, 100_000),
      reactionsPerUserPerMinute: readInt(env, 'REACTIONS_PER_USER_PER_MINUTE', 60, 1, 100_000),
      circlesPerUserPerHour: readInt(env, 'CIRCLES_PER_USER_PER_HOUR', 5, 1, 100_000),
      messagesPerUserPerMinute: readInt(env, 'MESSAGES_PER_USER_PER_MINUTE', 60, 1, 100_000),
      refreshesPerAddressPerMinute: readInt(env, 'REFRESHES_PER_ADDRESS_PER_MINUTE', 60, 1, 100_000),
      searchesPerUserPerMinute: readInt(env, 'SEARCHES_PER_USER_PER_MINUTE', 60, 1, 100_000),
      circleInvitationsPerUserPerHour: readInt(env, 'CIRCLE_INVITATIONS_PER_USER_PER_HOUR', 50, 1, 100_000),
      reportsPerUserPerHour: readInt(env, 'REPORTS_PER_USER_PER_HOUR', 30, 1, 100_000),
    },
    websocket: {
      maxSubscriptionsPerConnection: readInt(env, 'MAX_SUBSCRIPTIONS_PER_CONNECTION', 25, 1, 10_000),
      maxConnectionsPerUser: readInt(env, 'MAX_CONNECTIONS_PER_USER', 10, 1, 10_000),
      connectionInitTimeoutMs: readInt(env, 'WS_CONNECTION_INIT_TIMEOUT_MS', 5_000, 100, 60_000),
      maxPendingSocketsPerAddress: readInt(env, 'MAX_PENDING_SOCKETS_PER_ADDRESS', 20, 1, 100_000),
    },
    connectionRequestsPerDay: readInt(env, 'CONNECTION_REQUESTS_PER_DAY', 20, 1, 10_000),
    maxPendingIncomingRequests: readInt(env, 'MAX_PENDING_INCOMING_REQUESTS', 100, 1, 100_000),
    notificationRetentionDays: readInt(env, 'NOTIFICATION_RETENTION_DAYS', 90, 1, 3650),
    candidates: {
      worker: readEnum(env, 'CANDIDATE_WORKER', ['inline', 'off'] as const, 'inline'),
      listSize: readInt(env, 'CANDIDATE_LIST_SIZE', 300, 21, 5_000),
      maxAgeMinutes: readInt(env, 'CANDIDATE_MAX_AGE_MINUTES', 24 * 60, 1, 30 * 24 * 60),
      sweepSeconds: readInt(env, 'CANDIDATE_SWEEP_SECONDS', 60, 1, 3_600),
      fanOutMax: readInt(env, 'CANDIDATE_FANOUT_MAX', 500, 0, 100_000),
    },
    liveReplay: {
      windowMinutes: readInt(env, 'LIVE_REPLAY_WINDOW_MINUTES', 24 * 60, 1, 30 * 24 * 60),
      maxEvents: readInt(env, 'LIVE_REPLAY_MAX_EVENTS', 500, 1, 10_000),
    },
  };
}

export { ConfigError };
