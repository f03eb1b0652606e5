/**
 * The database schema as an ordered, versioned list. Each migration runs once, in order,
 * at start-up; every statement is idempotent so a half-applied migration can be re-run.
 * Add new migrations at the end; never edit one that has shipped.
 *
 * Each migration carries a frozen copy of what it runs (no live rule or fragment is
 * imported): a later change to a rule must come with a migration of its own.
 */

/** The band a person shows strangers, as the rule stood when migration 5 shipped. */
const STORE_STRANGER_BAND_V5 = `
  SET u.visibleBand = CASE
    WHEN u.creditScore IS NULL OR NOT coalesce(u.scoreVisibility, 'BAND_ONLY') IN ['PUBLIC', 'BAND_ONLY'] THEN -1
    WHEN u.creditScore >= 700 THEN 4 WHEN u.creditScore >= 650 THEN 3 WHEN u.creditScore >= 600 THEN 2 WHEN u.creditScore >= 550 THEN 1 WHEN u.creditScore >= 350 THEN 0
  END
  WITH u
  CALL (u) { MATCH (u)-[r:INTERESTED_IN]->() SET r.band = u.visibleBand }`;
import { int, type Database, type Params } from './database.js';
import { INTEREST_CATALOGUE } from './interest-catalogue.js';

interface Statement {
  cypher: string;
  params?: Params;
  /** Run outside a managed transaction: needed for `CALL { … } IN TRANSACTIONS` batches. */
  autoCommit?: boolean;
}

export interface Migration {
  version: number;
  name: string;
  statements: Statement[];
}

const schema = (...cypher: string[]): Statement[] => cypher.map((c) => ({ cypher: c }));

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'unique keys',
    statements: schema(
      'CREATE CONSTRAINT schema_migration_version IF NOT EXISTS FOR (m:SchemaMigration) REQUIRE m.version IS UNIQUE',
      'CREATE CONSTRAINT user_id IF NOT EXISTS FOR (u:User) REQUIRE u.id IS UNIQUE',
      'CREATE CONSTRAINT user_handle IF NOT EXISTS FOR (u:User) REQUIRE u.handle IS UNIQUE',
      'CREATE CONSTRAINT interest_slug IF NOT EXISTS FOR (i:Interest) REQUIRE i.slug IS UNIQUE',
      'CREATE CONSTRAINT circle_slug IF NOT EXISTS FOR (c:Circle) REQUIRE c.slug IS UNIQUE',
      'CREATE CONSTRAINT circle_id IF NOT EXISTS FOR (c:Circle) REQUIRE c.id IS UNIQUE',
      'CREATE CONSTRAINT post_id IF NOT EXISTS FOR (p:Post) REQUIRE p.id IS UNIQUE',
      // One record per observation: a re-sent or re-imported observation is the same record.
      'CREATE CONSTRAINT credit_record_observation IF NOT EXISTS FOR (r:CreditScoreRecord) REQUIRE (r.userId, r.source, r.observedAt) IS UNIQUE',
    ),
  },
  {
    version: 2,
    name: 'indexes for ranking and time order',
    statements: schema(
      'CREATE INDEX user_credit_score IF NOT EXISTS FOR (u:User) ON (u.creditScore)',
      'CREATE INDEX post_created_at IF NOT EXISTS FOR (p:Post) ON (p.createdAt)',
      'CREATE INDEX interest_name IF NOT EXISTS FOR (i:Interest) ON (i.name)',
    ),
  },
  {
    version: 3,
    name: 'interest catalogue',
    statements: [
      {
        cypher: 'UNWIND $interests AS interest MERGE (i:Interest {slug: interest.slug}) ON CREATE SET i.name = interest.name',
        params: { interests: INTEREST_CATALOGUE },
      },
    ],
  },
  {
    version: 4,
    name: 'circles and posts',
    statements: schema(
      // A circle's page and the feed read one circle's newest posts in index order.
      'CREATE INDEX post_circle_created_at IF NOT EXISTS FOR (p:Post) ON (p.circleId, p.createdAt)',
      'CREATE CONSTRAINT post_idempotency_key IF NOT EXISTS FOR (p:Post) REQUIRE (p.authorId, p.idempotencyKey) IS UNIQUE',
      'CREATE INDEX circle_name IF NOT EXISTS FOR (c:Circle) ON (c.name)',
    ),
  },
  {
    version: 5,
    name: 'bands shown to strangers, for ranking recommendations',
    statements: [
      ...schema('CREATE INDEX interested_in_slug_band IF NOT EXISTS FOR ()-[r:INTERESTED_IN]-() ON (r.slug, r.band)'),
      {
        cypher: `MATCH (u:User) CALL (u) { ${STORE_STRANGER_BAND_V5} } IN TRANSACTIONS OF 2000 ROWS`,
        autoCommit: true,
      },
      {
        cypher: `MATCH (:User)-[r:INTERESTED_IN]->(i:Interest) CALL (r, i) { SET r.slug = i.slug } IN TRANSACTIONS OF 20000 ROWS`,
        autoCommit: true,
      },
    ],
  },
  {
    version: 6,
    name: 'circle flags always set',
    statements: schema(
      'MATCH (c:Circle) WHERE c.membersOnly IS NULL SET c.membersOnly = false',
      'MATCH (c:Circle) WHERE c.requiresVerified IS NULL SET c.requiresVerified = false',
    ),
  },
  {
    version: 7,
    name: 'closed accounts',
    statements: schema(
      'CREATE INDEX user_suspended_at IF NOT EXISTS FOR (u:User) ON (u.suspendedAt)',
      'CREATE CONSTRAINT closed_account_id IF NOT EXISTS FOR (d:ClosedAccount) REQUIRE d.id IS UNIQUE',
    ),
  },
  {
    version: 8,
    name: 'memberships of credit-gated circles need consent',
    // Membership of a circle with a minimum score discloses "score at least the minimum";
    // memberships from before consent was asked are paused (shown to nobody) until their
    // member resumes them with joinCircle(acknowledgeDisclosure: true), role and date kept.
    statements: schema(
      `MATCH (u:User)-[m:MEMBER_OF]->(c:Circle) WHERE c.minCreditScore IS NOT NULL AND m.disclosureAcknowledgedAt IS NULL
       CREATE (u)-[:PAUSED_MEMBERSHIP {role: m.role, joinedAt: m.joinedAt, pausedAt: datetime()}]->(c)
       DELETE m`,
    ),
  },
  {
    version: 9,
    name: 'who sees the vouches people gave before they could choose',
    // Vouches were their giver's alone to read; they stay so until the giver chooses.
    statements: [
      {
        cypher: `MATCH (u:User) WHERE u.vouchVisibility IS NULL CALL (u) { SET u.vouchVisibility = 'PRIVATE' } IN TRANSACTIONS OF 5000 ROWS`,
        autoCommit: true,
      },
    ],
  },
  {
    version: 10,
    name: 'sessions and refresh tokens',
    statements: schema(
      'CREATE CONSTRAINT session_id IF NOT EXISTS FOR (s:Session) REQUIRE s.id IS UNIQUE',
      'CREATE CONSTRAINT refresh_token_hash IF NOT EXISTS FOR (t:RefreshToken) REQUIRE t.hash IS UNIQUE',
      // Every instance reads the recently ended sessions each minute, and sweeps expired ones.
      'CREATE INDEX session_ended_at IF NOT EXISTS FOR (s:Session) ON (s.endedAt)',
      'CREATE INDEX session_expires_at IF NOT EXISTS FOR (s:Session) ON (s.expiresAt)',
    ),
  },
  {
    version: 11,
    name: 'conversations',
    // Nothing to backfill: accepting a request deleted it with its icebreaker, so connections
    // made before this version start their conversation with the first message either sends.
    statements: schema(
      'CREATE CONSTRAINT conversation_id IF NOT EXISTS FOR (c:Conversation) REQUIRE c.id IS UNIQUE',
      // One conversation per pair: two first messages sent at once meet in one MERGE.
      'CREATE CONSTRAINT conversation_pair IF NOT EXISTS FOR (c:Conversation) REQUIRE c.pairKey IS UNIQUE',
      'CREATE CONSTRAINT message_id IF NOT EXISTS FOR (m:Message) REQUIRE m.id IS UNIQUE',
      // One message per place in a conversation's sequence; its index serves every page of
      // messages, read in order from either end, whatever the conversation's length.
      'CREATE CONSTRAINT message_sequence IF NOT EXISTS FOR (m:Message) REQUIRE (m.conversationId, m.seq) IS UNIQUE',
      // A retried send finds its first message; two retries at once cannot both write.
      'CREATE CONSTRAINT message_client_id IF NOT EXISTS FOR (m:Message) REQUIRE (m.fromId, m.clientMessageId) IS UNIQUE',
      // A person's conversations, most recent first, in index order.
      'CREATE INDEX conversation_place_recent IF NOT EXISTS FOR ()-[p:IN_CONVERSATION]-() ON (p.userId, p.lastMessageAt)',
    ),
  },
  {
    version: 12,
    name: 'notifications',
    statements: schema(
      'CREATE CONSTRAINT notification_id IF NOT EXISTS FOR (n:Notification) REQUIRE n.id IS UNIQUE',
      // A page of a person's list (main or filtered), newest first: two equalities and a range,
      // read backwards in index order. Unread pages read their own index: unreadAt is set only
      // while a notification is unread.
      'CREATE INDEX notification_list IF NOT EXISTS FOR (n:Notification) ON (n.recipientId, n.filtered, n.at)',
      'CREATE INDEX notification_unread IF NOT EXISTS FOR (n:Notification) ON (n.recipientId, n.filtered, n.unreadAt)',
      // An aggregate notification (reactions to one post) is found again when its next actor comes.
      'CREATE INDEX notification_group IF NOT EXISTS FOR (n:Notification) ON (n.recipientId, n.groupKey)',
      // The retention sweep deletes notifications read longer ago than NOTIFICATION_RETENTION_DAYS.
      'CREATE INDEX notification_read_at IF NOT EXISTS FOR (n:Notification) ON (n.readAt)',
    ),
  },
  {
    version: 13,
    name: 'comments and reactions',
    // Nothing to backfill: posts without comment or reaction counts read them as zero.
    statements: schema(
      'CREATE CONSTRAINT comment_id IF NOT EXISTS FOR (c:Comment) REQUIRE c.id IS UNIQUE',
      // A post's comments in thread order (each thread's top comment, then its replies), read
      // in index order from a cursor: a page costs the same under 10 comments or 10,000. One
      // number (thread, then reply) rather than two columns: a cursor on two columns needs an
      // OR, which the planner answers with a union of unordered reads of every comment.
      'CREATE CONSTRAINT comment_place IF NOT EXISTS FOR (c:Comment) REQUIRE (c.postId, c.place) IS UNIQUE',
      // A retried addComment finds its first comment; two retries at once cannot both write.
      'CREATE CONSTRAINT comment_idempotency_key IF NOT EXISTS FOR (c:Comment) REQUIRE (c.authorId, c.idempotencyKey) IS UNIQUE',
      // What a viewer's blocks take out of a post's kept counts: the hidden people's comments,
      // and the threads they started, found from them rather than by reading every comment.
      'CREATE INDEX comment_post_author IF NOT EXISTS FOR (c:Comment) ON (c.postId, c.authorId)',
      'CREATE INDEX comment_post_thread_author IF NOT EXISTS FOR (c:Comment) ON (c.postId, c.threadAuthorId)',
    ),
  },
  {
    version: 14,
    name: 'reports, moderation log, invite-only circles',
    statements: [
      // Every circle made before invitations was open to all who pass its gates.
      ...schema("MATCH (c:Circle) WHERE c.joinPolicy IS NULL SET c.joinPolicy = 'OPEN'"),
      ...schema(
        'CREATE CONSTRAINT report_id IF NOT EXISTS FOR (r:Report) REQUIRE r.id IS UNIQUE',
        // One report per person per subject: two reports sent at once meet here (CONFLICT).
        'CREATE CONSTRAINT report_once IF NOT EXISTS FOR (r:Report) REQUIRE (r.reporterId, r.subjectId) IS UNIQUE',
        // A circle's open reports, oldest first (Circle.reports); all open reports (trust and safety).
        'CREATE INDEX report_circle_queue IF NOT EXISTS FOR (r:Report) ON (r.circleId, r.status, r.createdAt)',
        'CREATE INDEX report_queue IF NOT EXISTS FOR (r:Report) ON (r.status, r.createdAt)',
        // Resolving one report resolves every open report on the same subject.
        'CREATE INDEX report_subject IF NOT EXISTS FOR (r:Report) ON (r.subjectId)',
        'CREATE CONSTRAINT moderation_entry_id IF NOT EXISTS FOR (e:ModerationLogEntry) REQUIRE e.id IS UNIQUE',
        // A circle's log newest first, and the whole log (trust and safety), read in index order.
        'CREATE INDEX moderation_entry_circle IF NOT EXISTS FOR (e:ModerationLogEntry) ON (e.circleId, e.at)',
        'CREATE INDEX moderation_entry_at IF NOT EXISTS FOR (e:ModerationLogEntry) ON (e.at)',
        // A person's pending invitations, newest first.
        'CREATE INDEX invitation_at IF NOT EXISTS FOR ()-[i:INVITED_TO]-() ON (i.at)',
      ),
    ],
  },
  {
    version: 16,
    name: 'search',
    // Full-text indexes for searchPeople, searchCircles and searchPosts (src/search). The cjk
    // analyzer splits Latin text into lower-case words and runs of Chinese, Japanese or Korean
    // characters into overlapping pairs, so a two-character fragment of a three-character
    // name is a term of its own (src/search/search.rules.ts). Eventually consistent: the index
    // takes a write just after it commits (within moments), not inside the commit. Kept in the
    // commit, Lucene's update serialised every write of a post, person or circle: 20 posts a
    // second into one circle went from all acknowledged to ten-second timeouts (faults.test.ts).
    // Only what every signed-in person may read is
    // indexed: real names and handles, circles' names and descriptions, post bodies (which
    // a search then filters by the viewer's read access and blocks).
    statements: schema(
      "CREATE FULLTEXT INDEX search_people IF NOT EXISTS FOR (u:User) ON EACH [u.realName, u.handle] OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk', `fulltext.eventually_consistent`: true}}",
      "CREATE FULLTEXT INDEX search_circles IF NOT EXISTS FOR (c:Circle) ON EACH [c.name, c.description] OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk', `fulltext.eventually_consistent`: true}}",
      "CREATE FULLTEXT INDEX search_posts IF NOT EXISTS FOR (p:Post) ON EACH [p.body] OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk', `fulltext.eventually_consistent`: true}}",
    ),
  },
  {
    version: 18,
    name: 'candidate lists',
    // Nothing to backfill: a person's list is computed on their first recommendations page.
    statements: schema(
      // One ranked list of stranger candidates per person, read by id on every page.
      'CREATE CONSTRAINT candidate_list_user IF NOT EXISTS FOR (l:CandidateList) REQUIRE l.userId IS UNIQUE',
      // The sweep: lists computed longest ago, and lists marked changed whose recompute never came.
      'CREATE INDEX candidate_list_computed IF NOT EXISTS FOR (l:CandidateList) ON (l.computedAt)',
      'CREATE INDEX candidate_list_marked IF NOT EXISTS FOR (l:CandidateList) ON (l.markedAt)',
    ),
  },
  {
    version: 19,
    name: 'circle activity log',
    // Nothing to backfill: a circle without a log starts it at 1, and no cursor names it yet.
    statements: schema(
      // circleActivity(after:) reads a circle's entries after a number in index order; unique,
      // so two writers can never share a number (the circle's lock already keeps them apart).
      'CREATE CONSTRAINT circle_log_seq IF NOT EXISTS FOR (e:CircleLogEntry) REQUIRE (e.circleId, e.seq) IS UNIQUE',
      // A resume cursor names its entry by id, not by number: numbers would show a watcher how
      // many events it was not shown (a block's trace); the entry gives the number.
      'CREATE CONSTRAINT circle_log_id IF NOT EXISTS FOR (e:CircleLogEntry) REQUIRE e.id IS UNIQUE',
      // The hourly prune finds entries past the replay window without reading the rest.
      'CREATE INDEX circle_log_at IF NOT EXISTS FOR (e:CircleLogEntry) ON (e.at)',
    ),
  },
  {
    version: 22,
    name: 'invitation ids',
    // A circle's moderators list its pending invitations and withdraw one by id. An answered
    // (or withdrawn) invitation becomes an ANSWERED_INVITATION edge with the same id, so
    // withdrawing it says it was answered rather than that there is no such invitation.
    statements: [
      ...schema("MATCH ()-[i:INVITED_TO]->() WHERE i.id IS NULL SET i.id = randomUUID()"),
      ...schema(
        'CREATE INDEX invitation_id IF NOT EXISTS FOR ()-[i:INVITED_TO]-() ON (i.id)',
        'CREATE INDEX answered_invitation_id IF NOT EXISTS FOR ()-[i:ANSWERED_INVITATION]-() ON (i.id)',
      ),
    ],
  },
  {
    version: 23,
    name: 'kept list counts',
    // A connection's `totalCount` reads a count kept by every write, never the items: here,
    // each person's notifications of each list (src/graph/notifications.ts keeps them after).
    // A circle's posts are its IN degree; those a block hides are found by this index.
    statements: [
      ...schema('CREATE INDEX post_circle_author IF NOT EXISTS FOR (p:Post) ON (p.circleId, p.authorId)'),
      {
        cypher: `MATCH (u:User) CALL (u) {
          SET u.notificationCount = COUNT { MATCH (n:Notification) WHERE n.recipientId = u.id AND n.filtered = false AND n.at IS NOT NULL },
              u.filteredNotificationCount = COUNT { MATCH (n:Notification) WHERE n.recipientId = u.id AND n.filtered = true AND n.at IS NOT NULL }
        } IN TRANSACTIONS OF 2000 ROWS`,
        autoCommit: true,
      },
    ],
  },
  {
    version: 25,
    name: 'kept invitation and report counts',
    // A circle's pending invitations are its INVITED_TO degree less those a block voids, kept
    // per circle (src/graph/invitation-counts.ts keeps it after); those sent by someone the
    // viewer cannot see are found from that person by this index.
    statements: [
      ...schema(
        'CREATE INDEX invitation_by IF NOT EXISTS FOR ()-[i:INVITED_TO]-() ON (i.byId)',
        // The report queues' counts (src/graph/report-counts.ts): reports on a person's content.
        'CREATE INDEX report_owner IF NOT EXISTS FOR (r:Report) ON (r.ownerId)',
      ),
      // An open report carries a label, so the whole queue is a count Neo4j keeps.
      { cypher: "MATCH (r:Report) WHERE r.status = 'OPEN' CALL (r) { SET r:OpenReport } IN TRANSACTIONS OF 2000 ROWS", autoCommit: true },
      {
        // Only where some are voided: absent means none, as on a circle created since.
        cypher: `MATCH (c:Circle) CALL (c) {
          WITH c, COUNT { MATCH (u:User)-[i:INVITED_TO]->(c) WHERE EXISTS { (u)-[:BLOCKED]-(:User {id: i.byId}) } } AS voided
          WHERE voided > 0
          SET c.voidedInvitations = voided
        } IN TRANSACTIONS OF 2000 ROWS`,
        autoCommit: true,
      },
    ],
  },
  {
    version: 26,
    name: 'members in join order from an index',
    // A circle's member page reads its members in join order from this index and stops at the
    // page's end, as a circle's post page does; expanding from the circle read and sorted
    // every membership, so the page of a circle of 20,000 cost 100,000 database hits.
    statements: [
      {
        cypher: `MATCH ()-[m:MEMBER_OF]->(c:Circle) WHERE m.circleId IS NULL
          CALL (m, c) { SET m.circleId = c.id } IN TRANSACTIONS OF 5000 ROWS`,
        autoCommit: true,
      },
      ...schema('CREATE INDEX member_circle_joined IF NOT EXISTS FOR ()-[m:MEMBER_OF]-() ON (m.circleId, m.joinedAt)'),
    ],
  },
  {
    version: 27,
    name: "a circle's owners from an index",
    // Leaving a circle, a moderation step and closing an account count the circle's owners;
    // filtered by role over the circle's memberships, that read every membership (about
    // 200,000 database hits in the largest circle of the 1,000,000-person benchmark graph).
    statements: schema('CREATE INDEX member_circle_role IF NOT EXISTS FOR ()-[m:MEMBER_OF]-() ON (m.circleId, m.role)'),
  },
];

/** Applies the migrations this database has not seen yet; returns their versions. */
export async function migrate(database: Database, migrations: Migration[] = MIGRATIONS): Promise<number[]> {
  const db = database.forRequest();
  const appliedRows = await db.read((q) => q.rows<{ version: number }>('MATCH (m:SchemaMigration) RETURN m.version AS version'));
  const applied = new Set(appliedRows.map((row) => row.version));
  const done: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    // Schema changes may not share a transaction with data writes: one transaction each.
    for (const statement of migration.statements) {
      if (statement.autoCommit) await database.autoCommit(statement.cypher, statement.params);
      else await db.write((q) => q.rows(statement.cypher, statement.params));
    }
    await db.write((q) =>
      q.rows('MERGE (m:SchemaMigration {version: $version}) ON CREATE SET m.name = $name, m.appliedAt = datetime()', {
        version: int(migration.version),
        name: migration.name,
      }),
    );
    done.push(migration.version);
  }
  if (done.length > 0) await db.write((q) => q.rows('CALL db.awaitIndexes(60)'));
  return done;
}
