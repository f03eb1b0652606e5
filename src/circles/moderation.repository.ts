/** All Cypher for circle moderation: roles, bans. */
import type { Db, Queries } from '../db/database.js';
import { lockCircle, OWNERS_OF_C, writeBan } from '../graph/circles.js';
import { logModeration, ModerationLogAction } from '../graph/moderation-log.js';
import { NotificationKind } from '../graph/notification-kinds.js';
import { notify, type Notifying } from '../graph/notifications.js';
import { requireVisibleUserId, userFields } from '../graph/people.js';
import type { CircleRole, Circle } from './circle.type.js';
import type { MemberRow } from './circles.repository.js';
import { moderationRefusal, roleChangeRefusal, selfBanRefusal, type ModerationAction } from './moderation.rules.js';

interface Parties {
  targetId: string;
  actorRole: CircleRole | null;
  targetRole: CircleRole | null;
  owners: number;
}

/** Locks the circle, finds the target, reads both roles, and applies the moderation rules. */
async function authorise(q: Queries, actorId: string, circle: Circle, targetHandle: string, action: ModerationAction): Promise<Parties> {
  await lockCircle(q, circle.id);
  // Acting on this circle, a moderator finds its members and banned people whatever their blocks.
  const targetId = await requireVisibleUserId(q, actorId, targetHandle, 'handle', circle.id);
  const selfBan = selfBanRefusal(actorId, targetId, action);
  if (selfBan) throw selfBan;
  const row = await q.one<Omit<Parties, 'targetId'>>(
    // The two people are found first, then their memberships between bound nodes: as one
    // pattern each, the planner may walk the circle's memberships to find them.
    `MATCH (c:Circle {id: $circleId})
     OPTIONAL MATCH (actor:User {id: $actorId})
     OPTIONAL MATCH (target:User {id: $targetId})
     OPTIONAL MATCH (actor)-[a:MEMBER_OF]->(c)
     OPTIONAL MATCH (target)-[t:MEMBER_OF]->(c)
     RETURN a.role AS actorRole, t.role AS targetRole, ${OWNERS_OF_C} AS owners`,
    { circleId: circle.id, actorId, targetId },
  );
  const parties = { targetId, actorRole: row?.actorRole ?? null, targetRole: row?.targetRole ?? null, owners: row?.owners ?? 0 };
  const refusal = moderationRefusal(parties.actorRole, parties.targetRole, action);
  if (refusal) throw refusal;
  return parties;
}

/** Sets a member's role; a change of role notifies them. */
export async function setMemberRole(db: Db, actorId: string, circle: Circle, targetHandle: string, role: CircleRole): Promise<Notifying<MemberRow>> {
  return db.write(async (q) => {
    const parties = await authorise(q, actorId, circle, targetHandle, { kind: 'setRole', to: role });
    const refusal = roleChangeRefusal(circle, targetHandle, { role: parties.targetRole, owners: parties.owners }, role);
    if (refusal) throw refusal;
    const row = await q.one<{ member: MemberRow }>(
      `MATCH (u:User {id: $targetId})-[m:MEMBER_OF]->(:Circle {id: $circleId})
       SET m.role = $role
       RETURN {circleId: $circleId, user: u ${userFields('u')}, role: m.role, joinedAt: m.joinedAt} AS member`,
      { targetId: parties.targetId, circleId: circle.id, role },
    );
    if (parties.targetRole === role) return { row: row!.member, notifications: [] };
    await logModeration(q, [{ action: ModerationLogAction.ROLE_CHANGED, circleId: circle.id, actorId, targetId: parties.targetId, detail: role }]);
    const changed = [{ kind: NotificationKind.ROLE_CHANGED, recipientId: parties.targetId, actorId: null, circleId: circle.id, role }];
    return { row: row!.member, notifications: await notify(q, changed) };
  });
}

/** Removes the person from the circle (if in it) and keeps them out; returns their id. A new ban notifies them. */
export async function banMember(db: Db, actorId: string, circle: Circle, targetHandle: string, reason: string | null): Promise<Notifying<{ userId: string; wasMember: boolean }>> {
  return db.write(async (q) => {
    const parties = await authorise(q, actorId, circle, targetHandle, { kind: 'ban' });
    const { already } = await writeBan(q, parties.targetId, circle.id, actorId, reason);
    await logModeration(q, [{ action: ModerationLogAction.MEMBER_BANNED, circleId: circle.id, actorId, targetId: parties.targetId, reason }]);
    const banned = already ? [] : [{ kind: NotificationKind.BANNED_FROM_CIRCLE, recipientId: parties.targetId, actorId: null, circleId: circle.id, reason }];
    return { row: { userId: parties.targetId, wasMember: parties.targetRole !== null }, notifications: await notify(q, banned) };
  });
}

/** Lifts a ban; false when there was none. */
export async function unbanMember(db: Db, actorId: string, circle: Circle, targetHandle: string): Promise<boolean> {
  return db.write(async (q) => {
    const parties = await authorise(q, actorId, circle, targetHandle, { kind: 'unban' });
    const row = await q.one<{ lifted: number }>(
      `MATCH (:User {id: $targetId})-[b:BANNED_FROM]->(:Circle {id: $circleId}) DELETE b RETURN count(*) AS lifted`,
      { targetId: parties.targetId, circleId: circle.id },
    );
    const lifted = (row?.lifted ?? 0) > 0;
    if (lifted) await logModeration(q, [{ action: ModerationLogAction.BAN_LIFTED, circleId: circle.id, actorId, targetId: parties.targetId }]);
    return lifted;
  });
}
