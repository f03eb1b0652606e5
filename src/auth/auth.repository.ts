/** All Cypher about accounts' credentials: creating one, reading a password hash to log in, changing it. */
import type { Db } from '../db/database.js';
import { conflict, isConstraintViolation } from '../errors.js';
import { userFields } from '../graph/people.js';
import { DEFAULT_SCORE_VISIBILITY, NO_VISIBLE_BAND } from '../privacy/credit-bands.js';
import { DEFAULT_VOUCH_VISIBILITY } from '../privacy/vouch-visibility.js';
import type { User } from '../users/user.type.js';
import { endSessions } from './sessions.repository.js';

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
                         verified: false, bio: null, scoreVisibility: $visibility, vouchVisibility: $vouchVisibility, visibleBand: $noBand, createdAt: datetime()})
         RETURN u ${userFields('u')} AS u`,
        { ...user, visibility: DEFAULT_SCORE_VISIBILITY, vouchVisibility: DEFAULT_VOUCH_VISIBILITY, noBand: NO_VISIBLE_BAND },
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

/** Sets a new password hash and ends every other session of the account, in one transaction; returns the ended ids. */
export async function setPasswordEndingOtherSessions(db: Db, userId: string, passwordHash: string, keepSessionId: string): Promise<string[]> {
  return db.write(async (q) => {
    await q.rows('MATCH (u:User {id: $userId}) SET u.passwordHash = $passwordHash, u.passwordChangedAt = datetime()', { userId, passwordHash });
    return endSessions(q, userId, { allBut: keepSessionId }, 'PASSWORD_CHANGED');
  });
}
