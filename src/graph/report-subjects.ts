/**
 * What can be reported, in Cypher: one entry per kind of subject, saying how a reporter
 * finds it (as far as they may see it) and how a moderator removes it. reportContent finds
 * a subject by id through every entry at once (one round-trip); resolving a report with
 * REMOVE_CONTENT calls its kind's `remove`. A new kind of content plugs in with one entry
 * here and one enum value.
 */
import type { Queries } from '../db/database.js';
import { mayReadCircle } from './circles.js';
import { commentSubject, removeCommentNode, type Removed } from './comments.js';
import { excerptOf } from './notification-plan.js';
import { deletePostNode, type PostToDelete } from './posts.js';

export enum ReportSubjectKind {
  POST = 'POST',
  COMMENT = 'COMMENT',
  MESSAGE = 'MESSAGE',
  USER = 'USER',
}

/** How a report is resolved: the moderator's action. */
export enum ReportAction {
  DISMISS = 'DISMISS',
  REMOVE_CONTENT = 'REMOVE_CONTENT',
  BAN_FROM_CIRCLE = 'BAN_FROM_CIRCLE',
  SUSPEND_ACCOUNT = 'SUSPEND_ACCOUNT',
}

/** A subject as a report records it. */
export interface ReportSubject {
  kind: ReportSubjectKind;
  id: string;
  /** Whose it is: the author of content, or the person reported. */
  ownerId: string;
  /** The circle whose moderators judge it; null for messages and people (trust and safety alone). */
  circleId: string | null;
  /** How the content began when reported (moderators judge what was reported, even if it changes). */
  excerpt: string | null;
}

interface SubjectEntry {
  /**
   * Finds the subject `$subjectId` as the reporter `$reporterId` may see it, returning
   * `subject` (a ReportSubject without `excerpt`) and `text`; no row when they may not.
   * People with a block between them and the reporter are not found, as everywhere.
   */
  find: string;
  /**
   * Removes it as a moderator's action (logged, its owner notified), returning what to announce;
   * nothing when it is gone already. Null where removing is not an action.
   */
  remove: ((q: Queries, subjectId: string, moderatorId: string, reason: string | null) => Promise<Removed | null>) | null;
}

const NOT_HIDDEN = (person: string) => `NOT EXISTS { (reporter)-[:BLOCKED]-(${person}) }`;

export const REPORT_SUBJECTS: Record<ReportSubjectKind, SubjectEntry> = {
  POST: {
    // A post in a circle the reporter may read, by someone they see.
    find: `MATCH (reporter:User {id: $reporterId}), (p:Post {id: $subjectId})-[:IN]->(c:Circle)
           MATCH (author:User {id: p.authorId})
           WHERE (NOT c.membersOnly OR EXISTS { (reporter)-[:MEMBER_OF]->(c) }) AND ${NOT_HIDDEN('author')}
           RETURN {kind: 'POST', id: p.id, ownerId: author.id, circleId: c.id} AS subject, p.body AS text`,
    remove: async (q, subjectId, moderatorId, reason) => {
      const row = await q.one<{ post: PostToDelete }>('MATCH (p:Post {id: $subjectId}) RETURN p {.id, .authorId, .circleId, .body} AS post', { subjectId });
      return row ? deletePostNode(q, row.post, moderatorId, reason) : null;
    },
  },
  COMMENT: {
    // A comment still standing, in a circle the reporter may read, in a thread and by someone they see.
    find: `MATCH (reporter:User {id: $reporterId}), (cm:Comment {id: $subjectId})
           WHERE NOT cm.removed
           MATCH (c:Circle {id: cm.circleId})
           MATCH (author:User {id: cm.authorId})
           WHERE ${mayReadCircle('reporter', 'c')} AND ${NOT_HIDDEN('author')} AND NOT EXISTS { (reporter)-[:BLOCKED]-(:User {id: cm.threadAuthorId}) }
           RETURN {kind: 'COMMENT', id: cm.id, ownerId: author.id, circleId: c.id} AS subject, cm.body AS text`,
    remove: async (q, subjectId, moderatorId, reason) => {
      const comment = await commentSubject(q, subjectId);
      return comment && !comment.removed ? removeCommentNode(q, comment, moderatorId, reason) : null;
    },
  },
  MESSAGE: {
    // A message someone sent the reporter.
    find: `MATCH (reporter:User {id: $reporterId}), (m:Message {id: $subjectId})
           MATCH (sender:User {id: m.fromId})
           WHERE m.toId = reporter.id AND ${NOT_HIDDEN('sender')}
           RETURN {kind: 'MESSAGE', id: m.id, ownerId: sender.id, circleId: null} AS subject, m.body AS text`,
    remove: null,
  },
  USER: {
    find: `MATCH (reporter:User {id: $reporterId}), (u:User {id: $subjectId})
           WHERE ${NOT_HIDDEN('u')}
           RETURN {kind: 'USER', id: u.id, ownerId: u.id, circleId: null} AS subject, null AS text`,
    remove: null,
  },
};

/** The subject with this id as the reporter may see it, whatever its kind (one round-trip), or null. */
export async function findReportSubject(q: Queries, reporterId: string, subjectId: string): Promise<ReportSubject | null> {
  const union = Object.values(REPORT_SUBJECTS)
    .map((entry) => entry.find)
    .join(' UNION ALL ');
  const row = await q.one<{ subject: Omit<ReportSubject, 'excerpt'>; text: string | null }>(`CALL () { ${union} } RETURN subject, text LIMIT 1`, { reporterId, subjectId });
  return row ? { ...row.subject, excerpt: row.text === null ? null : excerptOf(row.text) } : null;
}
