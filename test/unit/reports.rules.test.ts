import { describe, expect, it } from 'vitest';
import { CircleRole } from '../../src/circles/circle.type.js';
import { ReportAction, ReportSubjectKind } from '../../src/graph/report-subjects.js';
import { mayReadModeration, maySeeReport, reportRefusal, resolveRefusal, type ReportFacts, type Resolver } from '../../src/moderation/reports.rules.js';
import { refusalOf } from './refusal.js';

const { OWNER, MODERATOR, MEMBER } = CircleRole;
const { DISMISS, REMOVE_CONTENT, BAN_FROM_CIRCLE, SUSPEND_ACCOUNT } = ReportAction;

const onPost: ReportFacts = { status: 'OPEN', subjectKind: ReportSubjectKind.POST, ownerId: 'author', circleId: 'c1', circleName: 'Tea', ownerRole: MEMBER };
const onMessage: ReportFacts = { ...onPost, subjectKind: ReportSubjectKind.MESSAGE, circleId: null, circleName: null, ownerRole: null };
const onPerson: ReportFacts = { ...onMessage, subjectKind: ReportSubjectKind.USER };
const safety: Resolver = { kind: 'safety' };
const person = (role: CircleRole | null, id = 'judge'): Resolver => ({ kind: 'person', id, role });
const code = (by: Resolver, facts: ReportFacts, action: ReportAction) => refusalOf(resolveRefusal(by, facts, action))?.code ?? null;

describe('reportRefusal', () => {
  it('refuses reporting oneself or one\'s own content, and a subject twice', () => {
    expect(refusalOf(reportRefusal('me', { ownerId: 'me', kind: ReportSubjectKind.USER }, false))).toMatchObject({ code: 'BAD_USER_INPUT', message: 'You cannot report yourself.' });
    expect(refusalOf(reportRefusal('me', { ownerId: 'me', kind: ReportSubjectKind.POST }, false))?.message).toMatch(/your own content/);
    expect(refusalOf(reportRefusal('me', { ownerId: 'you', kind: ReportSubjectKind.POST }, true))).toMatchObject({ code: 'CONFLICT', field: 'subjectId' });
    expect(reportRefusal('me', { ownerId: 'you', kind: ReportSubjectKind.MESSAGE }, false)).toBeNull();
  });
});

describe('resolveRefusal', () => {
  it.each([
    ['an owner dismisses', person(OWNER), onPost, DISMISS, null],
    ['a moderator removes the content', person(MODERATOR), onPost, REMOVE_CONTENT, null],
    ['a moderator bans a member author', person(MODERATOR), onPost, BAN_FROM_CIRCLE, null],
    ['a moderator bans a moderator author', person(MODERATOR), { ...onPost, ownerRole: MODERATOR }, BAN_FROM_CIRCLE, 'FORBIDDEN'],
    ['an owner bans a moderator author', person(OWNER), { ...onPost, ownerRole: MODERATOR }, BAN_FROM_CIRCLE, null],
    ['anyone bans an owner author', safety, { ...onPost, ownerRole: OWNER }, BAN_FROM_CIRCLE, 'FORBIDDEN'],
    ['a moderator suspends', person(MODERATOR), onPost, SUSPEND_ACCOUNT, 'FORBIDDEN'],
    ['a member dismisses', person(MEMBER), onPost, DISMISS, 'FORBIDDEN'],
    ['an outsider dismisses', person(null), onPost, DISMISS, 'FORBIDDEN'],
    ['a moderator judges their own content', person(MODERATOR, 'author'), onPost, DISMISS, 'FORBIDDEN'],
    ['a circle moderator judges a message', person(OWNER), onMessage, DISMISS, 'FORBIDDEN'],
    ['trust and safety suspends over a message', safety, onMessage, SUSPEND_ACCOUNT, null],
    ['trust and safety removes a message', safety, onMessage, REMOVE_CONTENT, 'BAD_USER_INPUT'],
    ['trust and safety bans over a person', safety, onPerson, BAN_FROM_CIRCLE, 'BAD_USER_INPUT'],
    ['trust and safety removes a post', safety, onPost, REMOVE_CONTENT, null],
    ['anyone resolves a resolved report', safety, { ...onPost, status: 'RESOLVED' as const }, DISMISS, 'CONFLICT'],
  ])('%s', (_what, by, facts, action, expected) => {
    expect(code(by, facts, action)).toBe(expected);
  });

  it('tells a non-moderator who may resolve, before saying anything of the report', () => {
    expect(refusalOf(resolveRefusal(person(MEMBER), { ...onPost, status: 'RESOLVED' }, DISMISS))).toMatchObject({
      code: 'FORBIDDEN',
      message: 'Only the owners and moderators of Tea can resolve its reports.',
    });
  });
});

describe('mayReadModeration', () => {
  it('lets owners, moderators and trust and safety read a circle\'s reports and log', () => {
    expect([OWNER, MODERATOR, MEMBER, null].map((role) => mayReadModeration(false, role))).toEqual([true, true, false, false]);
    expect(mayReadModeration(true, null)).toBe(true);
  });
});

describe('maySeeReport', () => {
  const sight = (role: CircleRole | null, more: { filedByViewer?: boolean; ownedByViewer?: boolean } = {}) => ({ role, filedByViewer: false, ownedByViewer: false, ...more });

  it("lets its circle's owners and moderators see a report, members and outsiders not", () => {
    expect([OWNER, MODERATOR, MEMBER, null].map((role) => maySeeReport(false, sight(role)))).toEqual([true, true, false, false]);
  });

  it('hides a report on their own content from a moderator, as their queue does', () => {
    expect(maySeeReport(false, sight(MODERATOR, { ownedByViewer: true }))).toBe(false);
    expect(maySeeReport(false, sight(OWNER, { ownedByViewer: true }))).toBe(false);
  });

  it('shows a report to its reporter whatever their role, and any report to trust and safety', () => {
    expect(maySeeReport(false, sight(null, { filedByViewer: true }))).toBe(true);
    expect(maySeeReport(false, sight(MEMBER, { filedByViewer: true }))).toBe(true);
    expect(maySeeReport(true, sight(null))).toBe(true);
  });
});
