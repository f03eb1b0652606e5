/**
 * The generated graph as rows, one list per phase, with every stored value worked out here
 * (derived ones too: a person's current score, the bands on INTERESTED_IN, a post's counts,
 * a comment's place) so both loaders write the same graph: generate.ts through batched
 * UNWIND writes, scripts/dataset/bulk-import.ts through Neo4j's offline importer.
 *
 * Generated posts and comments mention nobody, and store no `mentionIds` (readers take a
 * missing list as empty, as for posts written before mentions): the offline importer
 * cannot store an empty list.
 *
 * The rows draw from the seed's random stream, so the phases must be read in order, each
 * once (`rows()` of a later phase continues the stream where the earlier one left it).
 */
import { INTEREST_CATALOGUE } from '../db/interest-catalogue.js';
import { placeValue } from '../graph/comments.js';
import { REACTION_KINDS } from '../graph/reactions.js';
import { strangerBandRank } from '../privacy/credit-visibility.js';
import { buildModel, COMMENTS, CREDIT_SOURCES, DAY, POST_CLOSERS, POST_OPENERS, REPLIES, type DatasetOptions } from './model.js';

/** Who wrote every generated credit record and current score. */
export const SEED_RECORDER = 'seed';

export interface UserRow {
  id: string;
  handle: string;
  realName: string;
  verified: boolean;
  bio: string | null;
  scoreVisibility: string;
  vouchVisibility: string;
  visibleBand: number;
  createdAt: string;
  /** The latest credit record's, or null for a person without a score. */
  creditScore: number | null;
  creditObservedAt: string | null;
  creditRecordedBy: string | null;
  /** The counts of notifications migration 23 keeps (src/graph/notifications.ts): none yet. */
  notificationCount: number;
  filteredNotificationCount: number;
}
export interface CreditRow { userId: string; id: string; score: number; source: string; observedAt: string }
export interface InterestRow { u: string; slug: string; band: number; since: string }
export interface CircleRow {
  id: string;
  slug: string;
  name: string;
  description: string;
  minCreditScore: number | null;
  requiresVerified: boolean;
  createdAt: string;
  interests: string[];
  /** Every generated circle is open to all who pass its gates. */
  membersOnly: boolean;
  joinPolicy: string;
}
export interface MemberRow { u: string; c: string; role: string; joinedAt: string; disclosureAcknowledgedAt: string | null }
/** A relationship between two people; which properties it has depends on its type. */
export interface PairRow { a: string; b: string; at: string; weight?: number; message?: string }
export interface CommentRow {
  id: string;
  author: string;
  threadAuthor: string;
  parentId: string | null;
  thread: number;
  reply: number;
  place: number;
  body: string;
  createdAt: string;
  liveReplies: number;
  removed: boolean;
  /** As addComment keys a comment, so a retried write finds it. */
  idempotencyKey: string;
}
export interface ReactionRow { user: string; kind: string; at: string }
export interface PostRow {
  id: string;
  author: string;
  circle: string;
  body: string;
  createdAt: string;
  editedAt: string | null;
  /** Comments and replies, in the order they were written. */
  comments: CommentRow[];
  reactions: ReactionRow[];
  /** Kept as addComment and react keep them. */
  commentCount: number;
  reactionCounts: number[];
}

/** The relationship types between two people, each with its rows. */
export const PAIR_TYPES = ['TRUSTS', 'CONNECTED', 'REQUESTED', 'BLOCKED'] as const;
export type PairType = (typeof PAIR_TYPES)[number];

export interface GraphRows {
  users: number;
  circles: CircleRow[];
  postCount: number;
  /** Read in this order, each once. */
  userRows(): UserRow[];
  creditRows(): CreditRow[];
  interestRows(): InterestRow[];
  memberRows(): MemberRow[];
  pairRows(type: PairType): PairRow[];
  postRows(): Iterable<PostRow>;
}

export function graphRows(options: DatasetOptions): GraphRows {
  const model = buildModel(options);
  const { random, now, users, circles } = model;
  const iso = (ms: number) => new Date(ms).toISOString();

  // Credit history: one to three observations per scored person; the latest is current.
  const credit: CreditRow[] = [];
  const current = new Map<string, { score: number; observedAt: string }>();
  for (const u of users) {
    if (u.creditScore === null) continue;
    const count = random.int(1, 3);
    for (let k = 0; k < count; k++) {
      const latest = k === count - 1;
      const score = latest ? u.creditScore : Math.round(Math.min(950, Math.max(350, u.creditScore + random.normal(0, 30))));
      const row = { userId: u.id, id: random.uuid(), score, source: random.pick(CREDIT_SOURCES), observedAt: iso(now - (count - 1 - k) * 90 * DAY - random.int(1, 20) * DAY) };
      credit.push(row);
      if (latest) current.set(u.id, row);
    }
  }

  const circleRows: CircleRow[] = circles.map((c) => ({
    id: c.id,
    slug: c.slug,
    name: c.name,
    description: c.description,
    minCreditScore: c.minCreditScore,
    requiresVerified: c.requiresVerified,
    createdAt: c.createdAt.toISOString(),
    interests: c.interests.map((k) => INTEREST_CATALOGUE[k]!.slug),
    membersOnly: false,
    joinPolicy: 'OPEN',
  }));

  const pairsOf = (pairs: Array<[number, number]>, extra: () => Partial<PairRow> = () => ({})): PairRow[] =>
    pairs.map(([a, b]) => ({ a: users[a]!.id, b: users[b]!.id, at: iso(now - random.int(1, 300) * DAY), ...extra() }));
  const pairs: Record<PairType, () => PairRow[]> = {
    TRUSTS: () => model.trust.map(([a, b, weight]) => ({ a: users[a]!.id, b: users[b]!.id, weight, at: iso(now - random.int(1, 400) * DAY) })),
    CONNECTED: () => pairsOf(model.connections),
    REQUESTED: () => pairsOf(model.requests, () => ({ message: `Hi! We are both in ${random.pick(circles).name}. Shall we connect?` })),
    BLOCKED: () => pairsOf(model.blocks),
  };

  /**
   * A post's discussion: a few comments by members of its circle (some with a reply), and
   * reactions. Most posts have 0 to 10 comments (about 3 on average); one in 500 drew a
   * crowd of hundreds.
   */
  function discussionOf(members: readonly number[], createdAt: number) {
    const comments: CommentRow[] = [];
    const at = () => iso(Math.min(now, createdAt + random.int(1, 72) * 3_600_000 + comments.length * 60_000));
    // Arguments are drawn left to right, then the time: the order the seed's stream expects.
    const comment = (id: string, author: string, threadAuthor: string, parentId: string | null, thread: number, reply: number, body: string): CommentRow =>
      ({ id, author, threadAuthor, parentId, thread, reply, place: placeValue(thread, reply), body, createdAt: at(), liveReplies: 0, removed: false, idempotencyKey: `seed:${id}` });
    for (let t = random.chance(0.002) ? random.int(100, 400) : random.geometric(0.3); t > 0; t--) {
      const author = users[random.pick(members)]!.id;
      const thread = comments.length + 1;
      const top = comment(random.uuid(), author, author, null, thread, 0, random.pick(COMMENTS));
      comments.push(top);
      if (random.chance(0.3)) {
        top.liveReplies = 1;
        comments.push(comment(random.uuid(), users[random.pick(members)]!.id, author, top.id, thread, comments.length + 1, random.pick(REPLIES)));
      }
    }
    const reactors = new Set(Array.from({ length: random.geometric(0.35) }, () => users[random.pick(members)]!.id));
    const reactions = [...reactors].map((user) => ({ user, kind: random.chance(0.6) ? 'LIKE' : random.pick(REACTION_KINDS), at: at() }));
    const reactionCounts = REACTION_KINDS.map((kind) => reactions.filter((r) => r.kind === kind).length);
    return { comments, reactions, commentCount: comments.length, reactionCounts };
  }

  return {
    users: users.length,
    circles: circleRows,
    postCount: model.postCount,
    userRows: () =>
      users.map((u) => {
        const score = current.get(u.id);
        return {
          id: u.id,
          handle: u.handle,
          realName: u.realName,
          verified: u.verified,
          bio: u.bio,
          scoreVisibility: u.scoreVisibility,
          vouchVisibility: u.vouchVisibility,
          visibleBand: strangerBandRank(u),
          createdAt: u.createdAt.toISOString(),
          creditScore: score?.score ?? null,
          creditObservedAt: score?.observedAt ?? null,
          creditRecordedBy: score ? SEED_RECORDER : null,
          notificationCount: 0,
          filteredNotificationCount: 0,
        };
      }),
    creditRows: () => credit,
    interestRows: () =>
      users.flatMap((u) => {
        const band = strangerBandRank(u);
        return u.interests.map((k) => ({ u: u.id, slug: INTEREST_CATALOGUE[k]!.slug, band, since: u.createdAt.toISOString() }));
      }),
    // A random member founded the circle (and owns it); the next few moderate. Everyone in
    // a credit-gated circle consented to what it discloses, as joinCircle requires.
    memberRows: () =>
      circles.flatMap((c) => {
        const start = random.int(0, c.members.length - 1);
        const ordered = [...c.members.slice(start), ...c.members.slice(0, start)];
        return ordered.map((u, rank) => {
          const joinedAt = iso(rank === 0 ? c.createdAt.getTime() : Math.max(c.createdAt.getTime(), users[u]!.createdAt.getTime()) + random.int(1, 20) * DAY);
          return {
            u: users[u]!.id,
            c: c.id,
            role: rank === 0 ? 'OWNER' : rank <= Math.min(3, c.members.length / 20) ? 'MODERATOR' : 'MEMBER',
            joinedAt,
            disclosureAcknowledgedAt: c.minCreditScore === null ? null : joinedAt,
          };
        });
      }),
    pairRows: (type) => pairs[type](),
    *postRows() {
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
    },
  };
}
