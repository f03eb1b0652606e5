/**
 * The generated graph, built in memory from a seed before generate.ts writes it.
 *
 * Shapes: interest popularity is Zipf-like; circle sizes are heavy-tailed; trust edges
 * grow by preferential attachment (people trust those already trusted); connections,
 * requests and blocks mostly form between people who share a circle; credit scores
 * spread over every band and visibility choice, each with a dated history.
 */
import { INTEREST_CATALOGUE } from '../db/interest-catalogue.js';
import { ScoreVisibility } from '../privacy/credit-bands.js';
import { VouchVisibility } from '../privacy/vouch-visibility.js';
import { CITIES, GIVEN_CHARACTERS, SURNAMES } from './names.js';
import { Random, WeightedPicker, zipfWeights } from './random.js';

export interface DatasetOptions {
  users: number;
  seed: number;
  /** Every generated person gets this password hash (hash once; scrypt is slow on purpose). */
  passwordHash: string;
  /** Timestamps are laid out backwards from here. */
  now?: Date;
  batchSize?: number;
  /** Handles of people created first, in order (the demo accounts). */
  namedHandles?: string[];
  onProgress?: (phase: string, done: number, total: number) => void;
}

export interface GeneratedUser {
  id: string;
  handle: string;
  realName: string;
  verified: boolean;
  bio: string | null;
  scoreVisibility: ScoreVisibility;
  vouchVisibility: VouchVisibility;
  creditScore: number | null;
  interests: number[];
  circles: number[];
  createdAt: Date;
}

export interface GeneratedCircle {
  id: string;
  slug: string;
  name: string;
  description: string;
  interests: number[];
  minCreditScore: number | null;
  requiresVerified: boolean;
  members: number[];
  createdAt: Date;
}

export const DAY = 86_400_000;
/** Two in five vouch publicly, two in five for their connections, one in five privately. */
const VOUCH_VISIBILITY_CYCLE = [VouchVisibility.PUBLIC, VouchVisibility.CONNECTIONS_ONLY, VouchVisibility.PUBLIC, VouchVisibility.PRIVATE, VouchVisibility.CONNECTIONS_ONLY];
export const CREDIT_SOURCES = ['Sesame Credit', 'Pengyuan Credit', 'Quanzi Trust Bureau'];
const VISIBILITY_MIX: Array<[ScoreVisibility, number]> = [
  [ScoreVisibility.BAND_ONLY, 0.5],
  [ScoreVisibility.PUBLIC, 0.2],
  [ScoreVisibility.CONNECTIONS_ONLY, 0.15],
  [ScoreVisibility.PRIVATE, 0.15],
];
export const COMMENTS = ['Count me in!', 'Great question.', 'I had the same experience.', 'Where exactly?', 'Thanks for sharing.', '同意！', '下次一起去吧。'];
export const REPLIES = ['Agreed.', 'Same here.', 'Good point, thanks.', 'See you there!', '哈哈，是的。'];
export const POST_OPENERS = [
  'Anyone around this weekend for',
  'Just tried something new in',
  'Looking for people who are into',
  'Beginner question about',
  'Sharing my notes on',
  'Best place in town for',
  'Three things I learned about',
  'Who else stayed up late with',
];
export const POST_CLOSERS = [
  'Happy to meet up and compare notes.',
  'Recommendations welcome!',
  'Photos in the comments later.',
  'Would love to hear how others do it.',
  'Thanks to everyone who helped last time.',
  '',
];

const pairKey = (a: number, b: number) => (a < b ? a * 4_194_304 + b : b * 4_194_304 + a);

/** Builds the whole graph in memory (compact: indexes, not objects, for relationships). */
export function buildModel(options: DatasetOptions) {
  const random = new Random(options.seed);
  const now = options.now?.getTime() ?? Date.now();
  const n = options.users;
  const interestCount = INTEREST_CATALOGUE.length;
  // Popularity order is shuffled by the seed, so the Zipf head is not alphabetical.
  const interestOrder = random.shuffle([...Array(interestCount).keys()]);
  const interestPicker = new WeightedPicker(zipfWeights(interestCount, 1.1));
  const drawInterest = () => interestOrder[interestPicker.pick(random)]!;
  const surnamePicker = new WeightedPicker(zipfWeights(SURNAMES.length, 0.8));

  const users: GeneratedUser[] = [];
  for (let i = 0; i < n; i++) {
    const [surname, surnamePinyin] = SURNAMES[surnamePicker.pick(random)]!;
    const given = Array.from({ length: random.chance(0.7) ? 2 : 1 }, () => random.pick(GIVEN_CHARACTERS));
    const pinyin = surnamePinyin + given.map(([, p]) => p).join('');
    const interests = new Set<number>();
    const wanted = random.int(3, 8);
    while (interests.size < wanted) interests.add(drawInterest());
    // Named (demo) accounts are verified, with a good score shown as a band: the common case.
    const named = i < (options.namedHandles?.length ?? 0);
    const visibilityRoll = random.float();
    let acc = 0;
    const scoreVisibility = named
      ? ScoreVisibility.BAND_ONLY
      : (VISIBILITY_MIX.find(([, p]) => (acc += p) > visibilityRoll)?.[0] ?? ScoreVisibility.BAND_ONLY);
    const drawnScore = Math.round(Math.min(950, Math.max(350, random.normal(650, 75))));
    users.push({
      id: random.uuid(),
      handle: options.namedHandles?.[i] ?? `${pinyin}_${i.toString(36)}`.slice(0, 30),
      realName: surname + given.map(([h]) => h).join(''),
      verified: named || random.chance(0.6),
      bio: random.chance(0.5) ? `Into ${[...interests].slice(0, 2).map((k) => INTEREST_CATALOGUE[k]!.name.toLowerCase()).join(' and ')}.` : null,
      scoreVisibility,
      // Cycled, not drawn: the seeded graph stays the one earlier seeds made.
      vouchVisibility: named ? VouchVisibility.PUBLIC : VOUCH_VISIBILITY_CYCLE[i % VOUCH_VISIBILITY_CYCLE.length]!,
      creditScore: named ? Math.max(drawnScore, 712) : random.chance(0.85) ? drawnScore : null,
      interests: [...interests],
      circles: [],
      createdAt: new Date(now - random.int(30, 720) * DAY),
    });
  }

  // Circles: about one popular-ish interest (plus maybe others); sizes follow a Zipf tail.
  const circleCount = Math.max(24, Math.round(n / 50));
  const circles: GeneratedCircle[] = [];
  const circlesByInterest: number[][] = Array.from({ length: interestCount }, () => []);
  for (let c = 0; c < circleCount; c++) {
    const main = drawInterest();
    const extra = random.chance(0.4) ? [drawInterest()] : [];
    const city = random.pick(CITIES);
    const interestName = INTEREST_CATALOGUE[main]!.name;
    const gate = random.float();
    circles.push({
      id: random.uuid(),
      slug: `${city.toLowerCase().replace(/[^a-z]/g, '')}-${INTEREST_CATALOGUE[main]!.slug}-${c.toString(36)}`.slice(0, 48),
      name: `${city} ${interestName}`,
      description: `People in ${city} who love ${interestName.toLowerCase()}. Real names, good manners.`,
      interests: [...new Set([main, ...extra])],
      minCreditScore: gate < 0.08 ? 700 : gate < 0.15 ? 650 : gate < 0.2 ? 600 : null,
      requiresVerified: random.chance(0.1),
      members: [],
      createdAt: new Date(now - random.int(60, 900) * DAY),
    });
    circlesByInterest[main]!.push(c);
  }
  const circlePopularity = zipfWeights(circleCount, 0.9);
  const globalCirclePicker = new WeightedPicker(circlePopularity);
  const interestCirclePickers = circlesByInterest.map((list) =>
    list.length ? { list, picker: new WeightedPicker(list.map((c) => circlePopularity[c]!)) } : null,
  );
  const mayJoin = (u: GeneratedUser, c: GeneratedCircle) =>
    (c.minCreditScore === null || (u.creditScore ?? 0) >= c.minCreditScore) && (!c.requiresVerified || u.verified);

  users.forEach((user, u) => {
    const wanted = Math.min(10, 1 + random.geometric(0.4)) + (u === 0 ? 3 : 0);
    for (let attempt = 0; attempt < wanted * 3 && user.circles.length < wanted; attempt++) {
      const byInterest = interestCirclePickers[random.pick(user.interests)];
      const c = random.chance(0.7) && byInterest ? byInterest.list[byInterest.picker.pick(random)]! : globalCirclePicker.pick(random);
      if (!user.circles.includes(c) && mayJoin(user, circles[c]!)) {
        user.circles.push(c);
        circles[c]!.members.push(u);
      }
    }
  });
  // A circle nobody joined still has its creator, who passed its gates like everyone
  // (a few draws; should nobody fit, the circle drops its gates).
  circles.forEach((circle) => {
    if (circle.members.length === 0) {
      let u = random.int(0, n - 1);
      for (let attempt = 0; attempt < 20 && !mayJoin(users[u]!, circle); attempt++) u = random.int(0, n - 1);
      if (!mayJoin(users[u]!, circle)) Object.assign(circle, { minCreditScore: null, requiresVerified: false });
      circle.members.push(u);
      users[u]!.circles.push(circles.indexOf(circle));
    }
  });

  // Trust by preferential attachment: each pick is proportional to (trust received + 1).
  const trust: Array<[number, number, number]> = [];
  const pool: number[] = [...Array(n).keys()];
  users.forEach((_, u) => {
    const m = Math.min(n - 1, random.geometric(1 / 6));
    const chosen = new Set<number>();
    for (let attempt = 0; attempt < m * 4 && chosen.size < m; attempt++) {
      const v = pool[random.int(0, pool.length - 1)]!;
      if (v !== u && !chosen.has(v)) chosen.add(v);
    }
    for (const v of chosen) {
      trust.push([u, v, Math.round((0.1 + random.float() * 0.9) * 100) / 100]);
      pool.push(v);
    }
  });

  // Connections, pending requests and blocks, mostly between people who share a circle.
  const taken = new Set<number>();
  const circleMate = (u: number): number => {
    const mine = users[u]!.circles;
    const circle = mine.length > 0 ? circles[random.pick(mine)]! : null;
    return circle && circle.members.length > 1 && random.chance(0.8) ? random.pick(circle.members) : random.int(0, n - 1);
  };
  const drawPairs = (count: number): Array<[number, number]> => {
    const pairs: Array<[number, number]> = [];
    for (let attempt = 0; attempt < count * 3 && pairs.length < count; attempt++) {
      const a = random.int(0, n - 1);
      const b = circleMate(a);
      if (a === b || taken.has(pairKey(a, b))) continue;
      taken.add(pairKey(a, b));
      pairs.push([a, b]);
    }
    return pairs;
  };
  const connections = drawPairs(n * 2);
  const requests = drawPairs(Math.round(n * 0.5));
  const blocks = drawPairs(Math.round(n * 0.2));

  // Posts: members write in their circles, a few each, mostly recently.
  let postCount = 0;
  const postsPerMembership = users.map((user) => user.circles.map(() => random.geometric(0.45)));
  postsPerMembership.forEach((list) => list.forEach((k) => (postCount += k)));

  return { random, now, users, circles, trust, connections, requests, blocks, postsPerMembership, postCount };
}
