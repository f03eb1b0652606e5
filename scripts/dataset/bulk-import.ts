/**
 * Loading a generated graph with Neo4j's offline importer (`neo4j-admin database import
 * full`), for the project's own local instances: the generator's rows (src/seed/rows.ts,
 * the same rows the transactional loader writes) become CSV files in a temporary folder,
 * the importer builds the store from them with the server stopped, and then the server
 * starts, the migrations build constraints and indexes over the loaded data once, and the
 * Dataset node records what was loaded. Minutes where batched writes take hours.
 * A database named by NEO4J_URI cannot be written offline: it keeps the transactional loader.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hashPassword } from '../../src/auth/passwords.js';
import type { Config } from '../../src/config.js';
import { connectDatabase } from '../../src/db/connect.js';
import { INTEREST_CATALOGUE } from '../../src/db/interest-catalogue.js';
import { instanceHome, runNeo4jAdmin, stopLocalNeo4j } from '../../src/db/local/local-neo4j.js';
import { migrate } from '../../src/db/migrations.js';
import { createLogger } from '../../src/logger.js';
import { recordDataset, type DatasetSummary } from '../../src/seed/generate.js';
import { graphRows, PAIR_TYPES, SEED_RECORDER, type CircleRow, type CommentRow, type CreditRow, type InterestRow, type MemberRow, type PairRow, type PairType, type PostRow, type UserRow } from '../../src/seed/rows.js';
import { CsvFile, type Column } from './csv.js';
import { BENCH_PASSWORD, type LoadOptions } from './load.js';

/** The database the local server serves (the launcher keeps Neo4j's default). */
const DATABASE = 'neo4j';
/** The importer's heap; its caches live off-heap. */
const IMPORT_HEAP_MB = 2048;

type Reaction = { kind: string; at: string };
type Comment = CommentRow & { postId: string; circleId: string };
const ends = (from: string, to: string) => [`:START_ID(${from})`, `:END_ID(${to})`];

const PAIR_COLUMNS: Record<PairType, Array<Column<PairRow>>> = {
  TRUSTS: [['weight:double', (r) => r.weight], ['since:datetime', (r) => r.at]],
  CONNECTED: [['since:datetime', (r) => r.at]],
  REQUESTED: [['message', (r) => r.message], ['createdAt:datetime', (r) => r.at]],
  BLOCKED: [['since:datetime', (r) => r.at]],
};

/** Writes the graph's CSV files into `dir`; returns the importer's --nodes/--relationships arguments and the counts. */
export function writeImportFiles(dir: string, options: { users: number; seed: number; now?: Date; passwordHash: string }, onProgress?: LoadOptions['onProgress']) {
  const graph = graphRows(options);
  const args: string[] = [];
  const relationships: Record<string, number> = {};
  const open = <Row>(kind: 'nodes' | 'relationships', label: string, name: string, columns: Array<Column<Row>>) => {
    const file = new CsvFile<Row>(path.join(dir, `${name}.csv`), columns);
    args.push(`--${kind}=${label}=${file.file}`);
    return file;
  };
  const rel = <Row>(type: string, name: string, from: string, to: string, columns: Array<Column<Row>> = []) => {
    const [start, end] = ends(from, to);
    return open<Row & { from: string; to: string }>('relationships', type, name, [
      [start!, (r) => r.from],
      [end!, (r) => r.to],
      ...(columns as Array<Column<Row & { from: string; to: string }>>),
    ]);
  };
  const done = (type: string, file: CsvFile<never> | CsvFile<never>[]) => {
    const files = Array.isArray(file) ? file : [file];
    for (const f of files) f.close();
    relationships[type] = files.reduce((sum, f) => sum + f.count, 0);
  };

  const interests = open<{ slug: string; name: string }>('nodes', 'Interest', 'interests', [['slug:ID(Interest)', (i) => i.slug], ['name', (i) => i.name]]);
  INTEREST_CATALOGUE.forEach((i) => interests.write(i));
  interests.close();

  const users = open<UserRow>('nodes', 'User', 'users', [
    ['id:ID(User)', (u) => u.id], ['handle', (u) => u.handle], ['realName', (u) => u.realName], ['passwordHash', () => options.passwordHash],
    ['verified:boolean', (u) => u.verified], ['bio', (u) => u.bio], ['scoreVisibility', (u) => u.scoreVisibility],
    ['vouchVisibility', (u) => u.vouchVisibility], ['visibleBand:long', (u) => u.visibleBand], ['createdAt:datetime', (u) => u.createdAt],
    ['creditScore:long', (u) => u.creditScore], ['creditObservedAt:datetime', (u) => u.creditObservedAt], ['creditRecordedBy', (u) => u.creditRecordedBy],
    ['notificationCount:long', (u) => u.notificationCount], ['filteredNotificationCount:long', (u) => u.filteredNotificationCount],
  ]);
  const userRows = graph.userRows();
  userRows.forEach((u) => users.write(u));
  users.close();
  onProgress?.('users', userRows.length, userRows.length);

  const credit = open<CreditRow>('nodes', 'CreditScoreRecord', 'credit-records', [
    ['id:ID(Credit)', (r) => r.id], ['userId', (r) => r.userId], ['score:long', (r) => r.score], ['source', (r) => r.source],
    ['observedAt:datetime', (r) => r.observedAt], ['recordedAt:datetime', (r) => r.observedAt], ['recordedBy', () => SEED_RECORDER],
  ]);
  const hasCredit = rel<object>('HAS_CREDIT_RECORD', 'has-credit-record', 'User', 'Credit');
  for (const r of graph.creditRows()) {
    credit.write(r);
    hasCredit.write({ from: r.userId, to: r.id });
  }
  credit.close();
  done('HAS_CREDIT_RECORD', hasCredit as CsvFile<never>);

  const interestedIn = rel<InterestRow>('INTERESTED_IN', 'interested-in', 'User', 'Interest', [
    ['since:datetime', (r) => r.since], ['slug', (r) => r.slug], ['band:long', (r) => r.band],
  ]);
  graph.interestRows().forEach((r) => interestedIn.write({ ...r, from: r.u, to: r.slug }));
  done('INTERESTED_IN', interestedIn as CsvFile<never>);

  const circles = open<CircleRow>('nodes', 'Circle', 'circles', [
    ['id:ID(Circle)', (c) => c.id], ['slug', (c) => c.slug], ['name', (c) => c.name], ['description', (c) => c.description],
    ['minCreditScore:long', (c) => c.minCreditScore], ['requiresVerified:boolean', (c) => c.requiresVerified],
    ['membersOnly:boolean', (c) => c.membersOnly], ['joinPolicy', (c) => c.joinPolicy], ['createdAt:datetime', (c) => c.createdAt],
  ]);
  const about = rel<object>('ABOUT', 'about', 'Circle', 'Interest');
  for (const c of graph.circles) {
    circles.write(c);
    c.interests.forEach((slug) => about.write({ from: c.id, to: slug }));
  }
  circles.close();
  done('ABOUT', about as CsvFile<never>);

  const memberOf = rel<MemberRow>('MEMBER_OF', 'member-of', 'User', 'Circle', [
    ['role', (r) => r.role], ['joinedAt:datetime', (r) => r.joinedAt], ['circleId', (r) => r.c], ['disclosureAcknowledgedAt:datetime', (r) => r.disclosureAcknowledgedAt],
  ]);
  graph.memberRows().forEach((r) => memberOf.write({ ...r, from: r.u, to: r.c }));
  done('MEMBER_OF', memberOf as CsvFile<never>);

  for (const type of PAIR_TYPES) {
    const file = rel<PairRow>(type, type.toLowerCase(), 'User', 'User', PAIR_COLUMNS[type]);
    graph.pairRows(type).forEach((r) => file.write({ ...r, from: r.a, to: r.b }));
    done(type, file as CsvFile<never>);
  }

  const posts = open<PostRow>('nodes', 'Post', 'posts', [
    ['id:ID(Post)', (p) => p.id], ['body', (p) => p.body], ['authorId', (p) => p.author], ['circleId', (p) => p.circle],
    ['createdAt:datetime', (p) => p.createdAt], ['editedAt:datetime', (p) => p.editedAt],
    ['commentSeq:long', (p) => p.commentCount], ['commentCount:long', (p) => p.commentCount], ['reactionCounts:long[]', (p) => p.reactionCounts],
  ]);
  const comments = open<Comment>('nodes', 'Comment', 'comments', [
    ['id:ID(Comment)', (k) => k.id], ['postId', (k) => k.postId], ['circleId', (k) => k.circleId], ['authorId', (k) => k.author],
    ['threadAuthorId', (k) => k.threadAuthor], ['parentId', (k) => k.parentId], ['thread:long', (k) => k.thread], ['reply:long', (k) => k.reply],
    ['place:long', (k) => k.place], ['body', (k) => k.body], ['createdAt:datetime', (k) => k.createdAt],
    ['removed:boolean', (k) => k.removed], ['liveReplies:long', (k) => k.liveReplies], ['idempotencyKey', (k) => k.idempotencyKey],
  ]);
  const posted = rel<object>('POSTED', 'posted', 'User', 'Post');
  const inCircle = rel<object>('IN', 'in', 'Post', 'Circle');
  const commented = rel<object>('COMMENTED', 'commented', 'User', 'Comment');
  const on = rel<object>('ON', 'on', 'Comment', 'Post');
  const reacted = rel<Reaction>('REACTED', 'reacted', 'User', 'Post', [['kind', (r) => r.kind], ['at:datetime', (r) => r.at]]);
  for (const p of graph.postRows()) {
    posts.write(p);
    posted.write({ from: p.author, to: p.id });
    inCircle.write({ from: p.id, to: p.circle });
    for (const k of p.comments) {
      comments.write({ ...k, postId: p.id, circleId: p.circle });
      commented.write({ from: k.author, to: k.id });
      on.write({ from: k.id, to: p.id });
    }
    for (const x of p.reactions) reacted.write({ ...x, from: x.user, to: p.id });
    if (posts.count % 10_000 === 0) onProgress?.('posts', posts.count, graph.postCount);
  }
  onProgress?.('posts', posts.count, graph.postCount);
  posts.close();
  comments.close();
  for (const [type, file] of [['POSTED', posted], ['IN', inCircle], ['COMMENTED', commented], ['ON', on], ['REACTED', reacted]] as const) {
    done(type, file as CsvFile<never>);
  }
  return { args, users: userRows.length, circles: graph.circles.length, posts: posts.count, creditRecords: credit.count, relationships };
}

/**
 * Replaces a local instance's graph with a generated one through the offline importer.
 * The instance is stopped first (whoever runs it) and is left stopped unless
 * NEO4J_KEEP_RUNNING is set.
 */
export async function bulkLoadDataset(config: Config, instance: string, options: LoadOptions): Promise<DatasetSummary> {
  if (config.neo4j.uri) throw new Error('The offline importer writes the project\'s own local instances only; unset NEO4J_URI or use --loader transactional.');
  const started = Date.now();
  const phaseMs: Record<string, number> = {};
  const timed = async <T>(phase: string, work: () => Promise<T> | T): Promise<T> => {
    const at = Date.now();
    try {
      return await work();
    } finally {
      phaseMs[phase] = Date.now() - at;
    }
  };
  const log = (message: string) => process.stderr.write(`${message}\n`);
  await stopLocalNeo4j(instanceHome(config.dataDir, instance));
  const passwordHash = await hashPassword(BENCH_PASSWORD, options.passwordHashCost);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'quanzi-import-'));
  let written: ReturnType<typeof writeImportFiles>;
  try {
    written = await timed('csv', () => writeImportFiles(dir, { users: options.users, seed: options.seed, now: options.now, passwordHash }, options.onProgress));
    await timed('import', () =>
      runNeo4jAdmin({ dataDir: config.dataDir, instance, heapMb: IMPORT_HEAP_MB, log, echo: process.stderr }, [
        'database', 'import', 'full', DATABASE, '--overwrite-destination=true', '--high-parallel-io=on',
        // Where the importer lists bad entries (none are expected), beside the instance's other logs.
        `--report-file=${path.join(instanceHome(config.dataDir, instance), 'logs', 'import.report')}`, ...written.args,
      ]),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const connection = await connectDatabase(config, createLogger({ ...config, logLevel: 'warn' }), instance);
  try {
    await timed('migrations', () => migrate(connection.database));
    await connection.database.forRequest().write((q) => recordDataset(q, { users: options.users, seed: options.seed, loadMs: Date.now() - started }));
  } finally {
    await connection.close();
  }
  return {
    users: written.users,
    circles: written.circles,
    posts: written.posts,
    creditRecords: written.creditRecords,
    relationships: written.relationships,
    totalRelationships: Object.values(written.relationships).reduce((a, b) => a + b, 0),
    ms: Date.now() - started,
    phaseMs,
  };
}
