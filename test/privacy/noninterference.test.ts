/**
 * Privacy as noninterference (PRODUCT.md, "Trust and privacy rules"): two worlds that
 * differ only in one thing an owner hid must give every other signed-in viewer
 * byte-identical answers — after normalising ids and times (normalise.ts) — to every
 * query and subscription that viewer can send, and to every mutation naming the people
 * the secret is about.
 *
 * Each test draws world pairs for one secret kind with fast-check (worlds.ts): 4–8 people,
 * 1–3 circles (credit and verification gates, members-only), memberships, posts, vouches,
 * connections, pending requests and blocks, a viewer and the secret's subject. Each world
 * is built from scratch on an empty database through the public API, then the viewer
 * sends everything the schema offers (operations.ts, queries.ts), watches every
 * subscription while people write (live.ts), and probes the handle-taking mutations
 * (mutation-probes.ts). A difference fails the test with the secret, the operation, its
 * variables and the first differing path; fields that may legitimately differ are listed
 * in exceptions.ts (empty) and must say so in the schema.
 *
 * The suite wipes the test database between worlds, so it runs on its own:
 *   npx vitest run --config test/vitest.privacy.config.ts     (npm test runs it after the main suite)
 * A fixed slice runs by default (PRIVACY_RUNS=1 world pair per secret kind, plus one
 * control pair that builds the same world twice, PRIVACY_SEED=20260601). Longer runs:
 *   PRIVACY_RUNS=25 PRIVACY_SEED=7 npm run privacy:soak
 * Other knobs: PRIVACY_KINDS=block,band-score (only these kinds), PRIVACY_ONLY=block:1 (one
 * pair), PRIVACY_CONTROL_RUNS=N, PRIVACY_SHRINK=1 (let fast-check shrink a failing pair:
 * slow, each step builds two worlds), PRIVACY_VERBOSE=1 (print whole operations), PRIVACY_TIMING=1
 * (time each phase of each world).
 *
 * Reading a failure: each world pair says what it hides and which of the worlds' own writes
 * went differently (a gated join that succeeded in one world only, say); then one entry
 * per leaking `Root.field → Type.field`, with the operation cut down to the difference,
 * its variables, and the first differing path with both answers. Ids appear as the names
 * the builder gave them (`@alice`, `circle:c0-tea-lovers`, `post:3`), times as `<time>`,
 * cursors decoded (`cursor ["Tea lovers 0","c0-tea-lovers"]`). Each entity gets the same id
 * in both worlds (worlds.ts, "coupled"), so orders that break ties by id agree.
 */
import fc from 'fast-check';
import { buildClientSchema, getIntrospectionQuery, getNamedType, isEnumType, isInputObjectType, isObjectType, type IntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/roles.js';
import { typedId } from '../../src/graphql/node.js';
import { buildQuanziSchema } from '../../src/graphql/schema.js';
import { serviceToken } from '../helpers/people.js';
import { searchable } from '../helpers/search.js';
import { startTestServer, testConfig, testDatabase } from '../helpers/server.js';
import { EXCEPTION_MARKER, isExempt, NONINTERFERENCE_EXCEPTIONS } from './exceptions.js';
import { LivePhase } from './live.js';
import { probeCalls, runProbes } from './mutation-probes.js';
import { compact, differences, fieldAt, formatPath, Normaliser, pruneTo, withoutExempt, type Difference, type Path } from './normalise.js';
import { OperationFactory, withListBounds, type Call, type Domain } from './operations.js';
import { QueryPlanner, type CallAnswer, type PhaseResult } from './queries.js';
import {
  coupledId,
  derive,
  descriptionArb,
  KIND_DESCRIPTIONS,
  NEVER_EXISTED_HANDLE,
  SECRET_KINDS,
  retries,
  startWorld,
  wipe,
  type BuildContext,
  type Capabilities,
  type Description,
  type PairPlan,
  type SecretKind,
  type World,
  type WorldPlan,
} from './worlds.js';

const RUNS = Number(process.env.PRIVACY_RUNS ?? 1);
const CONTROL_RUNS = Number(process.env.PRIVACY_CONTROL_RUNS ?? 1);
const SEED = Number(process.env.PRIVACY_SEED ?? 20_260_601);
const ONLY = process.env.PRIVACY_ONLY?.split(':');
const KINDS: SecretKind[] = ONLY ? [ONLY[0] as SecretKind] : process.env.PRIVACY_KINDS ? (process.env.PRIVACY_KINDS.split(',') as SecretKind[]) : [...SECRET_KINDS, 'control'];
const SHRINK = process.env.PRIVACY_SHRINK === '1';
const VERBOSE = process.env.PRIVACY_VERBOSE === '1';
const TIMING = process.env.PRIVACY_TIMING === '1';

/** The server the suite builds worlds on: cheap hashing, no diagnostics, no daily request cap (the harness's pinger asks often). */
const SERVER_ENV = { PASSWORD_HASH_COST: '10', DIAGNOSTICS: 'false', CONNECTION_REQUESTS_PER_DAY: '10000', MAX_CONNECTIONS_PER_USER: '40' };

/** Each kind's seed: stable whatever subset of kinds runs. */
const seedOf = (kind: string) => {
  let hash = SEED | 0;
  for (const char of kind) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return hash;
};

// ---------------------------------------------------------------------------------------
// What the suite learns once: the schema (by introspection), the server's limits, the catalogue

let factory: OperationFactory;
let caps: Capabilities;
let interestPool: string[];
let unusedInterest: string;
let websocketLimits: { maxSubscriptionsPerConnection: number; maxConnectionsPerUser: number };
const database = testDatabase(testConfig());
const coverage = new Set<string>();
const stats = { pairs: 0, worlds: 0, operations: 0, calls: 0, subscriptions: 0, probes: 0 };
const leakSummary = new Map<string, number>();

beforeAll(async () => {
  await wipe(database);
  const test = await startTestServer(SERVER_ENV);
  try {
    const introspection = await test.client.raw<IntrospectionQuery>({ query: getIntrospectionQuery({ descriptions: true }) });
    if (!introspection.data) throw new Error(`introspection failed: ${JSON.stringify(introspection.errors)}`);
    const schema = withListBounds(buildClientSchema(introspection.data), await buildQuanziSchema());
    factory = new OperationFactory(schema, test.config.operationLimits);
    websocketLimits = test.config.websocket;
    const mutation = schema.getMutationType()!.getFields();
    const joinArg = mutation.joinCircle?.args.find((arg) => arg.name === 'acknowledgeDisclosure');
    const createArg = mutation.createCircle?.args.find((arg) => arg.name === 'acknowledgeDisclosure');
    const createInput = schema.getType('CreateCircleInput');
    const inputField = createInput && isInputObjectType(createInput) ? createInput.getFields().acknowledgeDisclosure : undefined;
    const profileInput = schema.getType('UpdateProfileInput');
    const vouchSetting = profileInput && isInputObjectType(profileInput) ? profileInput.getFields().vouchVisibility : undefined;
    const vouchEnum = vouchSetting ? getNamedType(vouchSetting.type) : undefined;
    caps = {
      consent: {
        join: joinArg ? { type: String(joinArg.type) } : null,
        create: createArg ? { where: 'argument', type: String(createArg.type) } : inputField ? { where: 'input', type: String(inputField.type) } : null,
      },
      vouchVisibilities: vouchEnum && isEnumType(vouchEnum) ? vouchEnum.getValues().map((value) => value.name) : null,
    };
    const signUp = await test.client.raw<{ signUp: { token: string } }>({
      query: 'mutation($input: SignUpInput!) { signUp(input: $input) { token } }',
      variables: { input: { handle: 'catalogue_reader', realName: 'Reader', password: 'correct horse battery' } },
    });
    const catalogue = await test.client.raw<{ interests: { edges: Array<{ node: { slug: string } }> } }>(
      { query: '{ interests(first: 100) { edges { node { slug } } } }' },
      { token: signUp.data?.signUp.token },
    );
    const slugs = catalogue.data?.interests.edges.map((edge) => edge.node.slug) ?? [];
    if (slugs.length < 7) throw new Error(`the interest catalogue is too small: ${JSON.stringify(catalogue)}`);
    interestPool = slugs.slice(0, 6);
    unusedInterest = slugs[6]!;
    console.log(
      `privacy: consent to disclosure ${caps.consent.join ? 'in the schema' : 'not in the schema'}; vouch visibility ${caps.vouchVisibilities ? caps.vouchVisibilities.join('/') : 'not in the schema (vouch lists are their owners\' alone)'}; ` +
        `limits ${JSON.stringify(test.config.operationLimits)}`,
    );
  } finally {
    await test.close();
  }
});

afterAll(async () => {
  const lines = [...leakSummary].sort().map(([key, count]) => `  ${key}  (${count} answers)`);
  console.log(
    [
      `privacy: ${stats.pairs} world pairs (${stats.worlds} worlds) checked with ${stats.operations} operations ` +
        `(${stats.calls} query calls, ${stats.subscriptions} subscriptions, ${stats.probes} mutation probes); ` +
        `${retries.count} reads asked again after SERVICE_UNAVAILABLE`,
      ...(lines.length > 0 ? ['privacy: distinct leaks found (kind · root field · leaking field):', ...lines] : []),
    ].join('\n'),
  );
  await wipe(database);
  await database.close();
});

// ---------------------------------------------------------------------------------------
// One world

interface WorldResult {
  world: World;
  phases: Record<'query' | 'subscription' | 'mutation', PhaseResult>;
  ms: number;
}

function domainOf(pair: PairPlan): Domain {
  const plan = pair.a;
  const salt = plan.idSalt;
  const used = new Set<string>();
  for (const action of plan.actions) if (action.do === 'interests') action.slugs.forEach((slug) => used.add(slug));
  for (const circle of plan.circles) circle.interests.forEach((slug) => used.add(slug));
  const posts = plan.actions.flatMap((action) => (action.do === 'post' ? [action.post] : []));
  const person = (p: number) => coupledId(salt, `person:${plan.handles[p]}`);
  // Typed ids (src/graphql/node.ts) are built from coupled ids and slugs: the same in both worlds.
  const requests = plan.actions.flatMap((action) => (action.do === 'request' ? [typedId('ConnectionRequest', person(action.p), person(action.q))] : []));
  return {
    handles: [...plan.handles, NEVER_EXISTED_HANDLE],
    circleSlugs: [...plan.circles.map((circle) => circle.slug), 'c9-never-was'],
    interestSlugs: [...used, unusedInterest],
    // Once each: a post can be named by several actions (a report, a resolution), and each id is one call.
    ids: [...new Set([
      ...plan.handles.map((handle) => coupledId(salt, `person:${handle}`)),
      ...plan.circles.map((circle) => coupledId(salt, `circle:${circle.slug}`)),
      ...posts.map((post) => coupledId(salt, post)),
      ...[...used, unusedInterest].map((slug) => typedId('Interest', slug)),
      ...requests,
      coupledId(salt, 'never-existed'),
    ])],
    // The secret's first person by real name and by handle (which post bodies name too): in a
    // block pair the blocker must not be found in A, where they exist, any more than in B.
    searches: [
      ...new Set([
        ...plan.circles.map((circle) => circle.name.slice(0, 4).toLowerCase()),
        plan.realNames[0]!.slice(0, 2),
        plan.realNames[plan.secretPeople[0]!]!,
        plan.handles[plan.secretPeople[0]!]!,
        'zzz',
      ]),
    ],
  };
}

async function runWorld(plan: WorldPlan, domain: Domain): Promise<WorldResult> {
  const started = Date.now();
  await wipe(database);
  const test = await startTestServer(SERVER_ENV);
  let live: LivePhase | undefined;
  try {
    const ctx: BuildContext = { client: test.client, database: test.database, consent: caps.consent, issueService: (role: Role.CREDIT_BUREAU | Role.IDENTITY_VERIFIER) => serviceToken(test, role) };
    const t0 = Date.now();
    const world = await startWorld(ctx, plan);
    // Search indexes take writes just after they commit: the queries must see the whole world.
    await searchable(test.database);
    const t1 = Date.now();
    const token = world.tokens.get(plan.viewer)!;
    const query = await new QueryPlanner(factory, domain).run(test.client, token, coverage);
    const t2 = Date.now();

    live = new LivePhase(factory, ctx, world, test.server.wsUrl, websocketLimits);
    await live.enlist();
    live.open(live.calls(domain), token, coverage);
    await live.warmUp();
    await live.script(plan.live);
    const subscription = live.result();
    await live.close();
    const t3 = Date.now();

    const probes = probeCalls(factory, domain, plan.secretPeople.map((p) => plan.handles[p]!));
    const mutation = await runProbes(factory, test.client, token, probes);
    if (TIMING) console.log(`world ${plan.label} (${plan.kind}): start ${t0 - started} ms, build ${t1 - t0} ms, queries ${t2 - t1} ms (${query.operations} operations), live ${t3 - t2} ms, probes ${Date.now() - t3} ms`);

    stats.worlds += 1;
    stats.operations += query.operations + subscription.operations + mutation.operations;
    stats.calls += query.answers.size;
    stats.subscriptions += subscription.operations;
    stats.probes += mutation.operations;
    return { world, phases: { query, subscription, mutation }, ms: Date.now() - started };
  } finally {
    await live?.close();
    await test.close();
  }
}

// ---------------------------------------------------------------------------------------
// Comparing two worlds

interface Finding {
  kind: SecretKind;
  pair: number;
  phase: 'query' | 'subscription' | 'mutation';
  callId: string;
  call: Call;
  variables: [Record<string, unknown> | undefined, Record<string, unknown> | undefined];
  diffs: Difference[];
  answers: [unknown, unknown];
  /** `Root.field` and the `Type.field` each difference belongs to. */
  root: string;
  fields: string[];
}

const NOT_SENT = '<not sent in this world>';

function comparable(answer: CallAnswer | undefined, call: Call, phase: Finding['phase'], kind: SecretKind, names: ReadonlyMap<string, string>): unknown {
  if (!answer) return NOT_SENT;
  const exempt = (value: unknown) => withoutExempt(value, call.root.children, kind);
  let value = answer.value;
  if (phase === 'subscription' && value && typeof value === 'object') {
    const live = value as { events: unknown[] };
    value = { ...live, events: live.events.map(exempt) };
  } else value = exempt(value);
  return new Normaliser(names).answer({ status: answer.status, value, errors: answer.errors });
}

/** The `Type.field` a difference belongs to. */
function attribute(diff: Difference, call: Call, phase: Finding['phase'], answers: [unknown, unknown]): string {
  const [head, ...rest] = diff.path;
  if (head === 'value') {
    if (phase === 'subscription') return rest[0] === 'events' && rest.length > 2 ? fieldAt(call.root, rest.slice(2)) : `${call.root.parent}.${call.root.name}`;
    return fieldAt(call.root, rest);
  }
  if (head === 'errors' && typeof rest[0] === 'number') {
    const errorPath = answers
      .map((answer) => ((answer as { errors?: Array<{ path?: Path | null }> })?.errors ?? [])[rest[0] as number]?.path)
      .find((path) => Array.isArray(path));
    if (errorPath) return fieldAt(call.root, errorPath.slice(1));
  }
  return `${call.root.parent}.${call.root.name}`;
}

function compare(kind: SecretKind, pairIndex: number, a: WorldResult, b: WorldResult): Finding[] {
  const findings: Finding[] = [];
  for (const phase of ['query', 'subscription', 'mutation'] as const) {
    const [pa, pb] = [a.phases[phase], b.phases[phase]];
    const ids = [...new Set([...pa.sent.keys(), ...pb.sent.keys()])];
    for (const id of ids) {
      const call = (pa.sent.get(id) ?? pb.sent.get(id))!.call;
      // A root field listed in exceptions.ts is left out whole: its data and its errors.
      if (isExempt(`${call.root.parent}.${call.root.name}`, kind)) continue;
      const answers: [unknown, unknown] = [
        comparable(pa.answers.get(id), call, phase, kind, a.world.names),
        comparable(pb.answers.get(id), call, phase, kind, b.world.names),
      ];
      const diffs = differences(answers[0], answers[1]);
      if (diffs.length === 0) continue;
      findings.push({
        kind,
        pair: pairIndex,
        phase,
        callId: id,
        call,
        variables: [pa.sent.get(id)?.variables, pb.sent.get(id)?.variables],
        diffs,
        answers,
        root: `${call.root.parent}.${call.root.name}`,
        fields: [...new Set(diffs.map((diff) => attribute(diff, call, phase, answers)))],
      });
    }
  }
  return findings;
}

/** Actions whose outcome differed between the worlds (both worlds having done them). */
function buildDifferences(a: World, b: World): string[] {
  const outcomes = (world: World) => {
    const seen = new Map<string, number>();
    return new Map(
      world.log.map(({ action, outcome }) => {
        const n = (seen.get(action) ?? 0) + 1;
        seen.set(action, n);
        return [`${action}#${n}`, outcome] as const;
      }),
    );
  };
  const [oa, ob] = [outcomes(a), outcomes(b)];
  return [...oa].filter(([key, outcome]) => ob.has(key) && ob.get(key) !== outcome).map(([key, outcome]) => `${key.replace(/#\d+$/, '')}: A ${outcome}, B ${ob.get(key)}`);
}

function report(kind: SecretKind, pair: PairPlan, pairIndex: number, findings: Finding[], a: WorldResult, b: WorldResult): string {
  const lines = [
    `[${kind}] world pair #${pairIndex} (${pairIndex >= 0 ? `PRIVACY_SEED=${SEED} PRIVACY_ONLY=${kind}:${pairIndex}` : 'shrunk'}): ${pair.secret}`,
    `  viewer: ${pair.a.handles[pair.a.viewer]}; built in ${a.ms} ms and ${b.ms} ms`,
  ];
  const build = buildDifferences(a.world, b.world);
  if (build.length > 0) lines.push(`  the worlds' own writes went differently: ${build.join('; ')}`);
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) for (const field of finding.fields) {
    const key = field === finding.root ? finding.root : `${finding.root} → ${field}`;
    groups.set(key, [...(groups.get(key) ?? []), finding]);
  }
  const DETAILED = 12;
  let shown = 0;
  for (const [key, group] of groups) {
    const finding = group[0]!;
    if (++shown > DETAILED) {
      lines.push(`  LEAK ${key} (${finding.phase}) — ${finding.callId}${group.length > 1 ? ` and ${group.length - 1} more` : ''}`);
      continue;
    }
    const diff = finding.diffs[0]!;
    const where = finding.diffs.filter((d) => attribute(d, finding.call, finding.phase, finding.answers) === (key.split(' → ')[1] ?? finding.root));
    const first = where[0] ?? diff;
    const valuePath = first.path[0] === 'value' ? first.path.slice(finding.phase === 'subscription' ? 3 : 1) : [];
    const pruned = pruneTo(finding.call.root, valuePath.length > 0 ? [valuePath] : []);
    const text = factory.document([{ ...finding.call, root: VERBOSE ? finding.call.root : pruned }], () => undefined).text.replace(/\s+/g, ' ');
    lines.push(
      `  LEAK ${key} (${finding.phase}) — ${finding.callId}`,
      `    operation${VERBOSE ? '' : ' (selection cut down to the difference)'}: ${text}`,
      JSON.stringify(finding.variables[0]) === JSON.stringify(finding.variables[1])
        ? `    variables: ${compact(finding.variables[0], 300)}`
        : `    variables: A ${compact(finding.variables[0], 300)} | B ${compact(finding.variables[1], 300)}`,
      `    first difference at ${formatPath(first.path)}: A = ${compact(first.a)} | B = ${compact(first.b)}`,
    );
    const errorsOf = (answer: unknown) => ((answer as { errors?: Array<{ message: string; code: unknown }> })?.errors ?? []).map((e) => `${e.code}: ${e.message}`);
    const [ea, eb] = finding.answers.map(errorsOf) as [string[], string[]];
    if ((ea.length > 0 || eb.length > 0) && !first.path.includes('errors')) lines.push(`    errors: A ${compact(ea, 300)} | B ${compact(eb, 300)}`);
    if (group.length > 1) lines.push(`    (and ${group.length - 1} more answers with this leak: ${group.slice(1, 4).map((f) => f.callId).join('; ')}${group.length > 4 ? '; …' : ''})`);
  }
  return lines.join('\n');
}

async function checkPair(kind: SecretKind, desc: Description, pairIndex: number): Promise<string | null> {
  const pair = derive(desc, kind, interestPool, caps);
  const domain = domainOf(pair);
  const a = await runWorld(pair.a, domain);
  const b = await runWorld(pair.b, domain);
  stats.pairs += 1;
  const findings = compare(kind, pairIndex, a, b);
  for (const finding of findings) for (const field of finding.fields) {
    const key = `${kind} · ${finding.root} · ${field}`;
    leakSummary.set(key, (leakSummary.get(key) ?? 0) + 1);
  }
  return findings.length > 0 ? report(kind, pair, pairIndex, findings, a, b) : null;
}

// ---------------------------------------------------------------------------------------
// The tests

describe('privacy noninterference', () => {
  for (const kind of KINDS) {
    const runs = kind === 'control' ? CONTROL_RUNS : RUNS;
    it(`${kind}: ${KIND_DESCRIPTIONS[kind]} — the viewer sees the same`, async () => {
      const seed = seedOf(kind);
      if (SHRINK) {
        await fc.assert(
          fc.asyncProperty(descriptionArb, async (desc) => {
            const failure = await checkPair(kind, desc, -1);
            if (failure) throw new Error(failure);
          }),
          { seed, numRuns: runs },
        );
        return;
      }
      const samples = fc.sample(descriptionArb, { seed, numRuns: ONLY ? Number(ONLY[1]) + 1 : runs });
      const failures: string[] = [];
      for (const [index, desc] of samples.entries()) {
        if (ONLY && index !== Number(ONLY[1])) continue;
        let failure = await checkPair(kind, desc, index);
        if (failure) {
          // A leak belongs to the two worlds, so it shows again when they are built again. A
          // difference that does not (a live event racing the harness's own warm-up clean-up)
          // is printed, not reported as a leak.
          const again = await checkPair(kind, desc, index);
          if (!again) console.warn(`[privacy] a difference that did not reproduce on a rebuild, so not counted:\n${failure}`);
          failure = again;
        }
        if (failure) failures.push(failure);
      }
      if (failures.length > 0) expect.fail(`noninterference fails for "${kind}" (${KIND_DESCRIPTIONS[kind]}):\n${failures.join('\n\n')}`);
    }, Math.max(runs, 1) * 240_000);
  }

  it('sent every root Query and Subscription field, and every field of User, Circle, Post, Recommendation, Icebreaker, Conversation and Message', (ctx) => {
    if (stats.worlds === 0) return ctx.skip();
    const schema = factory.schema;
    const wanted: string[] = [];
    for (const root of [schema.getQueryType(), schema.getSubscriptionType()]) if (root) wanted.push(...Object.keys(root.getFields()).map((name) => `${root.name}.${name}`));
    for (const name of ['User', 'Circle', 'Post', 'Recommendation', 'Icebreaker', 'Conversation', 'Message']) {
      const type = schema.getType(name);
      if (!type || !isObjectType(type)) throw new Error(`the schema has no object type ${name}`);
      wanted.push(...Object.keys(type.getFields()).map((field) => `${name}.${field}`));
    }
    expect(wanted.filter((field) => !coverage.has(field)), 'fields never selected').toEqual([]);
  });

  it('every field excepted from noninterference says so in its schema description', () => {
    for (const exception of NONINTERFERENCE_EXCEPTIONS) {
      const [typeName, fieldName] = exception.field.split('.');
      const type = factory.schema.getType(typeName!);
      const field = type && isObjectType(type) ? type.getFields()[fieldName!] : undefined;
      expect(field, `${exception.field} is not in the schema`).toBeDefined();
      expect(field!.description ?? '', `${exception.field}'s description must contain "${EXCEPTION_MARKER}" (${exception.reason})`).toMatch(new RegExp(EXCEPTION_MARKER, 'i'));
      expect(exception.reason.length, `${exception.field} needs a reason`).toBeGreaterThan(10);
    }
  });
});
