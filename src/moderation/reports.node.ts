import { isTrustAndSafety } from '../auth/roles.js';
import type { Db } from '../db/database.js';
import type { NodeSource } from '../graphql/node-source.js';
import { viewerId } from '../graphql/viewer.js';
import { logEntriesByIds, reportsByIds } from './reports.repository.js';
import { mayReadModeration, maySeeReport } from './reports.rules.js';

/**
 * A moderation type's part in `node`: `read` finds the rows no block hides from the viewer
 * (one round-trip), `visible` keeps those trust and safety or the viewer may see.
 */
function moderationNodes<Row>(
  type: string,
  read: (db: Db, viewerId: string, ids: string[]) => Promise<Row[]>,
  visible: (safety: boolean, row: Row) => boolean,
  value: (row: Row) => { id: string },
): NodeSource {
  return {
    type,
    ids: { label: type },
    async load(ctx, ids) {
      const safety = isTrustAndSafety(ctx.viewer);
      return (await read(ctx.db, viewerId(ctx), ids)).filter((row) => visible(safety, row)).map(value);
    },
  };
}

/** Reports, to their reporter, trust and safety and their circle's moderators (maySeeReport), open or resolved. */
export const reportNodes = moderationNodes('Report', reportsByIds, maySeeReport, (row) => row.report);

/** Log entries, to those who read their circle's log (its owners and moderators) and to trust and safety, who read every entry. */
export const moderationLogEntryNodes = moderationNodes('ModerationLogEntry', logEntriesByIds, (safety, row) => mayReadModeration(safety, row.role), (row) => row.entry);
