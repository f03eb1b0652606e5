/**
 * Reports and moderation log entries are Nodes (issue 15, item 2): `node(id:)` and
 * `nodes(ids:)` answer them as the queue and the log show them, to exactly those who read
 * those (a report: its circle's owners and moderators, not on their own content, trust and
 * safety, and its reporter; an entry: its circle's owners and moderators, and trust and
 * safety), open or resolved. To anyone else, and across a block, an id answers null, exactly
 * as an id nobody has; a batch costs the same round-trips as one id.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../../src/auth/roles.js';
import {
  BlocksBlockDocument,
  CircleModerationLogDocument,
  CircleReportsDocument,
  LogEntryNodeDocument,
  LogEntryNodesDocument,
  ReportContentDocument,
  ReportNodeDocument,
  ReportNodesDocument,
  ResolveReportDocument,
  SetMemberRoleDocument,
  WholeModerationLogDocument,
  type ReportAction,
} from '../../generated/graphql.js';
import { moderatedCircle, writePost } from '../../helpers/circles.js';
import { errorCodes, ok } from '../../helpers/client.js';
import { established } from '../../helpers/notifications.js';
import { serviceToken, signUp, type Person } from '../../helpers/people.js';
import { serverForTests } from '../../helpers/server.js';

const test = serverForTests();

/** Who asks: a person, or trust and safety. */
type Viewer = Person | 'safety';
const tokenOf = (viewer: Viewer) => (viewer === 'safety' ? serviceToken(test, Role.TRUST_AND_SAFETY) : viewer.token);

const reportNode = async (viewer: Viewer, id: string) => (await ok(test.client.request(ReportNodeDocument, { id }, { token: tokenOf(viewer) }))).node;
const reportNodes = (viewer: Viewer, ids: string[]) => test.client.request(ReportNodesDocument, { ids }, { token: tokenOf(viewer) });
const entryNode = async (viewer: Viewer, id: string) => (await ok(test.client.request(LogEntryNodeDocument, { id }, { token: tokenOf(viewer) }))).node;
const entryNodes = async (viewer: Viewer, ids: string[]) => (await ok(test.client.request(LogEntryNodesDocument, { ids }, { token: tokenOf(viewer) }))).nodes;

const fileReport = async (reporter: Person, subjectId: string) =>
  (await ok(test.client.request(ReportContentDocument, { input: { subjectId, reason: 'SPAM', note: 'An advert.' } }, { token: reporter.token }))).reportContent;
const resolve = async (viewer: Viewer, reportId: string, action: ReportAction, note = 'Judged.') =>
  (await ok(test.client.request(ResolveReportDocument, { input: { reportId, action, note } }, { token: tokenOf(viewer) }))).resolveReport;

const queueOf = async (viewer: Person, circleSlug: string) =>
  (await ok(test.client.request(CircleReportsDocument, { slug: circleSlug, first: 50 }, { token: viewer.token }))).circle!.reports!.edges.map((edge) => edge.node);
const logOf = async (viewer: Person, circleSlug: string) =>
  (await ok(test.client.request(CircleModerationLogDocument, { slug: circleSlug, first: 50 }, { token: viewer.token }))).circle!.moderationLog!.edges.map((edge) => edge.node);

let owner: Person;
let moderator: Person;
let author: Person;
let reporter: Person;
let member: Person;
let outsider: Person;
let slug: string;
let postId: string;

beforeAll(async () => {
  owner = await established(test, 'mnowner');
  [moderator, author, reporter, member, outsider] = await Promise.all(['mnmod', 'mnauthor', 'mnreporter', 'mnmember', 'mnoutsider'].map((prefix) => established(test, prefix)));
  slug = await moderatedCircle(test, 'mnodes', { owner, moderator, members: [author, reporter, member] });
  postId = (await writePost(test, author, slug, 'Cheap followers at example.test')).id;
});

describe('Report as a Node', () => {
  it('answers a report as the queue shows it, to its moderators, trust and safety and its reporter, and null to anyone else as to an id nobody has', async () => {
    const filed = await fileReport(reporter, postId);
    const [queued] = await queueOf(moderator, slug);
    expect(queued).toMatchObject({ id: filed.id, status: 'OPEN', excerpt: 'Cheap followers at example.test' });
    for (const viewer of [owner, moderator, 'safety', reporter] as Viewer[]) {
      expect(await reportNode(viewer, filed.id), viewer === 'safety' ? viewer : viewer.handle).toEqual({ __typename: 'Report', ...queued });
    }
    const unknown = randomUUID();
    for (const viewer of [author, member, outsider]) {
      expect(await reportNode(viewer, filed.id), viewer.handle).toBeNull();
      expect((await ok(reportNodes(viewer, [filed.id, unknown]))).nodes, viewer.handle).toEqual([null, null]);
    }
  });

  it('is null to a moderator on a report of their own content, which the others judge', async () => {
    const ownPost = (await writePost(test, moderator, slug, 'The moderator writes')).id;
    const filed = await fileReport(member, ownPost);
    expect(await reportNode(moderator, filed.id)).toBeNull();
    expect(await reportNode(owner, filed.id)).toMatchObject({ id: filed.id, subjectId: ownPost });
  });

  it('answers a resolved report, content removed, as resolveReport did: the log entry of its resolution names it', async () => {
    const doomed = (await writePost(test, author, slug, 'Buy now')).id;
    const filed = await fileReport(reporter, doomed);
    const resolved = await resolve(moderator, filed.id, 'REMOVE_CONTENT');
    expect((await queueOf(owner, slug)).map((report) => report.id)).not.toContain(filed.id);
    const entry = (await logOf(owner, slug)).find((e) => e.action === 'REPORT_RESOLVED' && e.subjectId === filed.id)!;
    expect(entry).toMatchObject({ subjectKind: 'REPORT', detail: 'REMOVE_CONTENT' });
    for (const viewer of [owner, moderator, 'safety', reporter] as Viewer[]) {
      expect(await reportNode(viewer, entry.subjectId!)).toEqual({ __typename: 'Report', ...resolved });
    }
    expect(resolved).toMatchObject({ status: 'RESOLVED', action: 'REMOVE_CONTENT', excerpt: 'Buy now', subjectOwner: { handle: author.handle } });
    expect(await reportNode(member, filed.id)).toBeNull();
  });
});

describe('ModerationLogEntry as a Node', () => {
  it("answers an entry as the circle's log shows it, to its owners and moderators and trust and safety; null to everyone else", async () => {
    await ok(test.client.request(SetMemberRoleDocument, { circleSlug: slug, handle: member.handle, role: 'MODERATOR' }, { token: owner.token }));
    await ok(test.client.request(SetMemberRoleDocument, { circleSlug: slug, handle: member.handle, role: 'MEMBER' }, { token: owner.token }));
    const [latest] = await logOf(owner, slug);
    expect(latest).toMatchObject({ action: 'ROLE_CHANGED', detail: 'MEMBER', target: { handle: member.handle } });
    for (const viewer of [owner, moderator, 'safety'] as Viewer[]) expect(await entryNode(viewer, latest!.id)).toEqual({ __typename: 'ModerationLogEntry', ...latest });
    // The member it is about is no longer a moderator: the log, and so the entry, is not theirs.
    for (const viewer of [member, author, reporter, outsider]) expect(await entryNodes(viewer, [latest!.id, randomUUID()]), viewer.handle).toEqual([null, null]);
  });

  it('answers an entry with no circle (a suspension) to trust and safety alone', async () => {
    const [troll, victim] = await Promise.all([signUp(test.client, 'mntroll'), signUp(test.client, 'mnvictim')]);
    const filed = await fileReport(victim, troll.id);
    const why = `Suspending ${troll.handle}`;
    await resolve('safety', filed.id, 'SUSPEND_ACCOUNT', why);
    const log = await ok(test.client.request(WholeModerationLogDocument, { first: 20 }, { token: tokenOf('safety') }));
    const suspension = log.moderationLog.edges.map((edge) => edge.node).find((e) => e.action === 'ACCOUNT_SUSPENDED' && e.reason === why)!;
    expect(suspension).toMatchObject({ circle: null, byTrustAndSafety: true });
    expect(await entryNode('safety', suspension.id)).toEqual({ __typename: 'ModerationLogEntry', ...suspension });
    for (const viewer of [victim, owner, moderator]) expect(await entryNode(viewer, suspension.id)).toBeNull();
    // The victim still sees their own report, resolved.
    expect(await reportNode(victim, filed.id)).toMatchObject({ id: filed.id, status: 'RESOLVED', action: 'SUSPEND_ACCOUNT' });
  });
});

describe('blocks', () => {
  it('hide from a moderator the reports and log entries of someone with a block between them, by id and in the log, as if they did not exist', async () => {
    const [chief, deputy, writer, blocker] = await Promise.all(['mbchief', 'mbdeputy', 'mbwriter', 'mbblocker'].map((prefix) => established(test, prefix)));
    const circle = await moderatedCircle(test, 'mblocks', { owner: chief, moderator: deputy, members: [writer, blocker] });
    const post = (await writePost(test, writer, circle, 'Questionable')).id;
    const filed = await fileReport(blocker, post);
    const before = await reportNode(deputy, filed.id);
    expect(before).toMatchObject({ id: filed.id });
    await ok(test.client.request(BlocksBlockDocument, { handle: deputy.handle }, { token: blocker.token }));
    expect(await reportNode(deputy, filed.id)).toBeNull();

    // Resolved by the owner: the entry of its resolution is about the blocker's report, so the deputy does not see it.
    await resolve(chief, filed.id, 'DISMISS');
    const entry = (await logOf(chief, circle)).find((e) => e.action === 'REPORT_RESOLVED' && e.subjectId === filed.id)!;
    expect(entry).toBeDefined();
    expect((await logOf(deputy, circle)).map((e) => e.id)).not.toContain(entry.id);
    expect(await entryNodes(deputy, [entry.id, randomUUID()])).toEqual([null, null]);
    expect(await entryNode(chief, entry.id)).toMatchObject({ id: entry.id });
    // And the blocker, the reporter, still sees their report.
    expect(await reportNode(blocker, filed.id)).toMatchObject({ id: filed.id, status: 'RESOLVED', action: 'DISMISS' });
  }, 90_000);
});

describe('ids and batches', () => {
  it('answers malformed ids, ids of other types and typed-looking ids null, and refuses an overlong id naming `id`', async () => {
    const filed = await fileReport(member, postId);
    const found = await ok(reportNodes(owner, ['not-an-id', `Report:${filed.id}`, 'ModerationLogEntry:1', filed.id.toUpperCase(), '', filed.id]));
    expect(found.nodes.map((n) => n?.id ?? null)).toEqual([null, null, null, null, null, filed.id]);
    const long = await test.client.request(ReportNodeDocument, { id: `${filed.id}${'x'.repeat(200)}` }, { token: owner.token });
    expect(errorCodes(long)).toEqual(['BAD_USER_INPUT']);
    expect(long.errors![0]!.extensions?.field).toBe('id');
  });

  it('loads many reports and entries in as many round-trips as one', async () => {
    const posts = await Promise.all(Array.from({ length: 5 }, (_, i) => writePost(test, author, slug, `Batch post ${i}`)));
    const reports = await Promise.all(posts.map((post) => fileReport(outsider, post.id)));
    const entries = (await logOf(owner, slug)).map((e) => e.id);
    expect(entries.length).toBeGreaterThanOrEqual(4);
    const cost = async (ids: string[]) => {
      const result = await reportNodes('safety', ids);
      expect(result.errors).toBeUndefined();
      expect(result.data!.nodes.filter(Boolean)).toHaveLength(ids.length);
      return result.extensions.cypher!.roundTrips;
    };
    const one = await cost([reports[0]!.id, entries[0]!]);
    const many = await cost([...reports.map((report) => report.id), ...entries]);
    expect(one).toBeGreaterThan(0);
    expect(many).toBe(one);
  });
});
