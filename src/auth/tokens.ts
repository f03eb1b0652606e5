/**
 * JSON Web Tokens: HS256 only (pinned on verify, so `alg: none` and algorithm swaps fail),
 * `exp`, `iss` and `aud` required, `sub` = user id or `service:<role>`, `roles` claim, and
 * for people `sid`, the session the token belongs to (so ending a session refuses it).
 * Every token names its key in the `kid` header, so keys can be rotated: the first key
 * signs, every listed key verifies.
 */
import { createHash, createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { unauthenticated } from '../errors.js';
import { parseRole, Role, type Principal } from './roles.js';

export interface TokenOptions {
  /** Signing secret first, then older secrets still accepted for verification. */
  secrets: string[];
  ttlSeconds: number;
  issuer: string;
  audience: string;
  /** Allowance for clocks that disagree, applied to `exp` and `nbf`. */
  clockToleranceSeconds?: number;
}

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

/** A key id that names a secret without revealing it. */
export const keyIdOf = (secret: string) => createHash('sha256').update(secret).digest('hex').slice(0, 16);

const SERVICE_PREFIX = 'service:';
/** Verified tokens kept, and for how long at most: a client sends the same token on every request. */
const VERIFIED_CACHE_SIZE = 10_000;
const VERIFIED_CACHE_MS = 60_000;

export class TokenService {
  // KeyObjects, made once: given a string, jsonwebtoken first tries (and fails) to parse
  // it as a public key on every verify, which costs more than everything else in a request.
  private readonly keys: Map<string, KeyObject>;
  private readonly signingKid: string;
  /** token → principal, until the earlier of its expiry and a minute from verification. */
  private readonly verified = new Map<string, { principal: Principal; until: number }>();

  constructor(private readonly options: TokenOptions) {
    if (options.secrets.length === 0) throw new Error('TokenService needs at least one secret');
    this.keys = new Map(options.secrets.map((secret) => [keyIdOf(secret), createSecretKey(Buffer.from(secret))]));
    this.signingKid = keyIdOf(options.secrets[0]!);
  }

  /** An access token for one of a person's sessions (src/auth/sessions.repository.ts). */
  issueForUser(userId: string, sessionId: string): IssuedToken {
    return this.sign(userId, [Role.USER], this.options.ttlSeconds, { sid: sessionId });
  }

  issueForService(role: Role, ttlSeconds: number): IssuedToken {
    if (role === Role.USER) throw new Error('Service tokens carry a service role, not USER');
    return this.sign(`${SERVICE_PREFIX}${role.toLowerCase()}`, [role], ttlSeconds);
  }

  /** The principal a token speaks for; UNAUTHENTICATED for anything less than a valid token. */
  verify(token: string, options: { cache?: boolean } = {}): Principal {
    const now = Date.now();
    const cached = this.verified.get(token);
    if (cached && cached.until > now) return cached.principal;
    const { principal, expiresAt } = this.verifySignature(token);
    if (options.cache === false) return principal;
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { principal, until: Math.min(expiresAt, now + VERIFIED_CACHE_MS) });
    return principal;
  }

  /** When a token (already verified) expires, in epoch milliseconds. */
  expiresAt(token: string): number {
    const payload = jwt.decode(token) as jwt.JwtPayload | null;
    return (payload?.exp ?? 0) * 1000;
  }

  private verifySignature(token: string): { principal: Principal; expiresAt: number } {
    const decoded = jwt.decode(token, { complete: true });
    const kid = decoded?.header.kid;
    const secret = kid ? this.keys.get(kid) : undefined;
    if (!secret) throw malformed();
    let payload: jwt.JwtPayload;
    try {
      payload = jwt.verify(token, secret, {
        algorithms: ['HS256'],
        issuer: this.options.issuer,
        audience: this.options.audience,
        clockTolerance: this.options.clockToleranceSeconds ?? 5,
      }) as jwt.JwtPayload;
    } catch (error) {
      if (error instanceof jwt.TokenExpiredError) {
        throw unauthenticated('TOKEN_EXPIRED', 'Your access token has expired; get a new one with refreshSession (or log in again).');
      }
      throw malformed();
    }
    const roles = Array.isArray(payload.roles) ? payload.roles.map(String).map(parseRole) : [];
    if (typeof payload.exp !== 'number' || typeof payload.sub !== 'string' || roles.length === 0 || roles.includes(undefined)) {
      throw malformed();
    }
    const kind = payload.sub.startsWith(SERVICE_PREFIX) ? 'service' : 'user';
    // A person's token without a session could never be ended: not one of ours.
    if (kind === 'user' && typeof payload.sid !== 'string') throw malformed();
    const principal: Principal = { kind, id: payload.sub, roles: roles as Role[], ...(kind === 'user' && { sessionId: payload.sid as string }) };
    return { principal, expiresAt: payload.exp * 1000 };
  }

  private sign(subject: string, roles: Role[], ttlSeconds: number, claims: Record<string, string> = {}): IssuedToken {
    const token = jwt.sign({ roles, ...claims }, this.keys.get(this.signingKid)!, {
      algorithm: 'HS256',
      keyid: this.signingKid,
      subject,
      issuer: this.options.issuer,
      audience: this.options.audience,
      expiresIn: ttlSeconds,
    });
    const { exp } = jwt.decode(token) as jwt.JwtPayload;
    return { token, expiresAt: new Date(exp! * 1000) };
  }
}

const malformed = () => unauthenticated('TOKEN_MALFORMED', 'The token is not valid here; log in again to get a new one.');

/** The bearer token of an `Authorization` header (HTTP) or `connectionParams` (WebSocket). */
export function bearerToken(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}
