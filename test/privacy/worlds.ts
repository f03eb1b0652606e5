/**
 * Worlds: a small social graph drawn by fast-check, turned into two action lists (world A
 * and world B) that differ only in one hidden thing, and built from scratch on an empty
 * database through the public API, so denormalised data comes from the real code paths.
 *
 * Ids are coupled: each person, circle and post gets, right after it is created (before
 * anything refers to it), an id derived from the pair's salt and its logical name, the
 * same in both worlds. Lists that break ties by id then order the same way in both, as
 * the randomness of ids is shared rather than compared; the salt is drawn, so each pair
 * sees another id order. People sign in again after the change.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { Role } from '../../src/auth/roles.js';
import type { Database } from '../../src/db/database.js';
import { deleteAllData } from '../../src/db/maintenance.js';
import { migrate } from '../../src/db/migrations.js';
import type { GraphQLClient } from '../helpers/client.js';
import { PASSWORD } from '../helpers/people.js';

// ---------------------------------------------------------------------------------------
// Secret kinds

export const SECRET_KINDS = ['private-score', 'band-score', 'connections-only-score', 'private-vouch', 'block'] as const;
/** `control` builds the same world twice: any difference is the harness's, not a leak. */
export type SecretKind = (typeof SECRET_KINDS)[number] | 'control';

export const KIND_DESCRIPTIONS: Record<SecretKind, string> = {
  'private-score': 'a PRIVATE person has score X in A and Y in B (or none in one)',
  'band-score': 'a BAND_ONLY person, stranger to the viewer, has two scores in one band',
  'connections-only-score': 'a CONNECTIONS_ONLY person, stranger to the viewer, has score X in A and Y in B (or none)',
  'private-vouch': 'A has a vouch between two other people that B lacks (or rewired, or with another weight)',
  block: 'in A a person asked the viewer to connect, then blocked them; in B that person never existed',
  control: 'A and B are the same world (checks the harness itself)',
};

// ---------------------------------------------------------------------------------------
// Descriptions (what fast-check draws)

const VISIBILITIES = ['PUBLIC', 'BAND_ONLY', 'CONNECTIONS_ONLY', 'PRIVATE'] as const;
type Visibility = (typeof VISIBILITIES)[number];
const BANDS: Array<[number, number]> = [
  [350, 549],
  [550, 599],
  [600, 649],
  [650, 699],
  [700, 950],
];
const PHASES = ['profile', 'interests', 'scores', 'verify'] as const;
type Phase = (typeof PHASES)[number];

export const HANDLES = ['alice', 'bob', 'chen', 'dana', 'eli', 'fang', 'gus', 'hui'] as const;
export const NEVER_EXISTED_HANDLE = 'nobody_here';
export const SENTINEL_HANDLE = 'zz_sentinel';
const REAL_NAMES = ['王芳', '李伟', 'Alice Wang', 'Bob Li', '陈静', 'Dana Zhou', '刘洋', 'Eli Sun'];
const CIRCLE_NAMES = ['Tea lovers', 'Night hikers', 'Go players', 'Film club', 'Morning runners', 'Calligraphy corner'];
const BIOS = [null, 'Tea and long walks.', '喜欢摄影'];

const score = fc.integer({ min: 350, max: 950 });
const pick = (max: number) => fc.nat({ max });

const personArb = fc.record({
  realName: pick(REAL_NAMES.length - 1),
  verified: fc.boolean(),
  history: fc.array(score, { maxLength: 2 }),
  visibility: fc.constantFrom(...VISIBILITIES),
  interests: fc.uniqueArray(pick(5), { maxLength: 3 }),
  bio: pick(BIOS.length - 1),
  /** An index into the schema's VouchVisibility values, where the schema has them. */
  vouchVisibility: pick(5),
});

const circleArb = fc.record({
  founder: pick(7),
  name: pick(CIRCLE_NAMES.length - 1),
  interests: fc.uniqueArray(pick(5), { minLength: 1, maxLength: 2 }),
  minCreditScore: fc.option(fc.integer({ min: 35, max: 95 }).map((n) => n * 10), { nil: null }),
  requiresVerified: fc.boolean(),
  membersOnly: fc.boolean(),
  joiners: fc.array(fc.record({ person: pick(7), acknowledge: fc.constantFrom(true, true, true, false) }), { maxLength: 5 }),
  moderator: fc.option(pick(7), { nil: null }),
  /** People its founder invites (members among them are refused: they need no invitation). */
  invites: fc.array(pick(7), { maxLength: 2 }),
});

const pair = fc.record({ a: pick(7), b: pick(7) });

export const descriptionArb = fc.record({
  people: fc.array(personArb, { minLength: 4, maxLength: 8 }),
  circles: fc.array(circleArb, { minLength: 1, maxLength: 3 }),
  posts: fc.array(fc.record({ author: pick(7), circle: pick(2), edited: fc.boolean() }), { maxLength: 6 }),
  /** Comments on drawn posts, some replying to an earlier comment, some removed by their author. */
  comments: fc.array(fc.record({ author: pick(7), post: pick(5), replyTo: fc.option(pick(5), { nil: null }), removed: fc.boolean() }), { maxLength: 6 }),
  reactions: fc.array(fc.record({ person: pick(7), post: pick(5), kind: fc.constantFrom('LIKE', 'LOVE', 'WOW') }), { maxLength: 6 }),
  /** Reports of posts (by index), for the circles' moderators' queues. */
  reports: fc.array(fc.record({ reporter: pick(7), post: pick(5) }), { maxLength: 3 }),
  trusts: fc.array(fc.record({ from: pick(7), to: pick(7), weight: fc.constantFrom(0.25, 0.5, 0.75, 1) }), { maxLength: 10 }),
  connections: fc.array(pair, { maxLength: 4 }),
  /** Messages between connected people (others are refused), each maybe marked read by its recipient. */
  messages: fc.array(fc.record({ from: pick(7), to: pick(7), read: fc.boolean() }), { maxLength: 6 }),
  pending: fc.array(pair, { maxLength: 3 }),
  blocks: fc.array(pair, { maxLength: 2 }),
  phases: fc.shuffledSubarray([...PHASES], { minLength: PHASES.length, maxLength: PHASES.length }),
  viewer: pick(7),
  /** The viewer's notification policy: the default (new accounts, as everyone here is, filtered) or everything shown. */
  viewerShowsAll: fc.boolean(),
  subject: pick(7),
  idSalt: fc.nat(),
  secret: fc.record({
    x: fc.option(score, { nil: null, freq: 5 }),
    y: fc.option(score, { nil: null, freq: 5 }),
    band: pick(BANDS.length - 1),
    inBand: fc.tuple(fc.nat(1000), fc.nat(1000)),
    /** The first circle's gate falls between the subject's two scores (where its founder allows). */
    gateBetween: fc.boolean(),
    vouch: fc.record({
      variant: fc.constantFrom('extra', 'rewire', 'weight'),
      people: fc.tuple(pick(7), pick(7), pick(7), pick(7)),
      weights: fc.tuple(fc.constantFrom(0.25, 0.5, 1), fc.constantFrom(0.3, 0.75)),
      position: pick(10),
      /** The viewer vouches for the secret vouch's author (in both worlds): paths and mutual trust then pass through it. */
      viewerTrustsAuthor: fc.boolean(),
      /** Where givers choose who sees their vouches: how the author hides this one from the viewer. */
      authorHides: fc.constantFrom('PRIVATE', 'CONNECTIONS_ONLY'),
    }),
  }),
});

export type Description = typeof descriptionArb extends fc.Arbitrary<infer T> ? T : never;

// ---------------------------------------------------------------------------------------
// Plans: what each world does, in order

export interface CirclePlan {
  slug: string;
  name: string;
  description: string;
  interests: string[];
  minCreditScore: number | null;
  requiresVerified: boolean;
  membersOnly: boolean;
}

export type Action =
  | { do: 'signUp'; p: number }
  | { do: 'profile'; p: number; bio: string | null; visibility: Visibility; vouchVisibility?: string }
  | { do: 'interests'; p: number; slugs: string[] }
  | { do: 'verify'; p: number }
  | { do: 'score'; p: number; score: number; observedAt: string }
  | { do: 'createCircle'; p: number; c: number }
  | { do: 'join'; p: number; c: number; ack: boolean }
  | { do: 'moderator'; p: number; c: number; q: number }
  | { do: 'post'; p: number; c: number; post: string; body: string }
  | { do: 'edit'; p: number; post: string; body: string }
  | { do: 'delete'; p: number; post: string }
  | { do: 'comment'; p: number; post: string; comment: string; replyTo: string | null; body: string }
  | { do: 'removeComment'; p: number; comment: string }
  | { do: 'react'; p: number; post: string; kind: string }
  | { do: 'leave'; p: number; c: number }
  | { do: 'ban'; p: number; c: number; q: number }
  | { do: 'invite'; p: number; c: number; q: number }
  | { do: 'report'; p: number; post: string }
  | { do: 'trust'; p: number; q: number; weight: number }
  | { do: 'request'; p: number; q: number; message: string }
  | { do: 'accept'; p: number; q: number }
  | { do: 'message'; p: number; q: number; body: string }
  | { do: 'read'; p: number; q: number }
  | { do: 'block'; p: number; q: number }
  | { do: 'notificationPolicy'; p: number; action: 'SHOW' };

/** Everyone an action involves (its actor first). */
export const involved = (action: Action): number[] => [action.p, ...('q' in action ? [action.q] : [])];

export interface WorldPlan {
  label: 'A' | 'B';
  kind: SecretKind;
  handles: string[];
  realNames: string[];
  circles: CirclePlan[];
  /** The build, in order. */
  actions: Action[];
  /** Writes made while the viewer watches live, in order. */
  live: Action[];
  viewer: number;
  /** The people the secret is about: mutation probes name them. */
  secretPeople: number[];
  /** People who do not exist in this world. */
  absent: number[];
  idSalt: number;
}

/** Whether joining or founding a credit-gated circle takes `acknowledgeDisclosure` (read from the schema). */
export interface Consent {
  join: { type: string } | null;
  create: { where: 'argument' | 'input'; type: string } | null;
}

/** What the schema lets a world express, read by introspection. */
export interface Capabilities {
  consent: Consent;
  /**
   * The values of `UpdateProfileInput.vouchVisibility` where givers choose who sees their
   * vouches; null where vouch lists are their owners' alone.
   */
  vouchVisibilities: string[] | null;
}

export interface PairPlan {
  a: WorldPlan;
  b: WorldPlan;
  /** What the pair hides, in words, for failure messages. */
  secret: string;
}

const observedAt = (index: number) => new Date(Date.UTC(2024, 0, 1 + index)).toISOString();
const current = (history: number[]) => (history.length > 0 ? history.at(-1)! : null);

/**
 * The two worlds of a pair. Repairs keep the draw meaningful: indices wrap around, the
 * viewer is never the subject, founders pass their own gates in both worlds, a block's
 * author founds no circle, and the viewer's own dealings with the subject that the secret
 * would otherwise change are left out of both worlds.
 */
export function derive(desc: Description, kind: SecretKind, interestPool: string[], caps: Capabilities): PairPlan {
  const { consent, vouchVisibilities } = caps;
  const n = desc.people.length;
  const viewer = desc.viewer % n;
  let subject = desc.subject % n;
  if (subject === viewer) subject = (viewer + 1) % n;
  const people = desc.people.map((p) => ({
    ...p,
    history: [...p.history],
    vouchVisibility: vouchVisibilities ? vouchVisibilities[p.vouchVisibility % vouchVisibilities.length] : undefined,
  }));
  const secretParts: string[] = [];
  let historyA = new Map<number, number[]>();
  let historyB = new Map<number, number[]>();
  const stranger = kind === 'band-score' || kind === 'connections-only-score';
  const link = (e: { a: number; b: number }) => ({ a: e.a % n, b: e.b % n });
  const between = (e: { a: number; b: number }, x: number, y: number) => (e.a === x && e.b === y) || (e.a === y && e.b === x);
  let connections = desc.connections.map(link).filter((e) => e.a !== e.b);
  let pending = desc.pending.map(link).filter((e) => e.a !== e.b);
  let blocks = desc.blocks.map(link).filter((e) => e.a !== e.b);
  let trusts = desc.trusts.map((t) => ({ from: t.from % n, to: t.to % n, weight: t.weight as number })).filter((t) => t.from !== t.to);

  // The secret's values.
  if (kind === 'private-score' || kind === 'connections-only-score') {
    people[subject]!.visibility = kind === 'private-score' ? 'PRIVATE' : 'CONNECTIONS_ONLY';
    let { x, y } = desc.secret;
    if (x === y) y = x === null ? 700 : null;
    historyA = new Map([[subject, x === null ? [] : [x]]]);
    historyB = new Map([[subject, y === null ? [] : [y]]]);
    secretParts.push(`${HANDLES[subject]} (${people[subject]!.visibility}) has score ${x ?? 'none'} in A, ${y ?? 'none'} in B`);
  } else if (kind === 'band-score') {
    people[subject]!.visibility = 'BAND_ONLY';
    const [lo, hi] = BANDS[desc.secret.band]!;
    const span = hi - lo + 1;
    const x = lo + (desc.secret.inBand[0] % span);
    let y = lo + (desc.secret.inBand[1] % span);
    if (y === x) y = x === hi ? lo : x + 1;
    historyA = new Map([[subject, [x]]]);
    historyB = new Map([[subject, [y]]]);
    secretParts.push(`${HANDLES[subject]} (BAND_ONLY) has score ${x} in A, ${y} in B (band ${lo}–${hi})`);
  }
  if (stranger) connections = connections.filter((e) => !between(e, viewer, subject));

  const secretPeople = [subject];
  let trustsA = trusts;
  let trustsB = trusts;
  if (kind === 'private-vouch') {
    const others = [...Array(n).keys()].filter((p) => p !== viewer);
    const [i1, i2, i3, i4] = desc.secret.vouch.people;
    const x1 = others[i1 % others.length]!;
    const rest1 = others.filter((p) => p !== x1);
    const y1 = rest1[i2 % rest1.length]!;
    let variant = desc.secret.vouch.variant;
    const rest2 = others.filter((p) => p !== x1 && p !== y1);
    if (variant === 'rewire' && rest2.length < 2) variant = 'extra';
    const [w1, w2] = desc.secret.vouch.weights;
    if (desc.secret.vouch.viewerTrustsAuthor) trusts = [...trusts.filter((t) => !(t.from === viewer && t.to === x1)), { from: viewer, to: x1, weight: 1 }];
    const position = desc.secret.vouch.position % (trusts.length + 1);
    const insert = (list: typeof trusts, edges: typeof trusts) => [...list.slice(0, position), ...edges, ...list.slice(position)];
    // Where givers choose who sees their vouches, the secret one's author hides it from the viewer.
    const hide = (author: number) => {
      if (!vouchVisibilities) return;
      const wanted = desc.secret.vouch.authorHides;
      const choice = vouchVisibilities.includes(wanted) ? wanted : vouchVisibilities.find((v) => v === 'PRIVATE' || v === 'CONNECTIONS_ONLY');
      if (!choice) throw new Error(`harness: no vouch visibility hides a vouch (${vouchVisibilities.join(', ')})`);
      people[author]!.vouchVisibility = choice;
      if (choice === 'CONNECTIONS_ONLY') connections = connections.filter((e) => !between(e, viewer, author));
    };
    hide(x1);
    if (variant === 'rewire') {
      const x2 = rest2[i3 % rest2.length]!;
      hide(x2);
      const y2 = rest2.filter((p) => p !== x2)[i4 % (rest2.length - 1)]!;
      const touched = new Set([`${x1}>${y1}`, `${x2}>${y2}`, `${x1}>${y2}`, `${x2}>${y1}`]);
      trusts = trusts.filter((t) => !touched.has(`${t.from}>${t.to}`));
      trustsA = insert(trusts, [{ from: x1, to: y1, weight: w1 }, { from: x2, to: y2, weight: w1 }]);
      trustsB = insert(trusts, [{ from: x1, to: y2, weight: w1 }, { from: x2, to: y1, weight: w1 }]);
      secretPeople.splice(0, 1, x1, y1, x2, y2);
      secretParts.push(`A: ${HANDLES[x1]}→${HANDLES[y1]} and ${HANDLES[x2]}→${HANDLES[y2]}; B: ${HANDLES[x1]}→${HANDLES[y2]} and ${HANDLES[x2]}→${HANDLES[y1]} (every count the same)`);
    } else {
      trusts = trusts.filter((t) => !(t.from === x1 && t.to === y1));
      trustsA = insert(trusts, [{ from: x1, to: y1, weight: w1 }]);
      trustsB = variant === 'weight' ? insert(trusts, [{ from: x1, to: y1, weight: w2 }]) : trusts;
      secretPeople.splice(0, 1, x1, y1);
      secretParts.push(
        variant === 'weight'
          ? `${HANDLES[x1]} vouches for ${HANDLES[y1]} with weight ${w1} in A, ${w2} in B`
          : `A has ${HANDLES[x1]}→${HANDLES[y1]} (weight ${w1}); B has no such vouch`,
      );
    }
  }
  if (kind === 'block') {
    // The viewer's own dealings with the blocker would tell the viewer the blocker exists.
    connections = connections.filter((e) => !between(e, viewer, subject));
    pending = pending.filter((e) => !(e.a === viewer && e.b === subject));
    blocks = blocks.filter((e) => !between(e, viewer, subject));
    trustsA = trustsB = trusts = trusts.filter((t) => !(t.from === viewer && t.to === subject));
    secretParts.push(`in A ${HANDLES[subject]} asked ${HANDLES[viewer]} to connect, then blocked them; in B ${HANDLES[subject]} never existed`);
  }
  if (kind === 'control') secretParts.push('none: A and B are the same world');

  const scoreIn = (history: Map<number, number[]>, p: number) => current(history.get(p) ?? people[p]!.history);
  const founderOk = (p: number) => kind !== 'block' || p !== subject;
  const consentGiven = (p: number, c: CirclePlan, wanted: boolean) => {
    if (!consent.join || c.minCreditScore === null) return wanted;
    if (p !== subject || !['private-score', 'band-score', 'connections-only-score'].includes(kind)) return wanted;
    // Consent reveals "at least the gate": the worlds must agree on it, or the subject withholds consent.
    const [a, b] = [scoreIn(historyA, p), scoreIn(historyB, p)];
    const passes = (s: number | null) => s !== null && s >= c.minCreditScore!;
    return wanted && passes(a) === passes(b);
  };

  const [secretA, secretB] = [scoreIn(historyA, subject), scoreIn(historyB, subject)];
  const gateBetween = desc.secret.gateBetween && historyA.size > 0 && secretA !== null && secretB !== null && secretA !== secretB;
  // Such a gate needs a founder who passes it: the drawn founder, with the best score (someone else if that is the subject).
  let gateFounder: number | null = null;
  if (gateBetween) {
    gateFounder = desc.circles[0]!.founder % n === subject ? (subject + 1) % n : desc.circles[0]!.founder % n;
    people[gateFounder]!.history = [950];
  }
  const circles: CirclePlan[] = [];
  const founders: number[] = [];
  const circleActions: Action[] = [];
  const joinActions: Action[] = [];
  const moderatorActions: Action[] = [];
  desc.circles.forEach((c, i) => {
    let founder = i === 0 && gateFounder !== null ? gateFounder : c.founder % n;
    if (!founderOk(founder)) founder = [...Array(n).keys()].find((p) => founderOk(p))!;
    const scores = [scoreIn(historyA, founder), scoreIn(historyB, founder)];
    let minCreditScore = i === 0 && gateBetween ? Math.max(secretA!, secretB!) : c.minCreditScore;
    if (minCreditScore !== null) minCreditScore = scores.some((s) => s === null) ? null : Math.min(minCreditScore, ...(scores as number[]));
    const name = `${CIRCLE_NAMES[c.name]} ${i}`;
    const plan: CirclePlan = {
      slug: `c${i}-${CIRCLE_NAMES[c.name]!.toLowerCase().replace(/ /g, '-')}`,
      name,
      description: `About ${name.toLowerCase()}.`,
      interests: c.interests.map((k) => interestPool[k % interestPool.length]!),
      minCreditScore,
      requiresVerified: c.requiresVerified && people[founder]!.verified && !(i === 0 && gateBetween),
      membersOnly: c.membersOnly,
    };
    circles.push(plan);
    founders.push(founder);
    circleActions.push({ do: 'createCircle', p: founder, c: i });
    const joined = new Set([founder]);
    for (const joiner of c.joiners) {
      const p = joiner.person % n;
      if (joined.has(p)) continue;
      joined.add(p);
      joinActions.push({ do: 'join', p, c: i, ack: consent.join ? consentGiven(p, plan, joiner.acknowledge) : true });
    }
    if (c.moderator !== null && c.moderator % n !== founder) moderatorActions.push({ do: 'moderator', p: founder, c: i, q: c.moderator % n });
    for (const invitee of c.invites) if (invitee % n !== founder) moderatorActions.push({ do: 'invite', p: founder, c: i, q: invitee % n });
  });

  const postActions: Action[] = [];
  desc.posts.forEach((post, i) => {
    const p = post.author % n;
    const c = post.circle % circles.length;
    postActions.push({ do: 'post', p, c, post: `post:${i}`, body: `Post ${i} by ${HANDLES[p]}` });
    if (post.edited) postActions.push({ do: 'edit', p, post: `post:${i}`, body: `Post ${i} by ${HANDLES[p]}, edited` });
  });
  if (desc.posts.length > 0) {
    // Nobody reports their own post (BAD_USER_INPUT, a refusal no world expects).
    for (const r of desc.reports) {
      const k = r.post % desc.posts.length;
      if (desc.posts[k]!.author % n !== r.reporter % n) postActions.push({ do: 'report', p: r.reporter % n, post: `post:${k}` });
    }
  }

  // Comments and reactions on the drawn posts (an action on a post or comment that was never
  // made, or is refused, is skipped or logged like any other).
  const discussionActions: Action[] = [];
  desc.comments.forEach((c, i) => {
    const p = c.author % n;
    const post = `post:${c.post % Math.max(desc.posts.length, 1)}`;
    const replyTo = c.replyTo !== null && c.replyTo < i ? `comment:${c.replyTo}` : null;
    discussionActions.push({ do: 'comment', p, post, comment: `comment:${i}`, replyTo, body: `Comment ${i} by ${HANDLES[p]}` });
    if (c.removed) discussionActions.push({ do: 'removeComment', p, comment: `comment:${i}` });
  });
  desc.reactions.forEach((r) => discussionActions.push({ do: 'react', p: r.person % n, post: `post:${r.post % Math.max(desc.posts.length, 1)}`, kind: r.kind }));

  const seenPairs = new Set<string>();
  const connectionActions: Action[] = [];
  for (const e of connections) {
    const key = [Math.min(e.a, e.b), Math.max(e.a, e.b)].join('-');
    if (seenPairs.has(key)) continue;
    seenPairs.add(key);
    connectionActions.push({ do: 'request', p: e.a, q: e.b, message: `Hello from ${HANDLES[e.a]}` }, { do: 'accept', p: e.b, q: e.a });
  }
  const messageActions: Action[] = [];
  desc.messages.forEach((m, i) => {
    const [p, q] = [m.from % n, m.to % n];
    if (!connectionActions.some((a) => a.do === 'accept' && involved(a).includes(p) && involved(a).includes(q)) || p === q) return;
    messageActions.push({ do: 'message', p, q, body: `Message ${i} from ${HANDLES[p]}` });
    if (m.read) messageActions.push({ do: 'read', p: q, q: p });
  });
  const pendingActions: Action[] = [];
  for (const e of pending) {
    const key = [Math.min(e.a, e.b), Math.max(e.a, e.b)].join('-');
    if (seenPairs.has(key)) continue;
    seenPairs.add(key);
    pendingActions.push({ do: 'request', p: e.a, q: e.b, message: `May I connect, ${HANDLES[e.b]}?` });
  }
  const blockKeys = new Set<string>();
  const blockActions: Action[] = [];
  for (const e of blocks) {
    if (blockKeys.has(`${e.a}>${e.b}`)) continue;
    blockKeys.add(`${e.a}>${e.b}`);
    blockActions.push({ do: 'block', p: e.a, q: e.b });
  }
  const dedupeTrusts = (list: typeof trusts): Action[] => {
    const seen = new Set<string>();
    return list.flatMap((t) => (seen.has(`${t.from}>${t.to}`) ? [] : (seen.add(`${t.from}>${t.to}`), [{ do: 'trust' as const, p: t.from, q: t.to, weight: t.weight }])));
  };

  const phaseActions = (history: Map<number, number[]>, phase: Phase): Action[] =>
    people.flatMap((person, p): Action[] => {
      switch (phase) {
        case 'profile':
          return [{ do: 'profile', p, bio: BIOS[person.bio]!, visibility: person.visibility, ...(person.vouchVisibility ? { vouchVisibility: person.vouchVisibility } : {}) }];
        case 'interests':
          return person.interests.length > 0 ? [{ do: 'interests', p, slugs: person.interests.map((k) => interestPool[k % interestPool.length]!) }] : [];
        case 'verify':
          return person.verified ? [{ do: 'verify', p }] : [];
        case 'scores':
          return (history.get(p) ?? person.history).map((s, k) => ({ do: 'score' as const, p, score: s, observedAt: observedAt(k) }));
      }
    });

  // While the viewer watches: the subject tries every circle, people post, the subject edits,
  // deletes, is banned and leaves, everyone writes to the viewer (only their connections
  // may) and asks them to connect (notifications, when the viewer's policy shows new accounts).
  const live: Action[] = [];
  circles.forEach((circle, c) => live.push({ do: 'join', p: subject, c, ack: consentGiven(subject, circle, true) }));
  // In each circle the subject posts, and so does its founder (or, if that is the subject or the viewer, someone else).
  circles.forEach((_, c) => {
    const other = [founders[c]!, ...Array(n).keys()].find((p) => p !== viewer && p !== subject)!;
    for (const p of [subject, other]) live.push({ do: 'post', p, c, post: `post:live:${c}:${p}`, body: `Live post by ${HANDLES[p]} in circle ${c}` });
  });
  if (circles.length > 0) {
    live.push({ do: 'edit', p: subject, post: `post:live:0:${subject}`, body: `Live post by ${HANDLES[subject]}, edited` });
    live.push({ do: 'delete', p: subject, post: `post:live:0:${subject}` });
    if (founders[0] !== subject) live.push({ do: 'ban', p: founders[0]!, c: 0, q: subject });
    if (circles.length > 1) live.push({ do: 'leave', p: subject, c: circles.length - 1 });
  }
  for (let p = 0; p < n; p++) if (p !== viewer) live.push({ do: 'message', p, q: viewer, body: `Live message from ${HANDLES[p]}` });
  for (let p = 0; p < n; p++) if (p !== viewer) live.push({ do: 'request', p, q: viewer, message: `Live request from ${HANDLES[p]}` });

  const build = (label: 'A' | 'B', history: Map<number, number[]>, trustList: typeof trusts): WorldPlan => {
    let actions: Action[] = [
      ...people.map((_, p): Action => ({ do: 'signUp', p })),
      ...desc.phases.flatMap((phase) => phaseActions(history, phase)),
      ...circleActions,
      ...joinActions,
      ...moderatorActions,
      ...postActions,
      ...discussionActions,
      ...dedupeTrusts(trustList),
      ...connectionActions,
      ...messageActions,
      ...pendingActions,
      ...blockActions,
    ];
    if (desc.viewerShowsAll) actions.splice(people.length, 0, { do: 'notificationPolicy', p: viewer, action: 'SHOW' });
    let liveActions = live;
    const absent: number[] = [];
    if (kind === 'block') {
      // In A the subject asked the viewer to connect and the two talked before the block
      // (unread messages and notifications left on both sides), so every surface of
      // conversations and notifications must hide it as if the blocker never existed.
      if (label === 'A') {
        // The subject also took part in the first post's discussion: a thread of their own
        // that someone else (the viewer, if a member) answered, a reply, a reaction.
        const other = [...Array(n).keys()].find((p) => p !== subject && p !== viewer) ?? viewer;
        actions.push(
          { do: 'comment', p: subject, post: 'post:0', comment: 'comment:blocker', replyTo: null, body: `A thread by ${HANDLES[subject]}` },
          { do: 'comment', p: viewer, post: 'post:0', comment: 'comment:viewer-in-blocker-thread', replyTo: 'comment:blocker', body: `The viewer answers ${HANDLES[subject]}` },
          { do: 'comment', p: other, post: 'post:0', comment: 'comment:other-in-blocker-thread', replyTo: 'comment:blocker', body: `Someone answers ${HANDLES[subject]}` },
          { do: 'react', p: subject, post: 'post:0', kind: 'LIKE' },
          { do: 'react', p: subject, post: 'post:1', kind: 'WOW' },
        );
        if (desc.comments.length > 0) actions.push({ do: 'comment', p: subject, post: 'post:0', comment: 'comment:blocker-reply', replyTo: 'comment:0', body: `A reply by ${HANDLES[subject]}` });
        actions.push(
          { do: 'request', p: subject, q: viewer, message: `Hello from ${HANDLES[subject]}` },
          { do: 'accept', p: viewer, q: subject },
          { do: 'message', p: subject, q: viewer, body: `Before the block, from ${HANDLES[subject]}` },
          { do: 'message', p: viewer, q: subject, body: `A reply from ${HANDLES[viewer]}` },
          { do: 'message', p: subject, q: viewer, body: `Unread, from ${HANDLES[subject]}` },
          // …and moderated a circle the viewer may read: made a moderator (logged), invited the
          // viewer, reported a post; none of it may show once the block is in place.
          ...(circles.length > 0
            ? ([
                { do: 'join', p: subject, c: 0, ack: consentGiven(subject, circles[0]!, true) },
                { do: 'moderator', p: founders[0]!, c: 0, q: subject },
                { do: 'invite', p: subject, c: 0, q: viewer },
                ...postActions.filter((a): a is Extract<Action, { do: 'post' }> => a.do === 'post' && a.c === 0 && a.p !== subject).slice(0, 1).map((a): Action => ({ do: 'report', p: subject, post: a.post })),
              ] satisfies Action[])
            : []),
          { do: 'block', p: subject, q: viewer },
        );
      }
      else {
        absent.push(subject);
        actions = actions.filter((action) => !involved(action).includes(subject));
        liveActions = live.filter((action) => !involved(action).includes(subject));
      }
    }
    return {
      label,
      kind,
      handles: people.map((_, p) => HANDLES[p]!),
      realNames: people.map((person) => REAL_NAMES[person.realName]!),
      circles,
      actions,
      live: liveActions,
      viewer,
      secretPeople: [...new Set(secretPeople)],
      absent,
      idSalt: desc.idSalt,
    };
  };
  return { a: build('A', historyA, trustsA), b: build('B', historyB, trustsB), secret: secretParts.join('; ') };
}

// ---------------------------------------------------------------------------------------
// Building a world

/** An id derived from the pair's salt and a logical name: the same entity gets the same id in both worlds. */
export function coupledId(salt: number, name: string): string {
  const hex = createHash('sha256').update(`${salt}:${name}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[parseInt(hex[16]!, 16) % 4]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Empties the database as the test setup does, keeping the schema and the interest catalogue. */
export async function wipe(database: Database): Promise<void> {
  await deleteAllData(database);
  // deleteAllData keeps the migration log and the catalogue; migrate restores anything missing.
  await migrate(database);
  // The marker global-setup writes, so later runs still know this database as the tests' own.
  await database.forRequest().write((q) => q.rows('MERGE (:QuanziTestDatabase)'));
}

/**
 * Gives the node whose id is `from` the id `to`, and every property anywhere that holds
 * `from` (right after creation: only the copies `couple` expects). Returns how many it changed.
 */
async function recouple(database: Database, from: string, to: string): Promise<number> {
  const db = database.forRequest();
  const found = await db.read((q) =>
    q.rows<{ element: string; keys: string[]; node: boolean }>(
      `MATCH (n) WITH n, [k IN keys(n) WHERE n[k] = $from] AS keys WHERE size(keys) > 0 RETURN elementId(n) AS element, keys, true AS node
       UNION ALL
       MATCH ()-[r]->() WITH r, [k IN keys(r) WHERE r[k] = $from] AS keys WHERE size(keys) > 0 RETURN elementId(r) AS element, keys, false AS node`,
      { from },
    ),
  );
  for (const { element, keys, node } of found) {
    for (const key of keys) {
      const safe = key.replace(/`/g, '');
      await db.write((q) =>
        q.rows(node ? `MATCH (n) WHERE elementId(n) = $element SET n.\`${safe}\` = $to` : `MATCH ()-[n]->() WHERE elementId(n) = $element SET n.\`${safe}\` = $to`, { element, to }),
      );
    }
  }
  return found.reduce((count, row) => count + row.keys.length, 0);
}

export interface GraphQLAnswer {
  status: number;
  data: Record<string, unknown> | null | undefined;
  errors: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }> | undefined;
}

/** Answers that say the server ran out of time (deadline, transaction timeout), not what it would answer. */
const unavailable = (answer: GraphQLAnswer) => answer.status === 503 || (answer.errors ?? []).some((error) => error.extensions?.code === 'SERVICE_UNAVAILABLE');

/** How many answers came back SERVICE_UNAVAILABLE and were asked again (reported at the end). */
export const retries = { count: 0 };

/**
 * One GraphQL request. A SERVICE_UNAVAILABLE answer (a request deadline or transaction
 * timeout on a busy machine, most often while Neo4j is still planning its first queries)
 * is asked again, up to three times: timing is not what this suite compares, and reads are
 * safe to repeat. Writes are not repeated.
 */
export async function gql(client: GraphQLClient, query: string, variables: Record<string, unknown>, token?: string): Promise<GraphQLAnswer> {
  const reads = !/^\s*(mutation|subscription)\b/.test(query);
  for (let attempt = 0; ; attempt++) {
    const result = await client.raw<Record<string, unknown>>({ query, variables }, { token });
    const answer = { status: result.status, data: result.data, errors: result.errors as GraphQLAnswer['errors'] };
    if (!reads || attempt === 3 || !unavailable(answer)) return answer;
    retries.count += 1;
  }
}

/** Refusals a build may meet (a gate, a rule, a block); anything else is the harness's mistake. */
const EXPECTED_REFUSALS = new Set(['CREDIT_TOO_LOW', 'VERIFICATION_REQUIRED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'DISCLOSURE_REQUIRED']);

export interface World {
  plan: WorldPlan;
  /** Logical names by id (lower case): people `@handle`, circles `circle:slug`, posts `post:n`. */
  names: Map<string, string>;
  ids: Map<string, string>;
  tokens: Map<number, string>;
  bureau: string;
  verifier: string;
  /** What became of each action: "ok", or the refusal's code. */
  log: Array<{ action: string; outcome: string }>;
}

export interface BuildContext {
  client: GraphQLClient;
  database: Database;
  consent: Consent;
  issueService: (role: Role.CREDIT_BUREAU | Role.IDENTITY_VERIFIER) => string;
}

export function describeAction(action: Action, plan: WorldPlan): string {
  const h = (p: number) => HELPERS[p]?.handle ?? plan.handles[p];
  const c = (i: number) => plan.circles[i]?.slug;
  switch (action.do) {
    case 'signUp':
    case 'verify':
      return `${action.do} ${h(action.p)}`;
    case 'profile':
      return `profile ${h(action.p)} ${action.visibility}${action.vouchVisibility ? ` vouches ${action.vouchVisibility}` : ''}`;
    case 'interests':
      return `interests ${h(action.p)} ${action.slugs.join(',')}`;
    case 'score':
      return `score ${h(action.p)} ${action.score}`;
    case 'createCircle':
      return `createCircle ${h(action.p)} ${c(action.c)}`;
    case 'join':
      return `join ${h(action.p)} ${c(action.c)}${action.ack ? '' : ' (no consent)'}`;
    case 'leave':
      return `leave ${h(action.p)} ${c(action.c)}`;
    case 'moderator':
    case 'ban':
    case 'invite':
      return `${action.do} ${h(action.p)} ${c(action.c)} ${h(action.q)}`;
    case 'report':
      return `report ${h(action.p)} ${action.post}`;
    case 'post':
      return `post ${h(action.p)} ${c(action.c)} ${action.post}`;
    case 'edit':
    case 'delete':
      return `${action.do} ${h(action.p)} ${action.post}`;
    case 'comment':
      return `comment ${h(action.p)} ${action.post} ${action.comment}${action.replyTo ? ` replying to ${action.replyTo}` : ''}`;
    case 'removeComment':
      return `removeComment ${h(action.p)} ${action.comment}`;
    case 'react':
      return `react ${h(action.p)} ${action.post} ${action.kind}`;
    case 'trust':
      return `trust ${h(action.p)}→${h(action.q)} ${action.weight}`;
    case 'request':
    case 'accept':
    case 'message':
    case 'read':
    case 'block':
      return `${action.do} ${h(action.p)}→${h(action.q)}`;
    case 'notificationPolicy':
      return `notificationPolicy ${h(action.p)} ${action.action}`;
  }
}

/**
 * The people who keep subscriptions honest (live.ts): the sentinel is in every circle, the
 * pinger in nothing, the talker connected with the viewer alone (to send them messages).
 */
export const SENTINEL = 99;
export const PINGER = 98;
export const TALKER = 97;
const HELPERS: Record<number, { handle: string; realName: string }> = {
  [SENTINEL]: { handle: SENTINEL_HANDLE, realName: 'Sentinel' },
  [PINGER]: { handle: 'zz_pinger', realName: 'Pinger' },
  [TALKER]: { handle: 'zz_talker', realName: 'Talker' },
};

export async function startWorld(ctx: BuildContext, plan: WorldPlan): Promise<World> {
  const world: World = {
    plan,
    names: new Map(),
    ids: new Map(),
    tokens: new Map(),
    bureau: ctx.issueService(Role.CREDIT_BUREAU),
    verifier: ctx.issueService(Role.IDENTITY_VERIFIER),
    log: [],
  };
  for (const action of plan.actions) await perform(ctx, world, action);
  return world;
}

const handleOf = (world: World, p: number) => HELPERS[p]?.handle ?? world.plan.handles[p]!;

/** Records that `logical` has the id `id` (after coupling). */
export function remember(world: World, logical: string, id: string, display: string) {
  world.ids.set(logical, id);
  world.names.set(id.toLowerCase(), display);
}

/**
 * `copies`: how many properties hold a new entity's id right after it is made — its own id,
 * and any copy a write keeps on purpose (a new circle's id is also on its owner's membership,
 * which the member page's index reads). More means a copy the harness does not know of.
 */
async function couple(ctx: BuildContext, world: World, logical: string, id: string, display: string, copies = 1): Promise<string> {
  const to = coupledId(world.plan.idSalt, logical);
  const changed = await recouple(ctx.database, id, to);
  if (changed !== copies) throw new Error(`harness: coupling ${logical} changed ${changed} properties, not ${copies} — something now stores the new id elsewhere`);
  remember(world, logical, to, display);
  return to;
}

/** Performs one action through the API; a refusal the rules allow is logged, anything else throws. */
export async function perform(ctx: BuildContext, world: World, action: Action, log = true): Promise<GraphQLAnswer> {
  const { client } = ctx;
  const token = world.tokens.get(action.p);
  const h = (p: number) => handleOf(world, p);
  const circle = (c: number) => world.plan.circles[c]!;
  let answer: GraphQLAnswer;
  switch (action.do) {
    case 'signUp': {
      const realName = HELPERS[action.p]?.realName ?? world.plan.realNames[action.p]!;
      answer = await gql(client, 'mutation($input: SignUpInput!) { signUp(input: $input) { token user { id } } }', {
        input: { handle: h(action.p), realName, password: PASSWORD },
      });
      const id = (answer.data?.signUp as { user: { id: string } } | undefined)?.user.id;
      if (!id) break;
      await couple(ctx, world, `person:${h(action.p)}`, id, `@${h(action.p)}`);
      const login = await gql(client, 'mutation($input: LogInInput!) { logIn(input: $input) { token } }', { input: { handle: h(action.p), password: PASSWORD } });
      const fresh = (login.data?.logIn as { token: string } | undefined)?.token;
      if (!fresh) throw new Error(`harness: ${h(action.p)} could not log in after coupling: ${JSON.stringify(login.errors)}`);
      world.tokens.set(action.p, fresh);
      break;
    }
    case 'profile':
      answer = await gql(
        client,
        'mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { id } }',
        { input: { bio: action.bio, scoreVisibility: action.visibility, ...(action.vouchVisibility ? { vouchVisibility: action.vouchVisibility } : {}) } },
        token,
      );
      break;
    case 'interests':
      answer = await gql(client, 'mutation($slugs: [String!]!) { setInterests(slugs: $slugs) { id } }', { slugs: action.slugs }, token);
      break;
    case 'verify':
      answer = await gql(client, 'mutation($handle: String!) { verifyRealName(handle: $handle) { id } }', { handle: h(action.p) }, world.verifier);
      break;
    case 'score': {
      answer = await gql(
        client,
        'mutation($handle: String!, $score: Int!, $observedAt: DateTime!) { recordCreditScore(handle: $handle, score: $score, source: "Sesame Credit", observedAt: $observedAt) { id } }',
        { handle: h(action.p), score: action.score, observedAt: action.observedAt },
        world.bureau,
      );
      // The record's id shows in its owner's creditHistory: coupled like every other id.
      const record = await ctx.database.forRequest().read((q) =>
        q.one<{ id: string }>('MATCH (:User {handle: $handle})-[:HAS_CREDIT_RECORD]->(r:CreditScoreRecord) WHERE r.observedAt = datetime($at) RETURN r.id AS id', {
          handle: h(action.p),
          at: action.observedAt,
        }),
      );
      if (record && !answer.errors) await couple(ctx, world, `record:${h(action.p)}:${action.observedAt}`, record.id, `record:${h(action.p)}:${action.observedAt.slice(0, 10)}`);
      break;
    }
    case 'createCircle': {
      const c = circle(action.c);
      const input: Record<string, unknown> = {
        slug: c.slug,
        name: c.name,
        description: c.description,
        interestSlugs: c.interests,
        minCreditScore: c.minCreditScore,
        requiresVerified: c.requiresVerified,
        membersOnly: c.membersOnly,
      };
      // Founders consent to what founding a gated circle discloses.
      const ack = ctx.consent.create;
      if (ack?.where === 'input') input.acknowledgeDisclosure = true;
      const withArg = ack?.where === 'argument';
      answer = await gql(
        client,
        `mutation($input: CreateCircleInput!${withArg ? `, $ack: ${ack.type}` : ''}) { createCircle(input: $input${withArg ? ', acknowledgeDisclosure: $ack' : ''}) { id } }`,
        withArg ? { input, ack: true } : { input },
        token,
      );
      const id = (answer.data?.createCircle as { id: string } | undefined)?.id;
      if (id) await couple(ctx, world, `circle:${c.slug}`, id, `circle:${c.slug}`, 2);
      break;
    }
    case 'join': {
      const ack = ctx.consent.join;
      answer = await gql(
        client,
        `mutation($slug: String!${ack ? `, $ack: ${ack.type}` : ''}) { joinCircle(slug: $slug${ack ? ', acknowledgeDisclosure: $ack' : ''}) { id } }`,
        ack ? { slug: circle(action.c).slug, ack: action.ack } : { slug: circle(action.c).slug },
        token,
      );
      break;
    }
    case 'leave':
      answer = await gql(client, 'mutation($slug: String!) { leaveCircle(slug: $slug) }', { slug: circle(action.c).slug }, token);
      break;
    case 'moderator':
      answer = await gql(
        client,
        'mutation($slug: String!, $handle: String!) { setMemberRole(circleSlug: $slug, handle: $handle, role: MODERATOR) { role } }',
        { slug: circle(action.c).slug, handle: h(action.q) },
        token,
      );
      break;
    case 'ban':
      answer = await gql(client, 'mutation($slug: String!, $handle: String!) { banMember(circleSlug: $slug, handle: $handle) }', { slug: circle(action.c).slug, handle: h(action.q) }, token);
      break;
    case 'invite':
      answer = await gql(client, 'mutation($slug: String!, $handle: String!) { inviteToCircle(circleSlug: $slug, handle: $handle) { createdAt } }', { slug: circle(action.c).slug, handle: h(action.q) }, token);
      break;
    case 'report': {
      const id = world.ids.get(action.post);
      if (!id) {
        world.log.push({ action: describeAction(action, world.plan), outcome: 'skipped: no such post' });
        return { status: 0, data: null, errors: undefined };
      }
      answer = await gql(client, 'mutation($input: ReportContentInput!) { reportContent(input: $input) { id } }', { input: { subjectId: id, reason: 'SPAM' } }, token);
      break;
    }
    case 'post': {
      answer = await gql(client, 'mutation($input: CreatePostInput!) { createPost(input: $input) { id } }', { input: { circleSlug: circle(action.c).slug, body: action.body } }, token);
      const id = (answer.data?.createPost as { id: string } | undefined)?.id;
      if (id && !action.post.startsWith('post:live')) await couple(ctx, world, action.post, id, action.post);
      else if (id) remember(world, action.post, id, action.post);
      break;
    }
    case 'edit':
    case 'delete': {
      const id = world.ids.get(action.post);
      if (!id) {
        world.log.push({ action: describeAction(action, world.plan), outcome: 'skipped: no such post' });
        return { status: 0, data: null, errors: undefined };
      }
      answer =
        action.do === 'edit'
          ? await gql(client, 'mutation($input: EditPostInput!) { editPost(input: $input) { id } }', { input: { id, body: action.body } }, token)
          : await gql(client, 'mutation($id: ID!) { deletePost(id: $id) }', { id }, token);
      break;
    }
    case 'comment':
    case 'removeComment':
    case 'react': {
      const target = action.do === 'removeComment' ? action.comment : action.post;
      const id = world.ids.get(target);
      const parent = action.do === 'comment' && action.replyTo ? world.ids.get(action.replyTo) : null;
      if (!id || parent === undefined) {
        world.log.push({ action: describeAction(action, world.plan), outcome: `skipped: no such ${parent === undefined ? 'comment' : 'post or comment'}` });
        return { status: 0, data: null, errors: undefined };
      }
      if (action.do === 'comment') {
        answer = await gql(client, 'mutation($input: AddCommentInput!) { addComment(input: $input) { id } }', { input: { postId: id, body: action.body, replyToId: parent } }, token);
        const made = (answer.data?.addComment as { id: string } | undefined)?.id;
        if (made) await couple(ctx, world, action.comment, made, action.comment);
      } else if (action.do === 'removeComment') {
        answer = await gql(client, 'mutation($id: ID!) { deleteComment(id: $id) { id } }', { id }, token);
      } else {
        answer = await gql(client, `mutation($id: ID!) { react(postId: $id, kind: ${action.kind}) { id } }`, { id }, token);
      }
      break;
    }
    case 'trust':
      answer = await gql(client, 'mutation($handle: String!, $weight: Float!) { trustUser(handle: $handle, weight: $weight) { weight } }', { handle: h(action.q), weight: action.weight }, token);
      break;
    case 'request':
      answer = await gql(client, 'mutation($handle: String!, $message: String!) { sendConnectionRequest(handle: $handle, message: $message) { message } }', { handle: h(action.q), message: action.message }, token);
      break;
    case 'accept':
      answer = await gql(client, 'mutation($handle: String!) { respondToConnectionRequest(fromHandle: $handle, accept: true) { status } }', { handle: h(action.q) }, token);
      break;
    case 'message':
      answer = await gql(client, 'mutation($input: SendMessageInput!) { sendMessage(input: $input) { id } }', { input: { toHandle: h(action.q), body: action.body } }, token);
      break;
    case 'read':
      answer = await gql(client, 'mutation($handle: String!) { markConversationRead(withHandle: $handle) { id } }', { handle: h(action.q) }, token);
      break;
    case 'block':
      answer = await gql(client, 'mutation($handle: String!) { blockUser(handle: $handle) }', { handle: h(action.q) }, token);
      break;
    case 'notificationPolicy':
      answer = await gql(
        client,
        'mutation($input: NotificationPolicyInput!) { setNotificationPolicy(input: $input) { id } }',
        { input: { strangers: action.action, unverified: action.action, newAccounts: action.action } },
        token,
      );
      break;
  }
  const codes = (answer!.errors ?? []).map((error) => String(error.extensions?.code));
  const unexpected = codes.filter((code) => !EXPECTED_REFUSALS.has(code));
  if (answer!.status !== 200 || unexpected.length > 0) {
    throw new Error(`harness: ${describeAction(action, world.plan)} in world ${world.plan.label} failed unexpectedly (HTTP ${answer!.status}): ${JSON.stringify(answer!.errors)}`);
  }
  if (log) world.log.push({ action: describeAction(action, world.plan), outcome: codes.length > 0 ? codes.join(',') : 'ok' });
  return answer!;
}
