/**
 * Reports: who may report what, and who may resolve a report with which action. Same shape
 * as every rule (see src/circles/circles.rules.ts): pure, `null` when allowed, otherwise
 * the AppError to throw; reports.repository.ts reads the facts in its transaction.
 */
import { CircleRole } from '../circles/circle.type.js';
import { mayModerate, moderationRefusal } from '../circles/moderation.rules.js';
import { badInput, conflict, forbidden, notFound, type AppError } from '../errors.js';
import { REPORT_SUBJECTS, ReportAction, type ReportSubject, type ReportSubjectKind } from '../graph/report-subjects.js';

/** What a reporter may add in their own words (moderators read it), and what a moderator tells the reporter. */
export const REPORT_NOTE_RULE = { max: 1000 } as const;

/** The answer for an id that names nothing the reporter can see: the same whether it exists or a block hides it. */
export function noSuchSubject(): AppError {
  return notFound('Nothing you can see has that id; report a post, a message sent to you, or a person by their `id`.');
}

/** The answer for a second report of one subject by one person. */
export const alreadyReported = (): AppError => conflict('You have already reported this; its moderators will look at your report.', { field: 'subjectId' });

/** People report others' content and others, never their own or themselves; and each subject once. */
export function reportRefusal(reporterId: string, subject: Pick<ReportSubject, 'ownerId' | 'kind'>, reported: boolean): AppError | null {
  if (subject.ownerId === reporterId) {
    return badInput('subjectId', subject.kind === 'USER' ? 'You cannot report yourself.' : 'You cannot report your own content; delete it instead.');
  }
  return reported ? alreadyReported() : null;
}

/** Who is resolving: trust and safety (a service), or a person with their role in the report's circle. */
export type Resolver = { kind: 'safety' } | { kind: 'person'; id: string; role: CircleRole | null };

/** A report as the resolving rules see it. */
export interface ReportFacts {
  status: 'OPEN' | 'RESOLVED';
  subjectKind: ReportSubjectKind;
  ownerId: string;
  circleId: string | null;
  circleName: string | null;
  /** The subject's owner's role in the report's circle (null: not a member). */
  ownerRole: CircleRole | null;
}

/**
 * Trust and safety resolves any report with any action its subject allows; a circle's owners
 * and moderators resolve reports on their circle's content (never on their own) by
 * dismissing, removing it or banning its author as their role allows; suspending an
 * account is for trust and safety alone. A resolved report is not resolved again.
 */
export function resolveRefusal(by: Resolver, report: ReportFacts, action: ReportAction): AppError | null {
  if (by.kind === 'person') {
    const where = report.circleName ?? 'a circle';
    if (report.circleId === null || !mayModerate(by.role)) {
      return forbidden(
        report.circleId === null
          ? 'Only trust and safety resolves reports on messages and people.'
          : `Only the owners and moderators of ${where} can resolve its reports.`,
      );
    }
    if (report.ownerId === by.id) return forbidden('A report on your own content is for another moderator (or trust and safety) to judge.');
    if (action === ReportAction.SUSPEND_ACCOUNT) return forbidden('Only trust and safety suspends accounts; BAN_FROM_CIRCLE keeps the person out of your circle.');
  }
  if (report.status === 'RESOLVED') return conflict('This report has already been resolved.');
  if (action === ReportAction.REMOVE_CONTENT && REPORT_SUBJECTS[report.subjectKind].remove === null) {
    return badInput('action', `A reported ${report.subjectKind.toLowerCase()} cannot be removed; dismiss the report${by.kind === 'safety' ? ' or suspend the account' : ''}.`);
  }
  if (action === ReportAction.BAN_FROM_CIRCLE) {
    if (report.circleId === null) return badInput('action', 'This report is not about content in a circle; there is no circle to ban from.');
    if (report.ownerRole === CircleRole.OWNER) return forbidden('Owners cannot be banned from their circle; trust and safety can suspend the account.');
    if (by.kind === 'person') return moderationRefusal(by.role, report.ownerRole, { kind: 'ban' });
  }
  return null;
}

/** Whether the viewer may read a circle's reports and moderation log: its owners and moderators, and trust and safety. */
export function mayReadModeration(safety: boolean, role: CircleRole | null): boolean {
  return safety || mayModerate(role);
}

/** What decides whether the viewer may see one report, read with it. */
export interface ReportSight {
  /** The viewer filed it: their own report, as reportContent answered it. */
  filedByViewer: boolean;
  /** The viewer owns the reported content, or is the person reported. */
  ownedByViewer: boolean;
  /** The viewer's role in the report's circle (null: none, or no circle). */
  role: CircleRole | null;
}

/**
 * Who may see a report by id (`node`): its reporter, trust and safety, and the owners and
 * moderators of its circle except on their own content (as the queues leave those out),
 * open or resolved (the moderation log names resolved ones). Blocks are applied before.
 */
export function maySeeReport(safety: boolean, sight: ReportSight): boolean {
  return safety || sight.filedByViewer || (!sight.ownedByViewer && mayReadModeration(false, sight.role));
}
