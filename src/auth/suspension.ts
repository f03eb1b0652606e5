/**
 * Suspending an account inside a caller's transaction: for trust and safety's suspendUser
 * (accounts.repository.ts) and for resolving a report with SUSPEND_ACCOUNT (the moderation
 * feature). Not a repository of its own, so other features may call it; the caller
 * announces the closed account and ended sessions after commit.
 */
import type { Queries } from '../db/database.js';
import { logModeration, ModerationLogAction } from '../graph/moderation-log.js';
import { endSessions } from './sessions.repository.js';

/** Suspends the person (keeping the first suspension's date), ends their sessions and logs it; returns the ended session ids. */
export async function suspendInTransaction(q: Queries, userId: string, reason: string, by: string): Promise<string[]> {
  await q.rows(
    `MATCH (u:User {id: $userId})
     SET u.suspendedAt = coalesce(u.suspendedAt, datetime()), u.suspensionReason = $reason, u.suspendedBy = $by`,
    { userId, reason, by },
  );
  await logModeration(q, [{ action: ModerationLogAction.ACCOUNT_SUSPENDED, circleId: null, actorId: by, targetId: userId, reason }]);
  return endSessions(q, userId, 'all', 'ACCOUNT_SUSPENDED');
}
