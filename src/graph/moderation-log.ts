/**
 * The moderation log in Cypher: every write by which a circle's moderators or trust and
 * safety act on someone (a removal, a ban, a role change, a report's resolution, a
 * suspension) calls `logModeration` in its own transaction, so an entry exists exactly when
 * the action committed. Features that add moderator actions (comment removals) call it too.
 *
 *   (:ModerationLogEntry {id, circleId, actorId, action, targetId, subjectKind, subjectId,
 *                         reason, detail, at})
 *
 * `circleId` is null for actions on a whole account (suspensions): only trust and safety
 * reads those. `actorId` is a person's id, or `service:<role>` for trust and safety.
 */
import type { Queries } from '../db/database.js';

export enum ModerationLogAction {
  POST_REMOVED = 'POST_REMOVED',
  COMMENT_REMOVED = 'COMMENT_REMOVED',
  MEMBER_BANNED = 'MEMBER_BANNED',
  BAN_LIFTED = 'BAN_LIFTED',
  ROLE_CHANGED = 'ROLE_CHANGED',
  REPORT_RESOLVED = 'REPORT_RESOLVED',
  ACCOUNT_SUSPENDED = 'ACCOUNT_SUSPENDED',
}

export interface ModerationLogWrite {
  action: ModerationLogAction;
  /** The circle acted in; null for actions on a whole account. */
  circleId: string | null;
  /** Who acted: a person's id, or `service:<role>`. */
  actorId: string;
  /** The person acted on (the author of removed content, the person banned or given a role). */
  targetId: string | null;
  /** What was acted on, when it is content or a report: its kind (POST, COMMENT, MESSAGE, USER, REPORT) and id. */
  subjectKind?: string | null;
  subjectId?: string | null;
  /** Why, as the actor gave it. */
  reason?: string | null;
  /** The action's particulars: the new role, or the action a report was resolved with. */
  detail?: string | null;
}

/** Appends entries in the caller's transaction: one round-trip for any number. */
export async function logModeration(q: Queries, entries: ModerationLogWrite[]): Promise<void> {
  if (entries.length === 0) return;
  await q.rows(
    `WITH datetime.truncate('millisecond', datetime()) AS now
     UNWIND $entries AS e
     CREATE (:ModerationLogEntry {id: randomUUID(), circleId: e.circleId, actorId: e.actorId, action: e.action, targetId: e.targetId,
                                  subjectKind: e.subjectKind, subjectId: e.subjectId, reason: e.reason, detail: e.detail, at: now})`,
    {
      entries: entries.map((entry) => ({
        ...entry,
        subjectKind: entry.subjectKind ?? null,
        subjectId: entry.subjectId ?? null,
        reason: entry.reason ?? null,
        detail: entry.detail ?? null,
      })),
    },
  );
}
