/** All Cypher about reports and the moderation log: reporting, resolving, and the lists moderators read. */
import { suspendInTransaction } from '../auth/suspension.js';
import type { CircleRole } from '../circles/circle.type.js';
import type { Db } from '../db/database.js';
import { isConstraintViolation, notFound } from '../errors.js';
import { lockCircle, writeBan } from '../graph/circles.js';
import type { ContentRemoval } from '../graph/comments.js';
import type { TwoWayPageRequest } from '../graph/cursors.js';
import { pageWindow, windowRead, type PageRow, type SortColumn } from '../graph/paging.js';
import { logModeration, ModerationLogAction } from '../graph/moderation-log.js';
import { NotificationKind } from '../graph/notification-kinds.js';
import { notify, type AddedNotification, type Notifying } from '../graph/notifications.js';
import { findReportSubject, REPORT_SUBJECTS, ReportAction } from '../graph/report-subjects.js';
import type { ModerationLogEntry, Report, ReportReason } from './report.type.js';
import { alreadyReported, noSuchSubject, reportRefusal, resolveRefusal, type ReportFacts, type ReportSight, type Resolver } from './reports.rules.js';

const REPORT_FIELDS = `{.id, .subjectKind, .subjectId, .excerpt, .reason, .note, .status, .action, .resolutionNote, .circleId, .ownerId,
  createdAt: r.createdAt.epochMillis, resolvedAt: r.resolvedAt.epochMillis}`;

const ENTRY_FIELDS = `{.id, .action, .subjectKind, .subjectId, .reason, .detail, .actorId, .targetId, .circleId,
  byTrustAndSafety: e.actorId STARTS WITH 'service:', at: e.at.epochMillis}`;

/**
 * Whether the viewer `$viewerId` may see a report `r` or log entry `e` at all: nobody with a
 * block between them and the viewer is in it (as reporter, owner, actor or target), as in
 * every list; such reports and entries are for the circle's other moderators and trust and
 * safety. Services (`$viewerId` not a person) see everything. Expects bound: `ids`, the ids.
 */
const NONE_HIDDEN = `NOT EXISTS { MATCH (:User {id: $viewerId})-[:BLOCKED]-(h:User) WHERE h.id IN ids }`;

/**
 * The people a log entry `e` is about, for NONE_HIDDEN: who acted, who was acted on, and for
 * a resolved report who filed it (an entry for a blocker's report would show their report existed).
 */
const ENTRY_PEOPLE = `[e.actorId, e.targetId] + COLLECT { MATCH (r:Report {id: e.subjectId}) WHERE e.subjectKind = 'REPORT' RETURN r.reporterId }`;

/** The viewer's role in the circle whose id is `circleId` (a Cypher expression), or null. */
const viewerRoleIn = (circleId: string) => `COLLECT { MATCH (:User {id: $viewerId})-[m:MEMBER_OF]->(:Circle {id: ${circleId}}) RETURN m.role }[0]`;

export interface NewReport {
  subjectId: string;
  reason: ReportReason;
  note: string | null;
}

/** Files the report; one per person per subject (CONFLICT on the second, even when two race). */
export async function fileReport(db: Db, reporterId: string, report: NewReport): Promise<Report> {
  try {
    return await db.write(async (q) => {
      const subject = await findReportSubject(q, reporterId, report.subjectId);
      if (!subject) throw noSuchSubject();
      const already = await q.one<{ found: boolean }>('RETURN EXISTS { MATCH (r:Report {reporterId: $reporterId, subjectId: $subjectId}) } AS found', {
        reporterId,
        subjectId: subject.id,
      });
      const refusal = reportRefusal(reporterId, subject, already?.found ?? false);
      if (refusal) throw refusal;
      const row = await q.one<{ r: Report }>(
        `CREATE (r:Report:OpenReport {id: randomUUID(), reporterId: $reporterId, subjectKind: $kind, subjectId: $id, ownerId: $ownerId, circleId: $circleId,
                           excerpt: $excerpt, reason: $reason, note: $note, status: 'OPEN', createdAt: datetime.truncate('millisecond', datetime())})
         RETURN r ${REPORT_FIELDS} AS r`,
        { reporterId, ...subject, reason: report.reason, note: report.note },
      );
      return row!.r;
    });
  } catch (error) {
    if (isConstraintViolation(error)) throw alreadyReported();
    throw error;
  }
}

/** Who resolves: trust and safety, or a person (their role in the report's circle is read under its lock). */
export type ResolvingPrincipal = { kind: 'safety'; id: string } | { kind: 'person'; id: string };

export interface Resolution {
  report: Report;
  /** The account suspended, and its ended sessions: the caller announces them after commit. */
  suspended: { userId: string; sessionIds: string[] } | null;
  banned: { userId: string; circleId: string } | null;
  /** The content REMOVE_CONTENT took away (null if it was gone already): the caller announces it to the circle. */
  removed: ContentRemoval | null;
}

/**
 * Resolves the report with the action, and with it every open report on the same subject:
 * acts (removes the content, bans or suspends its owner), logs each step, and tells every
 * reporter the outcome. A refusal changes nothing.
 */
export async function resolveReport(db: Db, by: ResolvingPrincipal, reportId: string, action: ReportAction, note: string | null): Promise<Notifying<Resolution>> {
  return db.write(async (q) => {
    const found = await q.one<{ circleId: string | null }>('MATCH (r:Report {id: $reportId}) RETURN r.circleId AS circleId', { reportId });
    if (!found) throw notFound('There is no report with that id.');
    if (found.circleId) await lockCircle(q, found.circleId);
    const row = await q.one<{ facts: Omit<ReportFacts, 'ownerRole'> & { ownerRole: CircleRole | null; subjectId: string }; role: CircleRole | null; visible: boolean }>(
      `MATCH (r:Report {id: $reportId})
       OPTIONAL MATCH (c:Circle {id: r.circleId})
       WITH r, c, [r.reporterId, r.ownerId] AS ids
       RETURN {status: r.status, subjectKind: r.subjectKind, subjectId: r.subjectId, ownerId: r.ownerId, circleId: c.id, circleName: c.name,
               ownerRole: COLLECT { MATCH (:User {id: r.ownerId})-[m:MEMBER_OF]->(c) RETURN m.role }[0]} AS facts,
              ${viewerRoleIn('c.id')} AS role,
              ${NONE_HIDDEN} AS visible`,
      { reportId, viewerId: by.id },
    );
    const { facts } = row!;
    // A report a block hides from a moderator is, to them, one that does not exist.
    if (by.kind === 'person' && !row!.visible) throw notFound('There is no report with that id.');
    const resolver: Resolver = by.kind === 'safety' ? { kind: 'safety' } : { kind: 'person', id: by.id, role: row!.role };
    const refusal = resolveRefusal(resolver, facts, action);
    if (refusal) throw refusal;

    const notifications: AddedNotification[] = [];
    const resolution: Omit<Resolution, 'report'> = { suspended: null, banned: null, removed: null };
    if (action === ReportAction.REMOVE_CONTENT) {
      const removed = await REPORT_SUBJECTS[facts.subjectKind].remove!(q, facts.subjectId, by.id, note);
      if (removed) {
        notifications.push(...removed.notifications);
        resolution.removed = removed.removal;
      }
    } else if (action === ReportAction.BAN_FROM_CIRCLE) {
      const { already } = await writeBan(q, facts.ownerId, facts.circleId!, by.id, note);
      await logModeration(q, [{ action: ModerationLogAction.MEMBER_BANNED, circleId: facts.circleId, actorId: by.id, targetId: facts.ownerId, reason: note }]);
      if (!already) {
        notifications.push(...(await notify(q, [{ kind: NotificationKind.BANNED_FROM_CIRCLE, recipientId: facts.ownerId, actorId: null, circleId: facts.circleId, reason: note }])));
      }
      resolution.banned = { userId: facts.ownerId, circleId: facts.circleId! };
    } else if (action === ReportAction.SUSPEND_ACCOUNT) {
      const sessionIds = await suspendInTransaction(q, facts.ownerId, note ?? `Resolving a report (${facts.subjectKind.toLowerCase()}).`, by.id);
      resolution.suspended = { userId: facts.ownerId, sessionIds };
    }

    const resolved = await q.rows<{ r: Report; reporterId: string }>(
      `MATCH (r:Report {subjectId: $subjectId}) WHERE r.status = 'OPEN'
       SET r.status = 'RESOLVED', r.action = $action, r.resolutionNote = $note, r.resolvedBy = $by,
           r.resolvedAt = datetime.truncate('millisecond', datetime())
       REMOVE r:OpenReport
       RETURN r ${REPORT_FIELDS} AS r, r.reporterId AS reporterId`,
      { subjectId: facts.subjectId, action, note, by: by.id },
    );
    await logModeration(
      q,
      resolved.map(({ r }) => ({
        action: ModerationLogAction.REPORT_RESOLVED,
        circleId: r.circleId,
        actorId: by.id,
        targetId: r.ownerId,
        subjectKind: 'REPORT',
        subjectId: r.id,
        reason: note,
        detail: action,
      })),
    );
    notifications.push(
      ...(await notify(
        q,
        resolved.map(({ r, reporterId }) => ({ kind: NotificationKind.REPORT_RESOLVED, recipientId: reporterId, actorId: null, circleId: r.circleId, reason: note, reportAction: action })),
      )),
    );
    const report = resolved.find(({ r }) => r.id === reportId)!.r;
    return { row: { report, ...resolution }, notifications };
  });
}

/** The report queue: oldest first, ties by id. */
const REPORT_ORDER: SortColumn[] = [
  { expr: 'r.createdAt', time: true },
  { expr: 'r.id' },
];

/**
 * Open reports, oldest first (a queue), in a page's window either way (src/graph/paging.ts):
 * of one circle (`circleId`), or of every circle and none (`circleId` null, trust and
 * safety). Reports on the viewer's own content, and any a block hides from the viewer, are left out.
 */
export async function openReports(db: Db, viewerId: string, circleId: string | null, page: TwoWayPageRequest): Promise<Array<PageRow<Report>>> {
  const window = pageWindow(REPORT_ORDER, page);
  const where = circleId === null ? `r.status = 'OPEN'` : `r.circleId = $circleId AND r.status = 'OPEN'`;
  const cypher = windowRead(
    window,
    (part) => `
      MATCH (r:Report) WHERE ${where} AND ${part.where} AND r.ownerId <> $viewerId
      WITH r, [r.reporterId, r.ownerId] AS ids WHERE ${NONE_HIDDEN}
      RETURN r ${REPORT_FIELDS} AS node, ${part.beyond} AS beyond ORDER BY ${part.order} LIMIT ${part.limit}`,
  );
  return db.read((q) => q.rows<PageRow<Report>>(cypher, { circleId, viewerId, ...window.params }));
}

/** The moderation log: newest first, ties by id. */
const ENTRY_ORDER: SortColumn[] = [
  { expr: 'e.at', desc: true, time: true },
  { expr: 'e.id', desc: true },
];

/**
 * The moderation log, newest first, in a page's window either way: of one circle, or
 * everything (`circleId` null, trust and safety). Entries a block hides from the viewer are left out.
 */
export async function moderationLog(db: Db, viewerId: string, circleId: string | null, page: TwoWayPageRequest): Promise<Array<PageRow<ModerationLogEntry>>> {
  const window = pageWindow(ENTRY_ORDER, page);
  const where = circleId === null ? 'e.at IS NOT NULL' : 'e.circleId = $circleId';
  const cypher = windowRead(
    window,
    (part) => `
      MATCH (e:ModerationLogEntry) WHERE ${where} AND ${part.where}
      WITH e, ${ENTRY_PEOPLE} AS ids WHERE ${NONE_HIDDEN}
      RETURN e ${ENTRY_FIELDS} AS node, ${part.beyond} AS beyond ORDER BY ${part.order} LIMIT ${part.limit}`,
  );
  return db.read((q) => q.rows<PageRow<ModerationLogEntry>>(cypher, { circleId, viewerId, ...window.params }));
}

/**
 * The reports with these ids that no block hides from the viewer, each with what decides
 * whether the viewer may see it (maySeeReport): one round-trip for any number of ids.
 */
export async function reportsByIds(db: Db, viewerId: string, ids: string[]): Promise<Array<ReportSight & { report: Report }>> {
  return db.read((q) =>
    q.rows<ReportSight & { report: Report }>(
      `MATCH (r:Report) WHERE r.id IN $wanted
       WITH r, [r.reporterId, r.ownerId] AS ids WHERE ${NONE_HIDDEN}
       RETURN r ${REPORT_FIELDS} AS report, r.reporterId = $viewerId AS filedByViewer, r.ownerId = $viewerId AS ownedByViewer, ${viewerRoleIn('r.circleId')} AS role`,
      { wanted: ids, viewerId },
    ),
  );
}

/**
 * The log entries with these ids that no block hides from the viewer, each with the viewer's
 * role in its circle (mayReadModeration decides): one round-trip for any number of ids.
 */
export async function logEntriesByIds(db: Db, viewerId: string, ids: string[]): Promise<Array<{ entry: ModerationLogEntry; role: CircleRole | null }>> {
  return db.read((q) =>
    q.rows<{ entry: ModerationLogEntry; role: CircleRole | null }>(
      `MATCH (e:ModerationLogEntry) WHERE e.id IN $wanted
       WITH e, ${ENTRY_PEOPLE} AS ids WHERE ${NONE_HIDDEN}
       RETURN e ${ENTRY_FIELDS} AS entry, ${viewerRoleIn('e.circleId')} AS role`,
      { wanted: ids, viewerId },
    ),
  );
}
