import { isTrustAndSafety } from '../auth/roles.js';
import type { NodeSource } from '../graphql/node-source.js';
import { viewerId } from '../graphql/viewer.js';
import { logEntriesByIds, reportsByIds } from './reports.repository.js';
import { mayReadModeration, maySeeReport } from './reports.rules.js';

/** Reports, to their reporter, trust and safety and their circle's moderators (maySeeReport), open or resolved. */
export const reportNodes: NodeSource = {
  type: 'Report',
  ids: { label: 'Report' },
  async load(ctx, ids) {
    const safety = isTrustAndSafety(ctx.viewer);
    const rows = await reportsByIds(ctx.db, viewerId(ctx), ids);
    return rows.filter((row) => maySeeReport(safety, row)).map((row) => row.report);
  },
};

/** Log entries, to those who read their circle's log (its owners and moderators) and to trust and safety, who read every entry. */
export const moderationLogEntryNodes: NodeSource = {
  type: 'ModerationLogEntry',
  ids: { label: 'ModerationLogEntry' },
  async load(ctx, ids) {
    const safety = isTrustAndSafety(ctx.viewer);
    const rows = await logEntriesByIds(ctx.db, viewerId(ctx), ids);
    return rows.filter((row) => mayReadModeration(safety, row.role)).map((row) => row.entry);
  },
};
