/** All Cypher about people: creation, look-up, profile changes. */
import type { Circle } from '../circles/circle.type.js';
import type { Db } from '../db/database.js';
import { notFound } from '../errors.js';
import { CIRCLE_ORDER, circlesOfPersonPage } from '../graph/circles.js';
import type { TwoWayPageRequest } from '../graph/cursors.js';
import { pageWindow, type PageRow } from '../graph/paging.js';
import { interestsOf } from '../graph/interests.js';
import { storeStrangerBandOf } from '../graph/credit.js';
import { hiddenAsNonexistentFromViewer } from '../graph/blocks.js';
import { NotificationKind } from '../graph/notification-kinds.js';
import { notify, type Notifying } from '../graph/notifications.js';
import { userFields } from '../graph/people.js';
import type { Interest } from '../interests/interest.type.js';
import type { User } from './user.type.js';
import { profileChanges, type ProfilePatch } from './users.rules.js';

export async function usersByIds(db: Db, ids: readonly string[]): Promise<User[]> {
  const rows = await db.read((q) => q.rows<{ u: User }>(`MATCH (u:User) WHERE u.id IN $ids RETURN u ${userFields('u')} AS u`, { ids }));
  return rows.map((row) => row.u);
}

/** People by id as the viewer may find them (the rule of usersByHandles): for `node(id:)`. */
export async function visibleUsersByIds(db: Db, viewerId: string | null, ids: readonly string[]): Promise<User[]> {
  const rows = await db.read((q) =>
    q.rows<{ u: User }>(`MATCH (u:User) WHERE u.id IN $ids AND NOT ${hiddenAsNonexistentFromViewer('u')} RETURN u ${userFields('u')} AS u`, { ids, viewerId }),
  );
  return rows.map((row) => row.u);
}

/** People by handle as the viewer may find them: not those who blocked the viewer (they are as if they did not exist). */
export async function usersByHandles(db: Db, viewerId: string | null, handles: readonly string[]): Promise<User[]> {
  const rows = await db.read((q) =>
    q.rows<{ u: User }>(
      `MATCH (u:User) WHERE u.handle IN $handles AND NOT ${hiddenAsNonexistentFromViewer('u')}
       RETURN u ${userFields('u')} AS u`,
      { handles, viewerId },
    ),
  );
  return rows.map((row) => row.u);
}

/** The lists a profile read brings along: the person's interests, a page of their circles. */
export interface ProfileLists {
  interests: boolean;
  circles: TwoWayPageRequest | null;
}

export interface Profile {
  user: User;
  interests: Interest[] | null;
  /** A page's window of their circles, with the probe past its cursor, as circlesOfUsers reads it. */
  circles: Array<PageRow<Circle>> | null;
}

/**
 * A person by handle as the viewer finds them (the rule of usersByHandles), with the lists
 * asked for, in one statement: each list by the same fragment its own loader reads it with.
 * The text varies only with which lists are asked for and which cursors the circles' page has.
 */
export async function profileByHandle(db: Db, viewerId: string, handle: string, lists: ProfileLists): Promise<Profile | null> {
  const interests = lists.interests ? interestsOf('u') : 'null';
  const window = lists.circles && pageWindow(CIRCLE_ORDER, lists.circles, 'circles');
  const circles = window ? circlesOfPersonPage('v', 'u', window) : 'WITH *, null AS circles';
  const row = await db.read((q) =>
    q.one<Profile>(
      `MATCH (u:User {handle: $handle}) WHERE NOT ${hiddenAsNonexistentFromViewer('u')}
       OPTIONAL MATCH (v:User {id: $viewerId})
       ${circles}
       RETURN u ${userFields('u')} AS user, ${interests} AS interests, circles`,
      { handle, viewerId, ...window?.params },
    ),
  );
  return row ?? null;
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
       ${storeStrangerBandOf('u')}
       RETURN u ${userFields('u')} AS u`,
      {
        userId,
        realName: patch.realName ?? null,
        changes: profileChanges(patch),
      },
    );
    if (!row) throw notFound('Your account no longer exists.');
    return row.u;
  });
}

/** Marks the real name verified; the person is notified when it was not already. */
export async function markVerified(db: Db, handle: string): Promise<Notifying<User>> {
  return db.write(async (q) => {
    const row = await q.one<{ u: User; already: boolean }>(
      `MATCH (u:User {handle: $handle})
       WITH u, coalesce(u.verified, false) AS already
       SET u.verified = true, u.verifiedAt = datetime()
       RETURN u ${userFields('u')} AS u, already`,
      { handle },
    );
    if (!row) throw notFound(`No one has the handle "${handle}"; check the spelling.`);
    const verified = row.already ? [] : [{ kind: NotificationKind.REAL_NAME_VERIFIED, recipientId: row.u.id, actorId: null }];
    return { row: row.u, notifications: await notify(q, verified) };
  });
}
