/**
 * A realistic social graph, generated from a seed and written through batched UNWIND
 * writes: the demo graph (`npm start` on an empty database, `npm run seed`) and the
 * benchmark graph (`npm run dataset`) are the same generator at different sizes.
 * model.ts builds it in memory; this file writes it.
 */
import { int, type Database } from '../db/database.js';
import { INTEREST_CATALOGUE } from '../db/interest-catalogue.js';
import { strangerBandRank } from '../privacy/credit-visibility.js';
import { placeOf } from '../graph/comments.js';
import { REACTION_KINDS } from '../graph/reactions.js';
import { buildModel, COMMENTS, CREDIT_SOURCES, DAY, POST_CLOSERS, POST_OPENERS, REPLIES, type DatasetOptions } from './model.js';

/** Raised whenever the same users and seed generate a different graph, so a benchmark reloads an older one. */
export const DATASET_VERSION = 2;

export interface DatasetSummary {
  users: number;
  circles: number;
  posts: number;
  creditRecords: number;
  relationships: Record<string, number>;
  totalRelationships: number;
  ms: number;
  /** Milliseconds each phase's writes took (the generator's own work between them excluded): where a load's time goes. */
  phaseMs: Record<string, number>;
}

type Row = Record<string, unknown>;

export async function generateGraph(database: Database, options: DatasetOptions): Promise<DatasetSummary> {
  const started = Date.now();
  const batchSize = options.batchSize ?? 5_000;
  const model = buildModel(options);
  const { random, now, users, circles } = model;
  const db = database.forRequest();
  const iso = (ms: number) => new Date(ms).toISOString();
  const relationships: Record<string, number> = {};
  const phaseMs: Record<string, number> = {};

  /** Writes `rows` in batches through one UNWIND statement, reporting progress. */
  async function write(phase: string, rows: Iterable<Row>, total: number, cypher: string, relTypes: string[] = [], params: Row = {}) {
    let batch: Row[] = [];
    let done = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      const rowsToWrite = batch;
      batch = [];
      const started = Date.now();
      await db.write((q) => q.rows(cypher, { ...params, rows: rowsToWrite }));
      phaseMs[phase] = (phaseMs[phase] ?? 0) + Date.now() - started;
      done += rowsToWrite.length;
      options.onProgress?.(phase, done, total);
    };
    for (const row of rows) {
      batch.push(row);
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    for (const type of relTypes) relationships[type] = (relationships[type] ?? 0) + done;
  }

  await write(
    'users',
    users.map((u) => ({
      id: u.id,
      handle: u.handle,
      realName: u.realName,
      verified: u.verified,
      bio: u.bio,
      scoreVisibility: u.scoreVisibility,
      vouchVisibility: u.vouchVisibility,
      visibleBand: strangerBandRank(u),
      createdAt: u.createdAt.toISOString(),
    })),
    users.length,
    `UNWIND $rows AS r
     CREATE (:User {id: r.id, handle: r.handle, realName: r.realName, passwordHash: $passwordHash, verified: r.verified,
                    bio: r.bio, scoreVisibility: r.scoreVisibility, vouchVisibility: r.vouchVisibility, visibleBand: toInteger(r.visibleBand),
                    createdAt: datetime(r.createdAt)})`,
    [],
    { passwordHash: options.passwordHash },
  );

  // Credit history: one to three observations per scored person; the latest is current.
  const creditRows: Row[] = [];
  for (const u of users) {
    if (u.creditScore === null) continue;
    const count = random.int(1, 3);
    for (let k = 0; k < count; k++) {
      const latest = k === count - 1;
      const score = latest ? u.creditScore : Math.round(Math.min(950, Math.max(350, u.creditScore + random.normal(0, 30))));
      creditRows.push({
        userId: u.id,
        id: random.uuid(),
        score,
        latest,
        source: random.pick(CREDIT_SOURCES),
        observedAt: iso(now - (count - 1 - k) * 90 * DAY - random.int(1, 20) * DAY),
      });
    }
  }
  await write(
    'credit records',
    creditRows,
    creditRows.length,
    `UNWIND $rows AS r
     MATCH (u:User {id: r.userId})
     CREATE (u)-[:HAS_CREDIT_RECORD]->(:CreditScoreRecord {id: r.id, userId: r.userId, score: toInteger(r.score),
             source: r.source, observedAt: datetime(r.observedAt), recordedAt: datetime(r.observedAt), recordedBy: 'seed'})
     FOREACH (_ IN CASE WHEN r.latest THEN [1] ELSE [] END |
       SET u.creditScore = toInteger(r.score), u.creditObservedAt = datetime(r.observedAt), u.creditRecordedBy = 'seed')`,
    ['HAS_CREDIT_RECORD'],
  );

  const interestRows = users.flatMap((u) =>
    u.interests.map((k) => ({ u: u.id, slug: INTEREST_CATALOGUE[k]!.slug, band: strangerBandRank(u) })),
  );
  await write(
    'interests',
    interestRows,
    interestRows.length,
    `UNWIND $rows AS r
     MATCH (u:User {id: r.u}), (i:Interest {slug: r.slug})
     CREATE (u)-[:INTERESTED_IN {since: u.createdAt, slug: r.slug, band: toInteger(r.band)}]->(i)`,
    ['INTERESTED_IN'],
  );

  await write(
    'circles',
    circles.map((c) => ({
      id: c.id,
      slug: c.slug,
      name: c.name,
      description: c.description,
      minCreditScore: c.minCreditScore,
      requiresVerified: c.requiresVerified,
      createdAt: c.createdAt.toISOString(),
      interests: c.interests.map((k) => INTEREST_CATALOGUE[k]!.slug),
    })),
    circles.length,
    `UNWIND $rows AS r
     CREATE (c:Circle {id: r.id, slug: r.slug, name: r.name, description: r.description,
                       minCreditScore: toInteger(r.minCreditScore), requiresVerified: r.requiresVerified, membersOnly: false, joinPolicy: 'OPEN',
                       createdAt: datetime(r.createdAt)})
     WITH c, r
     UNWIND r.interests AS slug
     MATCH (i:Interest {slug: slug})
     CREATE (c)-[:ABOUT]->(i)`,
  );
  relationships.ABOUT = circles.reduce((sum, c) => sum + c.interests.length, 0);

  // A random member founded the circle (and owns it); the next few moderate.
  const memberRows = circles.flatMap((c) => {
    const start = random.int(0, c.members.length - 1);
    const ordered = [...c.members.slice(start), ...c.members.slice(0, start)];
    return ordered.map((u, rank) => ({
      u: users[u]!.id,
      c: c.id,
      role: rank === 0 ? 'OWNER' : rank <= Math.min(3, c.members.length / 20) ? 'MODERATOR' : 'MEMBER',
      joinedAt: iso(rank === 0 ? c.createdAt.getTime() : Math.max(c.createdAt.getTime(), users[u]!.createdAt.getTime()) + random.int(1, 20) * DAY),
    }));
  });
  // Everyone in a credit-gated circle consented to what it discloses, as joinCircle requires.
  await write(
    'memberships',
    memberRows,
    memberRows.length,
    `UNWIND $rows AS r
     MATCH (u:User {id: r.u}), (c:Circle {id: r.c})
     CREATE (u)-[:MEMBER_OF {role: r.role, joinedAt: datetime(r.joinedAt), circleId: c.id,
                             disclosureAcknowledgedAt: CASE WHEN c.minCreditScore IS NULL THEN null ELSE datetime(r.joinedAt) END}]->(c)`,
    ['MEMBER_OF'],
  );

  const pairRows = (pairs: Array<[number, number]>, extra: () => Row = () => ({})) =>
    pairs.map(([a, b]) => ({ a: users[a]!.id, b: users[b]!.id, at: iso(now - random.int(1, 300) * DAY), ...extra() }));
  // Relationships between two people: each phase's rows, and the constant CREATE for its type.
  const betweenPeople: Array<[phase: string, rows: Row[], create: string, type: string]> = [
    [
      'trust',
      model.trust.map(([a, b, weight]) => ({ a: users[a]!.id, b: users[b]!.id, weight, at: iso(now - random.int(1, 400) * DAY) })),
      'CREATE (a)-[:TRUSTS {weight: r.weight, since: datetime(r.at)}]->(b)',
      'TRUSTS',
    ],
    ['connections', pairRows(model.connections), 'CREATE (a)-[:CONNECTED {since: datetime(r.at)}]->(b)', 'CONNECTED'],
    [
      'requests',
      pairRows(model.requests, () => ({ message: `Hi! We are both in ${random.pick(circles).name}. Shall we connect?` })),
      'CREATE (a)-[:REQUESTED {message: r.message, createdAt: datetime(r.at)}]->(b)',
      'REQUESTED',
    ],
    ['blocks', pairRows(model.blocks), 'CREATE (a)-[:BLOCKED {since: datetime(r.at)}]->(b)', 'BLOCKED'],
  ];
  for (const [phase, rows, create, type] of betweenPeople) {
    await write(phase, rows, rows.length, `UNWIND $rows AS r MATCH (a:User {id: r.a}), (b:User {id: r.b}) ${create}`, [type]);
  }

  /**
   * A post's discussion: a few comments by members of its circle (some with a reply), and
   * reactions, with the counts the post keeps (as addComment and react keep them). Most posts
   * have 0 to 10 comments (about 3 on average); one in 500 drew a crowd of hundreds.
   */
  function discussionOf(members: readonly number[], createdAt: number) {
    const comments: Row[] = [];
    const at = () => iso(Math.min(now, createdAt + random.int(1, 72) * 3_600_000 + comments.length * 60_000));
    for (let t = random.chance(0.002) ? random.int(100, 400) : random.geometric(0.3); t > 0; t--) {
      const author = users[random.pick(members)]!.id;
      const top = { id: random.uuid(), author, threadAuthor: author, parentId: null, thread: comments.length + 1, reply: 0, body: random.pick(COMMENTS), createdAt: at(), liveReplies: 0 };
      comments.push(top);
      if (random.chance(0.3)) {
        top.liveReplies = 1;
        comments.push({ id: random.uuid(), author: users[random.pick(members)]!.id, threadAuthor: author, parentId: top.id, thread: top.thread, reply: comments.length + 1, body: random.pick(REPLIES), createdAt: at(), liveReplies: 0 });
      }
    }
    const reactors = new Set(Array.from({ length: random.geometric(0.35) }, () => users[random.pick(members)]!.id));
    const reactions = [...reactors].map((user) => ({ user, kind: random.chance(0.6) ? 'LIKE' : random.pick(REACTION_KINDS), at: at() }));
    const reactionCounts = REACTION_KINDS.map((kind) => reactions.filter((r) => r.kind === kind).length);
    return { comments, reactions, reactionCounts };
  }

  function* postRows(): Generator<Row> {
    for (let u = 0; u < users.length; u++) {
      const user = users[u]!;
      for (let m = 0; m < user.circles.length; m++) {
        const circle = circles[user.circles[m]!]!;
        // About the interest the circle is named for (its first): a basketball circle that is
        // also about dance talks basketball, as its name says.
        const topic = INTEREST_CATALOGUE[circle.interests[0]!]!.name.toLowerCase();
        for (let k = 0; k < model.postsPerMembership[u]![m]!; k++) {
          // Recent posts are likelier: the age is the square of a uniform draw, in days.
          const ageMs = Math.floor(random.float() ** 2 * 120 * DAY);
          const createdAt = now - ageMs;
          yield {
            id: random.uuid(),
            author: user.id,
            circle: circle.id,
            body: `${random.pick(POST_OPENERS)} ${topic}? ${random.pick(POST_CLOSERS)}`.trim(),
            createdAt: iso(createdAt),
            editedAt: random.chance(0.05) ? iso(Math.min(now, createdAt + random.int(1, 48) * 3_600_000)) : null,
            ...discussionOf(circle.members, createdAt),
          };
        }
      }
    }
  }
  await write(
    'posts',
    postRows(),
    model.postCount,
    `UNWIND $rows AS r
     MATCH (a:User {id: r.author}), (c:Circle {id: r.circle})
     CREATE (a)-[:POSTED]->(p:Post {id: r.id, body: r.body, authorId: r.author, circleId: r.circle, mentionIds: [],
                                    createdAt: datetime(r.createdAt), editedAt: datetime(r.editedAt),
                                    commentSeq: size(r.comments), commentCount: size(r.comments), reactionCounts: r.reactionCounts})-[:IN]->(c)
     WITH p, r
     CALL (p, r) {
       UNWIND r.comments AS k
       MATCH (u:User {id: k.author})
       CREATE (u)-[:COMMENTED]->(:Comment {id: k.id, postId: p.id, circleId: p.circleId, authorId: k.author, threadAuthorId: k.threadAuthor,
                                           parentId: k.parentId, thread: k.thread, reply: k.reply, place: ${placeOf('k.thread', 'k.reply')}, body: k.body, mentionIds: [],
                                           createdAt: datetime(k.createdAt), editedAt: null, removed: false, removedBy: null, removedAt: null,
                                           liveReplies: k.liveReplies, idempotencyKey: 'seed:' + k.id})-[:ON]->(p)
     }
     CALL (p, r) {
       UNWIND r.reactions AS x
       MATCH (u:User {id: x.user})
       CREATE (u)-[:REACTED {kind: x.kind, at: datetime(x.at)}]->(p)
     }`,
    ['POSTED', 'IN'],
  );

  // What was generated, and how long loading it took: a benchmark tells whether the loaded
  // graph is the one it wants, and reports the load time whoever loaded it.
  await db.write((q) =>
    q.rows('MERGE (d:Dataset) SET d.users = $users, d.seed = $seed, d.version = $version, d.generatedAt = datetime(), d.loadMs = $loadMs', {
      users: int(options.users),
      loadMs: int(Date.now() - started),
      seed: int(options.seed),
      version: int(DATASET_VERSION),
    }),
  );
  return {
    users: users.length,
    circles: circles.length,
    posts: model.postCount,
    creditRecords: creditRows.length,
    relationships,
    totalRelationships: Object.values(relationships).reduce((a, b) => a + b, 0),
    ms: Date.now() - started,
    phaseMs,
  };
}
