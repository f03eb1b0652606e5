/**
 * The report queues' totalCount: Circle.reports counts what the same viewer's list shows (not
 * reports on their own content, nor any naming someone on the other side of a block from
 * them), after 20 reports filed ten at a time and a subject resolved; Query.reports counts every
 * open report, as the graph holds them, for trust and safety — also on a graph from before
 * the OpenReport label (migration 25).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { Role } from '../../../src/auth/roles.js';
import { MIGRATIONS } from '../../../src/db/migrations.js';
import {
  AllReportsTotalDocument,
  BlocksBlockDocument,
  CircleReportsTotalDocument,
  ReportContentDocument,
  ResolveReportDocument,
  SetMemberRoleDocument,
} from '../../generated/graphql.js';
import { foundCircle, joinCircle, writePost } from '../../helpers/circles.js';
import { ok } from '../../helpers/client.js';
import { established } from '../../helpers/notifications.js';
import type { Person } from '../../helpers/people.js';
import { serverForTests } from '../../helpers/server.js';

const test = serverForTests();

const safetyToken = () => test.server.app.tokens.issueForService(Role.TRUST_AND_SAFETY, 3600).token;

const report = async (reporter: Person, subjectId: string) =>
  (await ok(test.client.request(ReportContentDocument, { input: { subjectId, reason: 'SPAM' } }, { token: reporter.token }))).reportContent.id;

/** The count must be the list, for this viewer; returns it. */
async function countAsListed(viewer: Person): Promise<number> {
  const { circle } = await ok(test.client.request(CircleReportsTotalDocument, { slug }, { token: viewer.token }));
  const reports = circle!.reports!;
  expect(reports.totalCount, `${viewer.handle}: totalCount against the list`).toBe(reports.edges.length);
  return reports.totalCount;
}

/**
 * Trust and safety's count, and the open reports the graph holds, read either side of it
 * until no other file's report lands in between (the database is shared).
 */
async function wholeQueue(): Promise<{ counted: number; inGraph: number }> {
  const inGraph = async () =>
    (await test.database.forRequest().read((q) => q.one<{ n: number }>("MATCH (r:Report) WHERE r.status = 'OPEN' RETURN count(r) AS n")))!.n;
  for (;;) {
    const before = await inGraph();
    const counted = (await ok(test.client.request(AllReportsTotalDocument, {}, { token: safetyToken() }))).reports.totalCount;
    if ((await inGraph()) === before) return { counted, inGraph: before };
  }
}

/** Trust and safety's count must be the graph's; returns it. */
async function expectWholeQueueCounted(): Promise<number> {
  const { counted, inGraph } = await wholeQueue();
  expect(counted).toBe(inGraph);
  return counted;
}

let owner: Person;
let moderator: Person;
let author: Person;
let reporters: Person[];
let slug: string;
let posts: string[];

/** A circle with an owner, a moderator and an author, two posts by the author and one by the moderator, and ten members who report. */
beforeEach(async () => {
  [owner, moderator, author] = await Promise.all(['rcown', 'rcmod', 'rcaut'].map((prefix) => established(test, prefix)));
  reporters = await Promise.all(Array.from({ length: 10 }, () => established(test, 'rcrep')));
  slug = await foundCircle(test, owner!, 'reportcount');
  for (const person of [moderator!, author!, ...reporters]) await joinCircle(test, person, slug);
  await ok(test.client.request(SetMemberRoleDocument, { circleSlug: slug, handle: moderator!.handle, role: 'MODERATOR' }, { token: owner!.token }));
  posts = [(await writePost(test, author!, slug, 'first')).id, (await writePost(test, author!, slug, 'second')).id, (await writePost(test, moderator!, slug, 'mine')).id];
}, 120_000);

describe('report queues: totalCount', () => {
  it('counts 20 reports filed ten at a time, less those on the viewer’s own content, and loses a resolved subject’s', async () => {
    await expectWholeQueueCounted();
    // Two waves of ten at once: twenty at once can wait past the driver's pool timeout on a loaded machine.
    await Promise.all(reporters.map((reporter) => report(reporter, posts[0]!)));
    await Promise.all(reporters.map((reporter, i) => report(reporter, posts[i % 2 ? 1 : 2]!)));
    expect(await countAsListed(owner)).toBe(20);
    expect(await countAsListed(moderator)).toBe(15);
    await expectWholeQueueCounted();

    const firstReport = await report(owner, posts[1]!);
    await ok(test.client.request(ResolveReportDocument, { input: { reportId: firstReport, action: 'DISMISS' } }, { token: moderator.token }));
    expect(await countAsListed(owner)).toBe(15);
    expect(await countAsListed(moderator)).toBe(10);
    await expectWholeQueueCounted();
  }, 120_000);

  it('leaves out, for each moderator, reports naming someone on the other side of a block, as reporter or owner', async () => {
    await Promise.all(reporters.slice(0, 4).map((reporter) => report(reporter, posts[0]!)));
    await report(reporters[4]!, posts[2]!);
    await ok(test.client.request(BlocksBlockDocument, { handle: moderator.handle }, { token: reporters[0]!.token }));
    expect(await countAsListed(moderator)).toBe(3);
    await ok(test.client.request(BlocksBlockDocument, { handle: author.handle }, { token: owner.token }));
    expect(await countAsListed(owner)).toBe(1);
    expect(await countAsListed(moderator)).toBe(3);
  }, 120_000);

  it('counts the whole queue on a graph from before the OpenReport label, once migration 25 runs', async () => {
    await report(reporters[0]!, posts[0]!);
    // As a graph from before the label holds this circle's reports.
    await test.database.forRequest().write((q) => q.rows('MATCH (r:OpenReport) WHERE r.circleId IN COLLECT { MATCH (c:Circle {slug: $slug}) RETURN c.id } REMOVE r:OpenReport', { slug }));
    const unlabelled = await wholeQueue();
    expect(unlabelled.counted).toBe(unlabelled.inGraph - 1);
    for (const statement of MIGRATIONS.find((migration) => migration.version === 25)!.statements) await test.database.autoCommit(statement.cypher, statement.params);
    expect(await expectWholeQueueCounted()).toBeGreaterThan(0);
  }, 120_000);
});
