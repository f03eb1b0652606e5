/** All Cypher about people: creation, look-up, profile changes. */
import { conflict, isConstraintViolation, notFound } from '../errors.js';
import type { Db, Queries } from '../db/database.js';
import { ScoreVisibility } from '../credit/credit.type.js';
import { STORE_STRANGER_BAND_OF_U } from '../credit/credit.visibility.js';
import type { User } from './user.type.js';

/**
 * The map projection every user read returns, of the variable named (a literal in our code,
 * never input). Times travel as epoch milliseconds: see src/db/convert.ts.
 */
export const userFields = (v: string) =>
  `{.id, .handle, .realName, .verified, .bio, .scoreVisibility, .creditScore, createdAt: ${v}.createdAt.epochMillis, suspended: ${v}.suspendedAt IS NOT NULL}`;

export async function usersByIds(db: Db, ids: readonly string[]): Promise<User[]> {
  const rows = await db.read((q) => q.rows<{ u: User }>(`MATCH (u:User) WHERE u.id IN $ids RETURN u ${userFields('u')} AS u`, { ids }));
  return rows.map((row) => row.u);
}

export async function usersByHandles(db: Db, handles: readonly string[]): Promise<User[]> {
  const rows = await db.read((q) =>
    q.rows<{ u: User }>(`MATCH (u:User) WHERE u.handle IN $handles RETURN u ${userFields('u')} AS u`, { handles }),
  );
  return rows.map((row) => row.u);
}

/** The user with this handle inside a transaction, or NOT_FOUND naming the handle. */
export async function requireUserId(q: Queries, handle: string, field = 'handle'): Promise<string> {
  const row = await q.one<{ id: string }>('MATCH (u:User {handle: $handle}) RETURN u.id AS id', { handle });
  if (!row) throw notFound(`No one has the handle "${handle}" (${field}); check the spelling.`);
  return row.id;
}

export interface NewUser {
  id: string;
  handle: string;
  realName: string;
  passwordHash: string;
}

export async function createUser(db: Db, user: NewUser): Promise<User> {
  try {
    return await db.write(async (q) => {
      const row = await q.one<{ u: User }>(
        `CREATE (u:User {id: $id, handle: $handle, realName: $realName, passwordHash: $passwordHash,
                         verified: false, bio: null, scoreVisibility: $visibility, visibleBand: -1, createdAt: datetime()})
         RETURN u ${userFields('u')} AS u`,
        { ...user, visibility: ScoreVisibility.BAND_ONLY },
      );
      return row!.u;
    });
  } catch (error) {
    if (isConstraintViolation(error)) throw conflict(`The handle "${user.handle}" is taken; choose another.`, { field: 'handle' });
    throw error;
  }
}

export async function credentialsByHandle(db: Db, handle: string): Promise<{ id: string; passwordHash: string } | undefined> {
  return db.read((q) =>
    q.one<{ id: string; passwordHash: string }>(
      'MATCH (u:User {handle: $handle}) RETURN u.id AS id, u.passwordHash AS passwordHash',
      { handle },
    ),
  );
}

export interface ProfilePatch {
  bio?: string | null;
  realName?: string;
  scoreVisibility?: ScoreVisibility;
}

/**
 * Applies only the fields present in the patch. A new real name is not verified:
 * `verified` goes back to false until a verifier confirms it again.
 */
export async function updateProfile(db: Db, userId: string, patch: ProfilePatch): Promise<User> {
  return db.write(async (q) => {
    const row = await q.one<{ u: User }>(
      `MATCH (u:User {id: $userId})
       SET u += $changes,
           u.verified = CASE WHEN $realName IS NOT NULL AND $realName <> u.realName THEN false ELSE u.verified END,
           u.realName = coalesce($realName, u.realName)
       ${STORE_STRANGER_BAND_OF_U}
       RETURN u ${userFields('u')} AS u`,
      {
        userId,
        realName: patch.realName ?? null,
        changes: Object.fromEntries(
          Object.entries({ bio: patch.bio, scoreVisibility: patch.scoreVisibility }).filter(([, v]) => v !== undefined),
        ),
      },
    );
    if (!row) throw notFound('Your account no longer exists.');
    return row.u;
  });
}

export async function markVerified(db: Db, handle: string): Promise<User> {
  return db.write(async (q) => {
    const row = await q.one<{ u: User }>(
      `MATCH (u:User {handle: $handle}) SET u.verified = true, u.verifiedAt = datetime() RETURN u ${userFields('u')} AS u`,
      { handle },
    );
    if (!row) throw notFound(`No one has the handle "${handle}"; check the spelling.`);
    return row.u;
  });
}
