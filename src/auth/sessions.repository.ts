/**
 * All Cypher about sessions: one per log-in, holding the hashes of its refresh tokens.
 *
 *   (:User)-[:HAS_SESSION]->(:Session {id, createdAt, lastUsedAt, expiresAt, client, endedAt, endReason})
 *   (:Session)-[:ISSUED]->(:RefreshToken {hash, issuedAt, usedAt})
 *
 * A refresh token is used once: refreshing marks it used and issues the next. A used one
 * presented again means two parties hold the session's tokens, so the whole session ends
 * (the OAuth 2.0 Security BCP's reuse rule). Only hashes are stored.
 */
import { int, type Db, type Queries } from '../db/database.js';
import type { SessionEnd, SessionState } from './sessions.rules.js';

export interface SessionRecord {
  id: string;
  createdAt: Date;
  lastUsedAt: Date;
  expiresAt: Date;
  client: string | null;
}

export interface NewSession {
  id: string;
  userId: string;
  client: string | null;
  refreshHash: string;
  refreshSeconds: number;
  /** Sessions a person may hold; the least recently used beyond it end. */
  maxSessions: number;
}

const SESSION_FIELDS = `{.id, .client, createdAt: s.createdAt, lastUsedAt: s.lastUsedAt, expiresAt: s.expiresAt}`;
/** A session that can still refresh. Expects bound: `s`. */
const LIVE = 's.endedAt IS NULL AND s.expiresAt > datetime()';
/** Used refresh tokens are remembered this long, to catch their reuse; older ones are forgotten. */
const USED_TOKEN_MEMORY = 'P14D';

/** Ends the sessions bound as `s` (one row each); returns their ids as `ids`. */
const END_SESSIONS = `
  SET s.endedAt = datetime(), s.endReason = $reason
  RETURN collect(s.id) AS ids`;

/** Opens a session with its first refresh token; returns the ids of sessions it pushed out. */
export async function startSession(db: Db, session: NewSession): Promise<{ expiresAt: Date; evicted: string[] }> {
  return db.write(async (q) => {
    const row = await q.one<{ expiresAt: Date }>(
      `MATCH (u:User {id: $userId})
       CREATE (u)-[:HAS_SESSION]->(s:Session {id: $id, client: $client, createdAt: datetime(), lastUsedAt: datetime(),
                                             expiresAt: datetime() + duration({seconds: $refreshSeconds})})
       CREATE (s)-[:ISSUED]->(:RefreshToken {hash: $refreshHash, issuedAt: datetime()})
       RETURN s.expiresAt AS expiresAt`,
      { ...session, refreshSeconds: int(session.refreshSeconds) },
    );
    const evicted = await q.one<{ ids: string[] }>(
      `MATCH (:User {id: $userId})-[:HAS_SESSION]->(s:Session) WHERE ${LIVE}
       WITH s ORDER BY s.lastUsedAt DESC SKIP $maxSessions
       ${END_SESSIONS}`,
      { userId: session.userId, maxSessions: int(session.maxSessions), reason: 'TOO_MANY_SESSIONS' satisfies SessionEnd },
    );
    return { expiresAt: row!.expiresAt, evicted: evicted?.ids ?? [] };
  });
}

/**
 * The session a refresh token belongs to, with that session's write lock held for the rest
 * of the transaction: two refreshes with one token are decided one after the other, so the
 * second sees the first's mark and counts as reuse.
 */
export async function lockedSessionOfRefreshToken(q: Queries, hash: string): Promise<SessionState | undefined> {
  const locked = await q.one<{ id: string }>(
    `MATCH (:RefreshToken {hash: $hash})<-[:ISSUED]-(s:Session) SET s._lock = true REMOVE s._lock RETURN s.id AS id`,
    { hash },
  );
  if (!locked) return undefined;
  return q.one<SessionState>(
    `MATCH (u:User)-[:HAS_SESSION]->(s:Session {id: $id})-[:ISSUED]->(t:RefreshToken {hash: $hash})
     RETURN u.id AS userId, s.id AS sessionId, s.endReason AS endReason, s.expiresAt <= datetime() AS expired, t.usedAt IS NOT NULL AS used`,
    { id: locked.id, hash },
  );
}

/** Marks a refresh token used and issues the next; the session's idle lifetime starts again. */
export async function rotateRefreshToken(
  q: Queries,
  rotation: { sessionId: string; usedHash: string; nextHash: string; refreshSeconds: number; client: string | null },
): Promise<Date> {
  const row = await q.one<{ expiresAt: Date }>(
    `MATCH (s:Session {id: $sessionId})-[:ISSUED]->(used:RefreshToken {hash: $usedHash})
     SET used.usedAt = datetime(), s.lastUsedAt = datetime(), s.expiresAt = datetime() + duration({seconds: $refreshSeconds}),
         s.client = coalesce($client, s.client)
     CREATE (s)-[:ISSUED]->(:RefreshToken {hash: $nextHash, issuedAt: datetime()})
     WITH s
     CALL (s) { MATCH (s)-[:ISSUED]->(old:RefreshToken) WHERE old.usedAt < datetime() - duration('${USED_TOKEN_MEMORY}') DELETE old }
     RETURN s.expiresAt AS expiresAt`,
    { ...rotation, refreshSeconds: int(rotation.refreshSeconds) },
  );
  return row!.expiresAt;
}

/** Which of a person's sessions to end: one, all, or all but one (the one in use). */
export type SessionSelection = { only: string } | { allBut: string } | 'all';

/** Ends a person's sessions that are still live; returns the ids it ended. */
export async function endSessions(q: Queries, userId: string, which: SessionSelection, reason: SessionEnd): Promise<string[]> {
  const filter = which === 'all' ? '' : 'only' in which ? 'AND s.id = $only' : 'AND s.id <> $allBut';
  const row = await q.one<{ ids: string[] }>(
    `MATCH (:User {id: $userId})-[:HAS_SESSION]->(s:Session) WHERE s.endedAt IS NULL ${filter}
     ${END_SESSIONS}`,
    { userId, reason, ...(which !== 'all' && which) },
  );
  return row?.ids ?? [];
}

/** A person's sessions that can still refresh, most recently used first (at most `limit`). */
export async function liveSessionsOf(db: Db, userId: string, limit: number): Promise<SessionRecord[]> {
  const rows = await db.read((q) =>
    q.rows<{ session: SessionRecord }>(
      `MATCH (:User {id: $userId})-[:HAS_SESSION]->(s:Session) WHERE ${LIVE}
       RETURN s ${SESSION_FIELDS} AS session ORDER BY s.lastUsedAt DESC LIMIT $limit`,
      { userId, limit: int(limit) },
    ),
  );
  return rows.map((row) => row.session);
}

/** Sessions that ended within the last `windowMs`, with when (epoch milliseconds). */
export async function endedSessionIdsSince(db: Db, windowMs: number): Promise<Array<{ id: string; endedAt: number }>> {
  return db.read((q) =>
    q.rows<{ id: string; endedAt: number }>(
      `MATCH (s:Session) WHERE s.endedAt > datetime() - duration({milliseconds: $windowMs})
       RETURN s.id AS id, s.endedAt.epochMillis AS endedAt`,
      { windowMs: int(windowMs) },
    ),
  );
}

/**
 * Deletes sessions past their refresh lifetime (ended or not) with their tokens: every
 * token they issued has expired, so nothing is left to check against them.
 */
export async function sweepFinishedSessions(db: Db): Promise<void> {
  await db.write((q) =>
    q.rows(
      `MATCH (s:Session) WHERE s.expiresAt < datetime() - duration('P1D')
       WITH s LIMIT 10000
       OPTIONAL MATCH (s)-[:ISSUED]->(t:RefreshToken)
       DETACH DELETE t, s`,
    ),
  );
}

/** Deleting an account takes its sessions along (its tokens stay refused by the account's tombstone). */
export const DELETE_SESSIONS_OF_U = `CALL (u) { MATCH (u)-[:HAS_SESSION]->(s:Session) OPTIONAL MATCH (s)-[:ISSUED]->(t:RefreshToken) DETACH DELETE t, s }`;
