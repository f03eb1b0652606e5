/**
 * Reports and the moderation queue: reportContent for posts, comments, messages and people (once per
 * person per subject), Circle.reports for a circle's owners and moderators, the root list
 * for trust and safety, resolveReport with each action by those allowed (the reporters told
 * the outcome), and the moderation log every moderator action lands in. Every refusal is
 * checked against the graph.
 */
import type { GraphQLFormattedError } from 'graphql';
import { beforeEach, describe, expect, it } from 'vitest';
import { Role } from '../../../src/auth/roles.js';
import {
  AddCommentDocument,
  AllReportsDocument,
  BanMemberDocument,
  BlocksBlockDocument,
  CircleModerationLogDocument,
  CircleReportsDocument,
  DeleteCommentDocument,
  DeletePostDocument,
  MeDocument,
  ReportContentDocument,
  ResolveReportDocument,
  SetMemberRoleDocument,
  WholeModerationLogDocument,
  type ReportAction,
  type ReportContentInput,
} from '../../generated/graphql.js';
import { foundCircle, moderatedCircle, writePost } from '../../helpers/circles.js';
import { errorCodes, ok } from '../../helpers/client.js';
import { connectThroughApi, sendOk } from '../../helpers/conversations.js';
import { established, ofKind } from '../../helpers/notifications.js';
import type { Person } from '../../helpers/people.js';
import { serverForTests } from '../../helpers/server.js';

const test = serverForTests();

// ---------------------------------------------------------------------------------------
// Helpers

const safetyToken = () => test.server.app.tokens.issueForService(Role.TRUST_AND_SAFETY, 3600).token;

const report = (reporter: Person, input: ReportContentInput) => test.client.request(ReportContentDocument, { input }, { token: reporter.token });

const resolveAs = (token: string, reportId: string, action: ReportAction, note?: string) =>
  test.client.request(ResolveReportDocument, { input: { reportId, action, note } }, { token });

async function queueOf(person: Person, slug: string) {
  return (await ok(test.client.request(CircleReportsDocument, { slug, first: 50 }, { token: person.token }))).circle!.reports;
}

async function logOf(person: Person, slug: string) {
  return (await ok(test.client.request(CircleModerationLogDocument, { slug, first: 50 }, { token: person.token }))).circle!.moderationLog;
}

/**
 * Everything moderation may touch, straight from the graph: reports, bans, posts, suspensions,
 * the log — of this test's people and circle only, so the files running beside this one
 * (moderating circles of their own) do not move it.
 */
async function graphState() {
  const ids = [owner, moderator, author, reporter, second].map((person) => person.id);
  return test.database.forRequest().read((q) =>
    q.one<{ reports: string[]; bans: string[]; posts: string[]; suspended: string[]; entries: number }>(
      `OPTIONAL MATCH (circle:Circle {slug: $slug})
       RETURN COLLECT { MATCH (r:Report) WHERE r.reporterId IN $ids OR r.ownerId IN $ids RETURN r.id + ':' + r.status AS x ORDER BY x } AS reports,
              COLLECT { MATCH (u:User)-[:BANNED_FROM]->(c:Circle) WHERE u.id IN $ids RETURN u.id + '>' + c.id AS x ORDER BY x } AS bans,
              COLLECT { MATCH (p:Post) WHERE p.authorId IN $ids RETURN p.id AS x ORDER BY x } AS posts,
              COLLECT { MATCH (u:User) WHERE u.id IN $ids AND u.suspendedAt IS NOT NULL RETURN u.id AS x ORDER BY x } AS suspended,
              COUNT { MATCH (e:ModerationLogEntry) WHERE e.circleId = circle.id OR e.actorId IN $ids OR e.targetId IN $ids } AS entries`,
      { ids, slug },
    ),
  );
}

/** Runs a mutation that must be refused with `code`, and proves nothing moderation touches changed. */
async function expectRefused(code: string, run: () => Promise<{ errors?: readonly GraphQLFormattedError[] }>) {
  const before = await graphState();
  const result = await run();
  expect(errorCodes(result), JSON.stringify(result.errors)).toEqual([code]);
  expect(await graphState()).toEqual(before);
  return result.errors![0]!;
}

// ---------------------------------------------------------------------------------------

let owner: Person;
let moderator: Person;
let author: Person;
let reporter: Person;
let second: Person;
let slug: string;
let postId: string;

/** A fresh circle for each test: an owner, a moderator, an author with a post, two members who may report it. */
beforeEach(async () => {
  owner = await established(test, 'owner');
  [moderator, author, reporter, second] = await Promise.all([
    established(test, 'moderator'),
    established(test, 'author'),
    established(test, 'reporter'),
    established(test, 'second'),
  ]);
  slug = await moderatedCircle(test, 'policed', { owner, moderator, members: [author, reporter, second] });
  postId = (await writePost(test, author, slug, 'Buy cheap followers at example.test')).id;
});

describe('reportContent', () => {
  it('files a report on a post that its circle owners and moderators see, and nobody else', async () => {
    const filed = (await ok(report(reporter, { subjectId: postId, reason: 'SPAM', note: 'An advert.' }))).reportContent;
    expect(filed).toMatchObject({
      subjectKind: 'POST',
      subjectId: postId,
      excerpt: 'Buy cheap followers at example.test',
      reason: 'SPAM',
      note: 'An advert.',
      status: 'OPEN',
      action: null,
      circle: { slug },
      subjectOwner: { handle: author.handle },
    });
    for (const judge of [owner, moderator]) expect((await queueOf(judge, slug))!.edges.map((edge) => edge.node.id)).toEqual([filed.id]);
    for (const other of [author, reporter, second]) expect(await queueOf(other, slug)).toBeNull();
    const all = await ok(test.client.request(AllReportsDocument, { first: 100 }, { token: safetyToken() }));
    expect(all.reports.edges.map((edge) => edge.node.id)).toContain(filed.id);
  });

  it('never names the reporter: the Report type has no field for them', async () => {
    const introspection = await test.client.raw<{ __type: { fields: Array<{ name: string }> } }>({ query: '{ __type(name: "Report") { fields { name } } }' }, { token: reporter.token });
    const fields = introspection.data!.__type.fields.map((field) => field.name);
    expect(fields).toContain('subjectOwner');
    expect(fields.filter((name) => /reporter|reportedBy/i.test(name))).toEqual([]);
  });

  it('refuses a second report of the same subject by the same person with CONFLICT, and changes nothing', async () => {
    await ok(report(reporter, { subjectId: postId, reason: 'SPAM' }));
    const error = await expectRefused('CONFLICT', () => report(reporter, { subjectId: postId, reason: 'HARASSMENT' }));
    expect(error.message).toMatch(/already reported/);
    // Someone else may still report it.
    expect((await ok(report(second, { subjectId: postId, reason: 'SPAM' }))).reportContent.status).toBe('OPEN');
  });

  it('refuses reporting your own post or yourself (BAD_USER_INPUT) and an id you cannot see (NOT_FOUND)', async () => {
    await expectRefused('BAD_USER_INPUT', () => report(author, { subjectId: postId, reason: 'SPAM' }));
    await expectRefused('BAD_USER_INPUT', () => report(author, { subjectId: author.id, reason: 'SPAM' }));
    await expectRefused('NOT_FOUND', () => report(author, { subjectId: '00000000-0000-4000-8000-000000000000', reason: 'SPAM' }));
    const hidden = await foundCircle(test, owner, 'hidden', { membersOnly: true });
    const secretPost = (await writePost(test, owner, hidden, 'members only')).id;
    await expectRefused('NOT_FOUND', () => report(reporter, { subjectId: secretPost, reason: 'SPAM' }));
  });

  it('answers reporting someone who blocked you exactly as an id nobody has', async () => {
    await ok(test.client.request(BlocksBlockDocument, { handle: reporter.handle }, { token: author.token }));
    const blocked = await expectRefused('NOT_FOUND', () => report(reporter, { subjectId: author.id, reason: 'HARASSMENT' }));
    const viaPost = await expectRefused('NOT_FOUND', () => report(reporter, { subjectId: postId, reason: 'HARASSMENT' }));
    const nobody = await expectRefused('NOT_FOUND', () => report(reporter, { subjectId: '00000000-0000-4000-8000-000000000000', reason: 'HARASSMENT' }));
    expect(blocked).toEqual(nobody);
    expect(viaPost).toEqual(nobody);
  });
});

describe('resolveReport', () => {
  it('lets a moderator remove the content: the post goes, every report on it resolves, reporters and author are told, the log says so', async () => {
    const first = (await ok(report(reporter, { subjectId: postId, reason: 'SPAM' }))).reportContent;
    const other = (await ok(report(second, { subjectId: postId, reason: 'SCAM' }))).reportContent;
    const resolved = (await ok(resolveAs(moderator.token, first.id, 'REMOVE_CONTENT', 'No adverts here.'))).resolveReport;
    expect(resolved).toMatchObject({ id: first.id, status: 'RESOLVED', action: 'REMOVE_CONTENT', resolutionNote: 'No adverts here.' });
    expect((await graphState())!.posts).not.toContain(postId);
    expect((await queueOf(owner, slug))!.edges).toEqual([]);

    for (const person of [reporter, second]) {
      const [note, ...more] = await ofKind(test, person, 'REPORT_RESOLVED');
      expect(more).toEqual([]);
      expect(note).toMatchObject({ reportAction: 'REMOVE_CONTENT', reason: 'No adverts here.', actor: null, circle: { slug } });
    }
    expect((await ofKind(test, author, 'POST_REMOVED'))[0]).toMatchObject({ reason: 'No adverts here.', actor: null });

    const entries = (await logOf(owner, slug))!.edges.map((edge) => edge.node);
    const resolutions = entries.filter((entry) => entry.action === 'REPORT_RESOLVED');
    expect(resolutions.map((entry) => entry.subjectId).sort()).toEqual([first.id, other.id].sort());
    expect(resolutions[0]).toMatchObject({ actor: { handle: moderator.handle }, target: { handle: author.handle }, detail: 'REMOVE_CONTENT', reason: 'No adverts here.' });
    expect(entries.find((entry) => entry.action === 'POST_REMOVED')).toMatchObject({ subjectId: postId, actor: { handle: moderator.handle }, target: { handle: author.handle } });
  });

  it('reports a comment to its circle: removing it leaves it removed in its thread, tells its author, and logs it', async () => {
    const comment = (await ok(test.client.request(AddCommentDocument, { input: { postId, body: 'Cheap followers, message me' } }, { token: second.token }))).addComment;
    const filed = (await ok(report(reporter, { subjectId: comment.id, reason: 'SPAM' }))).reportContent;
    expect(filed).toMatchObject({ subjectId: comment.id, subjectKind: 'COMMENT', status: 'OPEN' });
    expect((await queueOf(moderator, slug))!.edges.map((edge) => edge.node.id)).toEqual([filed.id]);

    await ok(resolveAs(moderator.token, filed.id, 'REMOVE_CONTENT', 'No adverts in comments.'));
    const stored = await test.database.forRequest().read((q) => q.one<{ removed: boolean; body: string | null }>('MATCH (c:Comment {id: $id}) RETURN c.removed AS removed, c.body AS body', { id: comment.id }));
    expect(stored).toEqual({ removed: true, body: null });
    expect((await ofKind(test, second, 'COMMENT_REMOVED'))[0]).toMatchObject({ reason: 'No adverts in comments.', actor: null });
    const entries = (await logOf(owner, slug))!.edges.map((edge) => edge.node);
    expect(entries.find((entry) => entry.action === 'COMMENT_REMOVED')).toMatchObject({ subjectId: comment.id, actor: { handle: moderator.handle }, target: { handle: second.handle }, reason: 'No adverts in comments.' });
    // A removed comment cannot be reported again (there is nothing left to judge).
    expect(errorCodes(await report(author, { subjectId: comment.id, reason: 'SPAM' }))).toEqual(['NOT_FOUND']);
  });

  it('logs a moderator deleting a comment directly, and not its author deleting their own', async () => {
    const theirs = (await ok(test.client.request(AddCommentDocument, { input: { postId, body: 'Off topic' } }, { token: second.token }))).addComment;
    const own = (await ok(test.client.request(AddCommentDocument, { input: { postId, body: 'Typo' } }, { token: reporter.token }))).addComment;
    await ok(test.client.request(DeleteCommentDocument, { id: theirs.id, reason: 'Stay on topic.' }, { token: moderator.token }));
    await ok(test.client.request(DeleteCommentDocument, { id: own.id }, { token: reporter.token }));
    const removals = (await logOf(owner, slug))!.edges.map((edge) => edge.node).filter((entry) => entry.action === 'COMMENT_REMOVED');
    expect(removals).toHaveLength(1);
    expect(removals[0]).toMatchObject({ subjectId: theirs.id, actor: { handle: moderator.handle }, target: { handle: second.handle }, reason: 'Stay on topic.' });
  });

  it('lets a moderator ban the author from the circle; not suspend the account', async () => {
    const filed = (await ok(report(reporter, { subjectId: postId, reason: 'HARASSMENT' }))).reportContent;
    expect((await expectRefused('FORBIDDEN', () => resolveAs(moderator.token, filed.id, 'SUSPEND_ACCOUNT'))).message).toMatch(/trust and safety/);
    await ok(resolveAs(moderator.token, filed.id, 'BAN_FROM_CIRCLE', 'Repeated harassment.'));
    expect((await graphState())!.bans).toHaveLength(1);
    expect((await ofKind(test, author, 'BANNED_FROM_CIRCLE'))[0]).toMatchObject({ reason: 'Repeated harassment.' });
    expect((await logOf(moderator, slug))!.edges.map((edge) => edge.node.action)).toEqual(expect.arrayContaining(['MEMBER_BANNED', 'REPORT_RESOLVED']));
  });

  it('refuses members, the reporter and the author (FORBIDDEN), a resolved report (CONFLICT) and an unknown one (NOT_FOUND), changing nothing', async () => {
    const filed = (await ok(report(reporter, { subjectId: postId, reason: 'SPAM' }))).reportContent;
    for (const person of [reporter, second, author]) await expectRefused('FORBIDDEN', () => resolveAs(person.token, filed.id, 'DISMISS'));
    // A moderator whose own content is reported leaves it to the others.
    const ownPost = (await writePost(test, moderator, slug, 'my own words')).id;
    const onModerator = (await ok(report(reporter, { subjectId: ownPost, reason: 'OTHER' }))).reportContent;
    expect((await expectRefused('FORBIDDEN', () => resolveAs(moderator.token, onModerator.id, 'DISMISS'))).message).toMatch(/another moderator/);
    expect((await queueOf(moderator, slug))!.edges.map((edge) => edge.node.id)).toEqual([filed.id]);

    await ok(resolveAs(owner.token, filed.id, 'DISMISS'));
    await expectRefused('CONFLICT', () => resolveAs(owner.token, filed.id, 'REMOVE_CONTENT'));
    await expectRefused('NOT_FOUND', () => resolveAs(owner.token, '00000000-0000-4000-8000-000000000000', 'DISMISS'));
    expect((await ofKind(test, reporter, 'REPORT_RESOLVED'))[0]!.reportAction).toBe('DISMISS');
  });

  it('leaves reports on messages and people to trust and safety, who may suspend the account', async () => {
    await connectThroughApi(test.client, author, reporter);
    const message = await sendOk(test.client, author, reporter, 'You will regret this.');
    const onMessage = (await ok(report(reporter, { subjectId: message.id, reason: 'HARASSMENT' }))).reportContent;
    expect(onMessage).toMatchObject({ subjectKind: 'MESSAGE', circle: null, excerpt: 'You will regret this.' });
    const onPerson = (await ok(report(second, { subjectId: author.id, reason: 'IMPERSONATION' }))).reportContent;
    // Only the recipient can report a message.
    await expectRefused('NOT_FOUND', () => report(second, { subjectId: message.id, reason: 'HARASSMENT' }));

    await expectRefused('FORBIDDEN', () => resolveAs(owner.token, onMessage.id, 'DISMISS'));
    await expectRefused('BAD_USER_INPUT', () => resolveAs(safetyToken(), onMessage.id, 'REMOVE_CONTENT'));
    await expectRefused('BAD_USER_INPUT', () => resolveAs(safetyToken(), onPerson.id, 'BAN_FROM_CIRCLE'));

    const queue = await ok(test.client.request(AllReportsDocument, { first: 100 }, { token: safetyToken() }));
    expect(queue.reports.edges.map((edge) => edge.node.id)).toEqual(expect.arrayContaining([onMessage.id, onPerson.id]));
    expect(errorCodes(await test.client.request(AllReportsDocument, { first: 10 }, { token: owner.token }))).toEqual(['FORBIDDEN']);

    await ok(resolveAs(safetyToken(), onMessage.id, 'SUSPEND_ACCOUNT', 'Threats.'));
    expect((await graphState())!.suspended).toContain(author.id);
    expect(errorCodes(await test.client.request(MeDocument, {}, { token: author.token }))).toEqual(['UNAUTHENTICATED']);
    const log = await ok(test.client.request(WholeModerationLogDocument, { first: 20 }, { token: safetyToken() }));
    expect(log.moderationLog.edges[0]!.node).toMatchObject({ action: 'REPORT_RESOLVED', byTrustAndSafety: true, actor: null, detail: 'SUSPEND_ACCOUNT' });
    expect(log.moderationLog.edges.map((edge) => edge.node.action)).toContain('ACCOUNT_SUSPENDED');
  });
});

describe('moderation log', () => {
  it("logs bans, role changes and post removals with who, what, when and why, newest first, for the circle's moderators alone", async () => {
    await ok(test.client.request(SetMemberRoleDocument, { circleSlug: slug, handle: second.handle, role: 'MODERATOR' }, { token: owner.token }));
    await ok(test.client.request(DeletePostDocument, { id: postId }, { token: moderator.token }));
    await ok(test.client.request(BanMemberDocument, { circleSlug: slug, handle: author.handle, reason: 'Spam' }, { token: owner.token }));
    const first = (await ok(test.client.request(CircleModerationLogDocument, { slug, first: 2 }, { token: moderator.token }))).circle!.moderationLog!;
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = (await ok(test.client.request(CircleModerationLogDocument, { slug, first: 10, after: first.pageInfo.endCursor }, { token: moderator.token }))).circle!
      .moderationLog!;
    const entries = [...first.edges, ...rest.edges].map((edge) => edge.node);
    expect(entries.map((entry) => entry.action)).toEqual(['MEMBER_BANNED', 'POST_REMOVED', 'ROLE_CHANGED', 'ROLE_CHANGED']);
    expect(entries[0]).toMatchObject({ actor: { handle: owner.handle }, target: { handle: author.handle }, reason: 'Spam', circle: { slug } });
    expect(entries[1]).toMatchObject({ actor: { handle: moderator.handle }, target: { handle: author.handle }, subjectId: postId });
    expect(entries[2]).toMatchObject({ actor: { handle: owner.handle }, target: { handle: second.handle }, detail: 'MODERATOR' });
    expect(new Date(entries[0]!.at).getTime()).toBeGreaterThanOrEqual(new Date(entries[3]!.at).getTime());
    for (const outsider of [author, reporter]) expect(await logOf(outsider, slug)).toBeNull();
  });

  it('leaves out of a moderator\'s view the log entries about someone with a block between them', async () => {
    await ok(test.client.request(BanMemberDocument, { circleSlug: slug, handle: reporter.handle }, { token: owner.token }));
    await ok(test.client.request(BlocksBlockDocument, { handle: moderator.handle }, { token: reporter.token }));
    const seen = (await logOf(moderator, slug))!.edges.map((edge) => edge.node.action);
    expect(seen).not.toContain('MEMBER_BANNED');
    expect((await logOf(owner, slug))!.edges.map((edge) => edge.node.action)).toContain('MEMBER_BANNED');
  });
});
