/**
 * Operation limits, on HTTP and on WebSocket alike: depth, aliases, directives, tokens and a
 * cost analysis that multiplies by list sizes (`first`), each refused before anything runs
 * with GRAPHQL_VALIDATION_FAILED and `extensions.limit` naming the limit. Also: `first`
 * capped on every connection, no HTTP batching, request body limits, the per-request
 * deadline (REQUEST_DEADLINE_MS) and the Cypher transaction timeout (NEO4J_TX_TIMEOUT_MS).
 *
 * Over-limit documents are generated here and sent with `client.raw` and over graphql-ws.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, getNamedType, isNonNullType, isObjectType, print, type GraphQLFormattedError, type GraphQLObjectType } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/auth/roles.js';
import { loadConfig } from '../../src/config.js';
import { encodeCursor } from '../../src/graph/cursors.js';
import { MAX_SHARED_CIRCLES } from '../../src/recommendations/recommendations.rules.js';
import { LimitsCirclesWithPostsDocument, MeDocument, UpdateProfileDocument } from '../generated/graphql.js';
import { foundCircle, joinCircle, writePost } from '../helpers/circles.js';
import { errorCodes } from '../helpers/client.js';
import { connectThroughApi } from '../helpers/conversations.js';
import { signUp, type Person } from '../helpers/people.js';
import { serverForTests, startTestServer, type TestServer } from '../helpers/server.js';
import { socketsPerTest } from '../helpers/subscriptions.js';
import { sleep, tag } from '../helpers/util.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

const test = serverForTests();
const sockets = socketsPerTest();
let person: Person;
let circleSlug: string;
/** A post in that circle. */
let postId: string;
/** Someone `person` has a conversation with. */
let partner: Person;

beforeAll(async () => {
  person = await signUp(test.client, 'limits');
  circleSlug = await foundCircle(test, person, 'limits');
  for (const i of [1, 2]) postId = (await writePost(test, person, circleSlug, `limits post ${i}`)).id;
  partner = await signUp(test.client, 'limitsp');
  await connectThroughApi(test.client, partner, person);
});

// ---------------------------------------------------------------------------------------
// Transports

interface Payload {
  query: string;
  variables?: Record<string, unknown>;
}

/**
 * Runs one operation over graphql-ws (a fresh connection) and collects what comes back;
 * `errors` are all of them: an `error` message, or errors inside `next` results.
 */
async function overWs(target: TestServer, token: string, payload: Payload) {
  const outcome = await sockets.runOnce(target, { authorization: `Bearer ${token}` }, payload);
  return { ...outcome, errors: [...outcome.results.flatMap((result) => result.errors ?? []), ...(outcome.errors ?? [])] };
}

interface Answer {
  status?: number;
  data: unknown;
  errors: GraphQLFormattedError[];
}

/** The same operation over HTTP (POST) and over WebSocket, on `target`. */
async function overBoth(target: TestServer, payload: Payload, token = person.token): Promise<{ http: Answer; ws: Answer }> {
  const http = await target.client.raw<Record<string, unknown>>(payload, { token });
  const ws = await overWs(target, token, payload);
  expect(ws.acknowledged, 'the WebSocket connection was acknowledged').toBe(true);
  expect(ws.closeCode, 'the WebSocket connection stayed open').toBeUndefined();
  return {
    http: { status: http.status, data: http.data, errors: http.errors ?? [] },
    ws: { data: ws.results[0]?.data, errors: ws.errors },
  };
}

/** How each limit's refusal reads: a person can tell which limit and by how much. */
const LIMIT_MESSAGES: Record<string, RegExp> = {
  depth: /is \d+ levels deep; the limit is \d+/,
  aliases: /uses \d+ aliases; the limit is \d+/,
  directives: /uses \d+ directives; the limit is \d+/,
  cost: /could cost \d+ .*the limit is \d+/,
};

/**
 * Refused before execution: no data, GRAPHQL_VALIDATION_FAILED on every error, one of them
 * the named limit's. Over HTTP also `extensions.limit` and status 400; whether WebSocket names
 * the limit in `extensions.limit` too is asserted on its own ("the refusal names the limit").
 */
function expectRefused(answer: Answer, limit: string, transport: string): void {
  expect(answer.errors.length, `${transport}: ${JSON.stringify(answer)}`).toBeGreaterThan(0);
  expect(answer.data ?? undefined, `${transport}: no data`).toBeUndefined();
  for (const error of answer.errors) {
    expect(error.extensions?.code, `${transport}: ${error.message}`).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(error.extensions?.stacktrace).toBeUndefined();
  }
  expect(answer.errors.some((e) => LIMIT_MESSAGES[limit]!.test(e.message)), `${transport}: ${JSON.stringify(answer.errors)}`).toBe(true);
  if (transport.startsWith('http')) {
    expect(answer.errors.map((e) => e.extensions?.limit), transport).toContain(limit);
    if (answer.status !== undefined) expect(answer.status, transport).toBe(400);
  }
}

function expectAccepted(answer: Answer, transport: string): void {
  expect(answer.errors, `${transport}: ${JSON.stringify(answer.errors)}`).toEqual([]);
  expect(answer.data, transport).toBeTruthy();
  if (answer.status !== undefined) expect(answer.status, transport).toBe(200);
}

// ---------------------------------------------------------------------------------------
// Document generators

/**
 * A query exactly `depth` levels deep (the leaf counts; a connection's `edges` and an edge's
 * `node` do not), with `first: 1` everywhere so only depth is large:
 * me → circles → members → user → circles…, each connection read through `edges { node }`.
 */
function deepQuery(depth: number): string {
  // Each step opens one level (and its wrappers); the leaf is a scalar of the type it reaches.
  const chain = [
    { open: 'circles(first: 1) { edges { node {', close: '} } }', leaf: 'slug' },
    { open: 'members(first: 1) { edges { node {', close: '} } }', leaf: 'role' },
    { open: 'user {', close: '}', leaf: 'handle' },
  ];
  const steps = Array.from({ length: depth - 2 }, (_, i) => chain[i % chain.length]!);
  const leaf = steps.at(-1)?.leaf ?? 'handle';
  return `{ me { ${steps.map((step) => step.open).join(' ')} ${leaf} ${steps.map((step) => step.close).reverse().join(' ')} } }`;
}

const aliasQuery = (n: number) => `{ ${range(n).map((i) => `a${i}: __typename`).join(' ')} }`;
const directiveQuery = (n: number) => `{ ${range(n).map(() => '__typename @include(if: true)').join(' ')} }`;
/**
 * Exactly n tokens: `{ a: me { __typename… } b: me { __typename… } }` (two selection sets, so
 * graphql-js's own guard against quadratic field merging does not step in first).
 */
const tokenQuery = (n: number) => {
  const fields = n - 12;
  const first = Math.ceil(fields / 2);
  return `{ a: me { ${'__typename '.repeat(first)}} b: me { ${'__typename '.repeat(fields - first)}} }`;
};
/** Three nested connections of 100: priced as the million rows they could be. */
const threeNestedConnections =
  '{ circles(first: 100) { edges { node { members(first: 100) { edges { node { user { circles(first: 100) { edges { node { slug } } } } } } } } } } }';

// ---------------------------------------------------------------------------------------

describe('query depth (MAX_QUERY_DEPTH, 8 by default)', () => {
  it('runs a query 8 levels deep, on HTTP and WebSocket', async () => {
    const { http, ws } = await overBoth(test, { query: deepQuery(8) });
    expectAccepted(http, 'http');
    expectAccepted(ws, 'ws');
    expect(JSON.stringify(http.data)).toContain(`"handle":"${person.handle}"`);
  });

  it('refuses a query 9 levels deep before running it, on HTTP and WebSocket', async () => {
    const { http, ws } = await overBoth(test, { query: deepQuery(9) });
    expectRefused(http, 'depth', 'http');
    expectRefused(ws, 'depth', 'ws');
    expect(http.errors[0]!.message).toMatch(/9 levels deep; the limit is 8/);
    expect(ws.errors[0]!.message).toBe(http.errors[0]!.message);
  });

  it('counts depth through fragments and inline fragments', async () => {
    const query = `
      query Deep { me { ...A } }
      fragment A on User { circles(first: 1) { edges { node { ...B } } } }
      fragment B on Circle { members(first: 1) { edges { node { ... on CircleMember { user { circles(first: 1) { edges { node { members(first: 1) { edges { node { user { circles(first: 1) { edges { cursor } } } } } } } } } } } } } } }`;
    const { http, ws } = await overBoth(test, { query });
    expectRefused(http, 'depth', 'http');
    expectRefused(ws, 'depth', 'ws');
  });

  it('refuses circular introspection (fields → type → fields …) on HTTP and WebSocket alike', async () => {
    // Introspection is on outside production; graphql-js's MaxIntrospectionDepth rule, which
    // both paths validate with, refuses the classic "fields of types of fields" bomb.
    const query = '{ __schema { types { fields { type { fields { type { fields { type { name } } } } } } } } }';
    const { http, ws } = await overBoth(test, { query });
    for (const [transport, answer] of [['http', http], ['ws', ws]] as const) {
      expect(answer.data ?? undefined, transport).toBeUndefined();
      expect(answer.errors.map((e) => e.extensions?.code), transport).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(answer.errors[0]!.message, transport).toMatch(/introspection depth/i);
    }
  });
});

describe('aliases (MAX_QUERY_ALIASES, 15 by default)', () => {
  it('runs 15 aliases, on HTTP and WebSocket', async () => {
    const { http, ws } = await overBoth(test, { query: aliasQuery(15) });
    expectAccepted(http, 'http');
    expectAccepted(ws, 'ws');
    expect(Object.keys(http.data as object)).toHaveLength(15);
  });

  it('refuses 16 aliases, on HTTP and WebSocket', async () => {
    const { http, ws } = await overBoth(test, { query: aliasQuery(16) });
    expectRefused(http, 'aliases', 'http');
    expectRefused(ws, 'aliases', 'ws');
    expect(http.errors[0]!.message).toMatch(/16 aliases; the limit is 15/);
  });
});

describe('directives (MAX_QUERY_DIRECTIVES, 50 by default)', () => {
  it('runs 50 directives, on HTTP and WebSocket', async () => {
    const { http, ws } = await overBoth(test, { query: directiveQuery(50) });
    expectAccepted(http, 'http');
    expectAccepted(ws, 'ws');
  });

  it('refuses 51 directives, on HTTP and WebSocket', async () => {
    const { http, ws } = await overBoth(test, { query: directiveQuery(51) });
    expectRefused(http, 'directives', 'http');
    expectRefused(ws, 'directives', 'ws');
    expect(http.errors[0]!.message).toMatch(/51 directives; the limit is 50/);
  });
});

describe('tokens (MAX_QUERY_TOKENS, 1000 by default)', () => {
  it('runs a document of 1000 tokens, on HTTP and WebSocket', async () => {
    const { http, ws } = await overBoth(test, { query: tokenQuery(1000) });
    expectAccepted(http, 'http');
    expectAccepted(ws, 'ws');
  });

  it('refuses a document of 1001 tokens before parsing it all, on HTTP and WebSocket', async () => {
    const { http, ws } = await overBoth(test, { query: tokenQuery(1001) });
    for (const [transport, answer] of [['http', http], ['ws', ws]] as const) {
      expect(answer.data ?? undefined, transport).toBeUndefined();
      expect(answer.errors.length, transport).toBe(1);
      expect(answer.errors[0]!.message, transport).toMatch(/more than 1000 tokens; send a shorter one/);
      expect(answer.errors[0]!.extensions?.code, transport).toBe('GRAPHQL_VALIDATION_FAILED');
    }
    expect(http.status).toBe(400);
  });
});

describe('cost (MAX_QUERY_COST, 5000 by default): lists multiply by their `first`', () => {
  // LimitsCirclesWithPosts costs 1 + first × (5 + 4 × postsFirst).
  const document = LimitsCirclesWithPostsDocument;

  it('runs a legitimate heavy-ish page just under the limit (40 circles × 29 posts: cost 4841)', async () => {
    const payload = { query: print(document), variables: { search: circleSlug, first: 40, postsFirst: 29 } };
    const { http, ws } = await overBoth(test, payload);
    expectAccepted(http, 'http');
    expectAccepted(ws, 'ws');
    const typed = await test.client.request(document, payload.variables, { token: person.token });
    const circle = typed.data!.circles.edges.find((edge) => edge.node.slug === circleSlug);
    expect(circle?.node.posts.edges.map((edge) => edge.node.body).sort()).toEqual(['limits post 1', 'limits post 2']);
  });

  it('refuses the same page with one more post per circle (cost 5001), on HTTP and WebSocket', async () => {
    const { http, ws } = await overBoth(test, { query: print(document), variables: { search: circleSlug, first: 40, postsFirst: 30 } });
    expectRefused(http, 'cost', 'http');
    expectRefused(ws, 'cost', 'ws');
    expect(http.errors[0]!.message).toMatch(/could cost 5001 .*the limit is 5000/);
  });

  it('refuses the same page with a bigger `first` (50 circles: cost 6051), on HTTP and WebSocket', async () => {
    const { http, ws } = await overBoth(test, { query: print(document), variables: { search: circleSlug, first: 50, postsFirst: 29 } });
    expectRefused(http, 'cost', 'http');
    expectRefused(ws, 'cost', 'ws');
    expect(http.errors[0]!.message).toContain('6051');
  });

  it('refuses three nested connections with first: 100 by cost, on HTTP and WebSocket', async () => {
    const { http, ws } = await overBoth(test, { query: threeNestedConnections });
    expectRefused(http, 'cost', 'http');
    expectRefused(ws, 'cost', 'ws');
    const message = http.errors.find((e) => e.extensions?.limit === 'cost')!.message;
    expect(message).toContain('3040301');
  });

  it('refuses them by cost alone where depth is allowed (MAX_QUERY_DEPTH=20)', async () => {
    const deepAllowed = await startTestServer({ MAX_QUERY_DEPTH: '20' });
    try {
      const { http, ws } = await overBoth(deepAllowed, { query: threeNestedConnections });
      expect(http.errors.map((e) => e.extensions?.limit)).toEqual(['cost']);
      expect(ws.errors).toHaveLength(1);
      expectRefused(http, 'cost', 'http');
      expectRefused(ws, 'cost', 'ws');
    } finally {
      await deepAllowed.close();
    }
  });

  it('prices a subscription by cost too (WebSocket)', async () => {
    const aliases = range(5).map((i) => `p${i}: posts(first: 100) { edges { node { id body createdAt editedAt author { id handle realName bio verified } } } }`);
    const query = `subscription { postAdded(circleSlug: "${circleSlug}") { circle { ${aliases.join(' ')} } } }`;
    const ws = await overWs(test, person.token, { query });
    expect(ws.acknowledged).toBe(true);
    expectRefused({ data: ws.results[0]?.data, errors: ws.errors }, 'cost', 'ws');
  });
});

describe('lists without `first` are priced by the most items they return (issue 12)', () => {
  // A founder and two people who share circles with them: `many` shares more circles than an
  // icebreaker lists, `some` fewer (but more than the 10 every such list used to be priced at).
  let founder: Person;
  let many: Person;
  let some: Person;
  /** The shared circles' slugs in name order; every name starts with `prefix`. */
  let slugs: string[];
  const prefix = `shared${tag()}`;
  const SOME = 12;

  beforeAll(async () => {
    [founder, many, some] = [await signUp(test.client, 'bfounder'), await signUp(test.client, 'bmany'), await signUp(test.client, 'bsome')];
    slugs = [];
    for (const i of range(MAX_SHARED_CIRCLES + 2)) {
      slugs.push(await foundCircle(test, founder, prefix, { slug: `${prefix}-${String(i).padStart(2, '0')}` }));
    }
    for (const slug of slugs) await joinCircle(test, many, slug);
    for (const slug of slugs.slice(0, SOME)) await joinCircle(test, some, slug);
  });

  /** The issue's probe: every shared circle with 100 of its members. */
  const probe = (handle: string) =>
    `{ user(handle: "${handle}") { icebreaker { sharedCircles { slug members(first: 100) { edges { node { user { handle } } } } } } } }`;
  /** Its paged twin: `n` circles with the same selection, through a connection. */
  const pagedTwin = (n: number) => `{ circles(search: "${prefix}", first: ${n}) { edges { node { slug members(first: 100) { edges { node { user { handle } } } } } } } }`;
  const sharedSlugs = async (handle: string) => {
    const answer = await test.client.raw<{ user: { icebreaker: { sharedCircles: Array<{ slug: string }> } } }>(
      { query: `{ user(handle: "${handle}") { icebreaker { sharedCircles { slug } } } }` },
      { token: founder.token },
    );
    expect(answer.errors).toBeUndefined();
    return answer.data!.user.icebreaker.sharedCircles.map((circle) => circle.slug);
  };
  const costIn = (answer: Answer) => Number(/could cost (\d+)/.exec(answer.errors.find((e) => e.extensions?.limit === 'cost')?.message ?? '')?.[1]);

  it(`lists at most ${MAX_SHARED_CIRCLES} shared circles, the first by name; the person's \`circles\` pages through all`, async () => {
    expect(await sharedSlugs(many.handle)).toEqual(slugs.slice(0, MAX_SHARED_CIRCLES));
    expect(await sharedSlugs(some.handle)).toEqual(slugs.slice(0, SOME));
    const all = await test.client.raw<{ user: { circles: { edges: Array<{ node: { slug: string } }> } } }>(
      { query: `{ user(handle: "${many.handle}") { circles(first: 100) { edges { node { slug } } } } }` },
      { token: founder.token },
    );
    expect(all.data!.user.circles.edges.map((edge) => edge.node.slug)).toEqual(slugs);
  });

  it('prices the probe at least as high as its paged twin reading the same circles, and refuses it over the limit', async () => {
    // At MAX_QUERY_COST=10 both are refused, and each refusal says what it costs.
    const cheap = await startTestServer({ MAX_QUERY_COST: '10' });
    try {
      const probed = await overBoth(cheap, { query: probe(some.handle) }, founder.token);
      const twin = await overBoth(cheap, { query: pagedTwin(SOME) }, founder.token);
      // 3 + 20 circles × (slug 1 + members 1 + 100 × 4): every circle the probe can return.
      expect(costIn(probed.http)).toBe(3 + MAX_SHARED_CIRCLES * 402);
      expect(costIn(probed.ws)).toBe(costIn(probed.http));
      expect(costIn(twin.http)).toBe(1 + SOME * 404);
      expect(costIn(probed.http)).toBeGreaterThanOrEqual(costIn(twin.http));
    } finally {
      await cheap.close();
    }
    // At the default limit the twin of those 12 circles runs; the probe, which could return 20, is refused.
    const twin = await overBoth(test, { query: pagedTwin(SOME) }, founder.token);
    expectAccepted(twin.http, 'http');
    const { http, ws } = await overBoth(test, { query: probe(some.handle) }, founder.token);
    expectRefused(http, 'cost', 'http');
    expectRefused(ws, 'cost', 'ws');
    expect(http.errors[0]!.message).toContain(String(3 + MAX_SHARED_CIRCLES * 402));
  });

  it('runs the probe within the limit with fewer members per circle, and never returns more circles than it was priced for', async () => {
    // 3 + 20 × (2 + 40 × 4) = 3243.
    const query = probe(many.handle).replace('members(first: 100)', 'members(first: 40)');
    const { http, ws } = await overBoth(test, { query }, founder.token);
    expectAccepted(http, 'http');
    expectAccepted(ws, 'ws');
    const circles = (http.data as { user: { icebreaker: { sharedCircles: unknown[] } } }).user.icebreaker.sharedCircles;
    expect(circles).toHaveLength(MAX_SHARED_CIRCLES);
  });
});

describe('the refusal names the limit (extensions.limit), on HTTP and WebSocket alike', () => {
  const over: Record<string, () => string> = {
    depth: () => deepQuery(9),
    aliases: () => aliasQuery(16),
    directives: () => directiveQuery(51),
    tokens: () => tokenQuery(1001),
    // 1 + 50 × (5 + 4 × 29) = 6051, only 4 levels deep.
    cost: () => '{ circles(first: 50) { edges { node { slug name posts(first: 29) { edges { node { id body } } } } } } }',
  };
  const cases = Object.keys(over).flatMap((limit) => [[limit, 'http'], [limit, 'ws']] as Array<[string, 'http' | 'ws']>);

  it.each(cases)('names %s over %s', async (limit, transport) => {
    const query = over[limit]!();
    const answer =
      transport === 'http'
        ? ((r) => ({ errors: r.errors ?? [] }))(await test.client.raw({ query }, { token: person.token }))
        : await overWs(test, person.token, { query });
    expect(answer.errors.length, JSON.stringify(answer.errors)).toBeGreaterThan(0);
    expect(answer.errors.map((e) => e.extensions?.limit), JSON.stringify(answer.errors)).toContain(limit);
    expect(answer.errors.find((e) => e.extensions?.limit === limit)!.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('`first` is capped on every connection (MAX_PAGE_SIZE, 100 by default)', () => {
  it('answers first: 100000 on a single list with BAD_USER_INPUT naming `first`, not a cost error', async () => {
    // Priced at the page cap (401), not at 100000 (400001): the list itself refuses the size.
    const query = '{ interests(first: 100000) { edges { node { slug name } } } }';
    const { http, ws } = await overBoth(test, { query });
    for (const [transport, answer] of [['http', http], ['ws', ws]] as const) {
      expect(answer.errors.map((e) => e.extensions?.code), transport).toEqual(['BAD_USER_INPUT']);
      expect(answer.errors[0]!.extensions?.field, transport).toBe('first');
      expect(answer.errors[0]!.extensions?.limit, transport).toBeUndefined();
      expect(answer.errors[0]!.message, transport).toMatch(/`first` must be from 0 to 100/);
    }
  });

  // Every field in the schema that takes `first`, reached from where the test can reach it.
  const sdl = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'schema', 'schema.graphql'), 'utf8');
  const schema = buildSchema(sdl);
  const paged: Array<[string, string]> = [];
  const returns = new Map<string, string>();
  /** The other arguments a paged field requires, by name, with a value that passes. */
  const requiredArgs = new Map<string, string>();
  const ARG_VALUES: Record<string, string> = { text: '"limits"' };
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (!field.args.some((arg) => arg.name === 'first')) continue;
      paged.push([type.name, field.name]);
      returns.set(`${type.name}.${field.name}`, getNamedType(field.type).name);
      const required = field.args.filter((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined);
      requiredArgs.set(`${type.name}.${field.name}`, required.map((arg) => `${arg.name}: ${ARG_VALUES[arg.name] ?? 'MISSING'}, `).join(''));
    }
  }
  const reach: Record<string, (inner: string) => string> = {
    Query: (inner) => `{ ${inner} }`,
    User: (inner) => `{ me { ${inner} } }`,
    Circle: (inner) => `{ circle(slug: "${circleSlug}") { ${inner} } }`,
    Conversation: (inner) => `{ conversation(withHandle: "${partner.handle}") { ${inner} } }`,
    Post: (inner) => `{ post(id: "${postId}") { ${inner} } }`,
    // A mutation's answer: the page is read after the marking, which is harmless to repeat.
    MarkNotificationsReadPayload: (inner) => `mutation { markNotificationsReadWithPayload { ${inner} } }`,
  };
  /** Root lists for trust and safety alone are asked with its token. */
  const tokenFor = (type: string, field: string) =>
    type === 'Query' && ['reports', 'moderationLog'].includes(field) ? test.server.app.tokens.issueForService(Role.TRUST_AND_SAFETY, 600).token : person.token;

  it('finds the paged fields of the schema, and can reach every one of them', () => {
    expect(paged.length).toBeGreaterThanOrEqual(10);
    expect(paged.filter(([type]) => !reach[type]), 'paged fields on types this test cannot reach').toEqual([]);
    expect([...requiredArgs].filter(([, args]) => args.includes('MISSING')), 'required arguments this test has no value for').toEqual([]);
    // Each is a Relay connection, so `pageInfo { hasNextPage }` is a selection every one takes.
    for (const [type, field] of paged) expect(returns.get(`${type}.${field}`), `${type}.${field}`).toMatch(/Connection$/);
    // And each takes Relay's four arguments: both-way paging everywhere (issue 15).
    for (const [type, field] of paged) {
      const args = (schema.getType(type) as GraphQLObjectType).getFields()[field]!.args.map((arg) => arg.name);
      expect(args, `${type}.${field}`).toEqual(expect.arrayContaining(['first', 'after', 'last', 'before']));
    }
  });

  /** The one list that pages forward only (its field description says why). */
  const FORWARD_ONLY = ['Query.strangerRecommendations'];
  /** A cursor another list gave out: a message's place for every list but messages, a circle's name order for those. */
  const foreignCursor = (field: string) => encodeCursor(field === 'messages' ? ['Name', 'slug'] : [7]);

  it.each(paged)(
    '%s.%s refuses last: 101, first with last, and a cursor of another list with BAD_USER_INPUT naming the argument, and takes last: 100, on HTTP and WebSocket',
    async (type, field) => {
      const args = requiredArgs.get(`${type}.${field}`)!;
      const token = tokenFor(type, field);
      const refusals: Array<[string, string]> = [
        ['last: 101', 'last'],
        ['first: 1, last: 1', 'last'],
        [`last: 2, before: "${foreignCursor(field)}"`, 'before'],
        [`first: 2, after: "${foreignCursor(field)}"`, 'after'],
      ];
      for (const [pageArgs, argument] of refusals) {
        const { http, ws } = await overBoth(test, { query: reach[type]!(`${field}(${args}${pageArgs}) { pageInfo { hasPreviousPage } }`) }, token);
        for (const [transport, answer] of [['http', http], ['ws', ws]] as const) {
          expect(answer.errors.map((e) => e.extensions?.code), `${transport} ${pageArgs}: ${JSON.stringify(answer.errors)}`).toEqual(['BAD_USER_INPUT']);
          expect(answer.errors[0]!.extensions?.field, `${transport} ${pageArgs}`).toBe(argument);
        }
      }
      const atCap = await overBoth(test, { query: reach[type]!(`${field}(${args}last: 100) { pageInfo { hasPreviousPage startCursor } }`) }, token);
      if (FORWARD_ONLY.includes(`${type}.${field}`)) {
        expect(atCap.http.errors.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', 'last']]);
        expect(atCap.http.errors[0]!.message).toMatch(/pages forward only/);
      } else {
        expectAccepted(atCap.http, 'http');
        expectAccepted(atCap.ws, 'ws');
      }
    },
  );

  it.each(paged)('%s.%s refuses first: 101 with BAD_USER_INPUT naming `first`, and takes first: 100, on HTTP and WebSocket', async (type, field) => {
    const args = requiredArgs.get(`${type}.${field}`)!;
    const token = tokenFor(type, field);
    const over = reach[type]!(`${field}(${args}first: 101) { pageInfo { hasNextPage } }`);
    const { http, ws } = await overBoth(test, { query: over }, token);
    for (const [transport, answer] of [['http', http], ['ws', ws]] as const) {
      expect(answer.errors.map((e) => e.extensions?.code), `${transport}: ${JSON.stringify(answer.errors)}`).toEqual(['BAD_USER_INPUT']);
      expect(answer.errors[0]!.extensions?.field, transport).toBe('first');
      expect(answer.errors[0]!.path?.at(-1), transport).toBe(field);
    }
    const atCap = reach[type]!(`${field}(${args}first: 100) { pageInfo { hasNextPage } }`);
    const ok = await overBoth(test, { query: atCap }, token);
    expectAccepted(ok.http, 'http');
    expectAccepted(ok.ws, 'ws');
  });
});

describe('a refused operation never reaches the resolvers', () => {
  async function postsWithBody(prefix: string): Promise<number> {
    const row = await test.database.forRequest().read((q) =>
      q.one<{ n: number }>('MATCH (p:Post) WHERE p.body STARTS WITH $prefix RETURN count(p) AS n', { prefix }),
    );
    return row!.n;
  }

  /** 16 createPost mutations under aliases: one alias too many. */
  const aliasedCreatePosts = (prefix: string) =>
    `mutation { ${range(16).map((i) => `p${i}: createPost(input: { circleSlug: "${circleSlug}", body: "${prefix} ${i}" }) { id }`).join(' ')} }`;

  /** One createPost whose selection could cost 6000+ (five aliases of 100 posts each). */
  const costlyCreatePost = (prefix: string) => {
    const aliases = range(5).map((i) => `p${i}: posts(first: 100) { edges { node { id body createdAt editedAt author { id handle realName bio verified } } } }`);
    return `mutation { createPost(input: { circleSlug: "${circleSlug}", body: "${prefix}" }) { id circle { ${aliases.join(' ')} } } }`;
  };

  it('creates no post for an over-limit (aliases) createPost mutation, on HTTP and WebSocket', async () => {
    const prefix = `aliased-${tag()}`;
    const { http, ws } = await overBoth(test, { query: aliasedCreatePosts(prefix) });
    expectRefused(http, 'aliases', 'http');
    expectRefused(ws, 'aliases', 'ws');
    expect(await postsWithBody(prefix)).toBe(0);
  });

  it('creates no post for an over-limit (cost) createPost mutation, on HTTP and WebSocket', async () => {
    const prefix = `costly-${tag()}`;
    const { http, ws } = await overBoth(test, { query: costlyCreatePost(prefix) });
    expectRefused(http, 'cost', 'http');
    expectRefused(ws, 'cost', 'ws');
    expect(await postsWithBody(prefix)).toBe(0);
  });

  it('creates the post once the same mutation is within limits (the control)', async () => {
    const prefix = `within-${tag()}`;
    const query = `mutation { p0: createPost(input: { circleSlug: "${circleSlug}", body: "${prefix} 0" }) { id } }`;
    const result = await test.client.raw({ query }, { token: person.token });
    expect(result.errors).toBeUndefined();
    expect(await postsWithBody(prefix)).toBe(1);
  });

  it('refuses an over-limit query sent with GET (apollo-require-preflight) as well', async () => {
    const url = `${test.server.url}?query=${encodeURIComponent(aliasQuery(16))}`;
    const response = await fetch(url, { headers: { 'apollo-require-preflight': 'true', accept: 'application/graphql-response+json', authorization: `Bearer ${person.token}` } });
    const body = (await response.json()) as { data?: unknown; errors: GraphQLFormattedError[] };
    expectRefused({ status: response.status, data: body.data, errors: body.errors }, 'aliases', 'http GET');
  });
});

describe('subscriptions belong on the WebSocket', () => {
  it('refuses a subscription sent over HTTP with 400 BAD_REQUEST saying where to send it', async () => {
    const http = await test.client.raw({ query: 'subscription { connectionRequestReceived { createdAt } }' }, { token: person.token });
    expect(http.status).toBe(400);
    expect(http.errors!.map((e) => e.extensions?.code)).toEqual(['BAD_REQUEST']);
    expect(http.errors![0]!.message).toMatch(/WebSocket .*\/graphql/);
  });

  it('refuses @skip on a subscription root field over HTTP with 400 GRAPHQL_VALIDATION_FAILED (graphql-js would throw)', async () => {
    const http = await test.client.raw(
      { query: 'subscription($off: Boolean!) { connectionRequestReceived @skip(if: $off) { createdAt } }', variables: { off: false } },
      { token: person.token },
    );
    expect(http.status).toBe(400);
    expect(http.errors!.map((e) => e.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });
});

describe('HTTP batching is off', () => {
  it('refuses a JSON array of createPost mutations, and runs none of them', async () => {
    const prefix = `batched-${tag()}`;
    const one = (i: number) => ({ query: `mutation { createPost(input: { circleSlug: "${circleSlug}", body: "${prefix} ${i}" }) { id } }` });
    const result = await test.client.raw([one(1), one(2)], { token: person.token });
    expect(result.status).toBe(400);
    expect(result.data ?? undefined).toBeUndefined();
    expect(result.errors![0]!.message).toMatch(/batch/i);
    const row = await test.database.forRequest().read((q) =>
      q.one<{ n: number }>('MATCH (p:Post) WHERE p.body STARTS WITH $prefix RETURN count(p) AS n', { prefix }),
    );
    expect(row!.n).toBe(0);
  });
});

describe('request size (MAX_BODY_BYTES, 100 KiB by default)', () => {
  it('refuses an HTTP body over 100 KiB with 413 PAYLOAD_TOO_LARGE', async () => {
    const body = JSON.stringify({ query: `{ __typename } #${'x'.repeat(110 * 1024)}` });
    const result = await test.client.raw(body);
    expect(result.status).toBe(413);
    expect(errorCodes(result)).toEqual(['PAYLOAD_TOO_LARGE']);
    expect(result.errors![0]!.message).toContain(String(100 * 1024));
  });

  it('accepts a body just under it', async () => {
    const body = JSON.stringify({ query: `{ __typename } #${'x'.repeat(99 * 1024)}` });
    const result = await test.client.raw(body);
    expect(result.status).toBe(200);
    expect(result.data).toEqual({ __typename: 'Query' });
  });

  it('closes a WebSocket whose message is over the limit (1009 Message Too Big)', async () => {
    const ws = await overWs(test, person.token, { query: `{ __typename } #${'x'.repeat(110 * 1024)}` });
    expect(ws.acknowledged).toBe(true);
    expect(ws.closeCode).toBe(1009);
    expect(ws.results).toEqual([]);
  });
});

describe('configured limits', () => {
  const strict = serverForTests({
    MAX_QUERY_DEPTH: '4',
    MAX_QUERY_ALIASES: '2',
    MAX_QUERY_DIRECTIVES: '1',
    MAX_QUERY_TOKENS: '60',
    MAX_QUERY_COST: '50',
    MAX_PAGE_SIZE: '10',
  });

  it('reads each limit from its variable (documents the defaults accept are refused)', async () => {
    const cases: Array<[string, string]> = [
      ['depth', deepQuery(5)],
      ['aliases', aliasQuery(3)],
      ['directives', directiveQuery(2)],
      ['cost', '{ interests(first: 10) { edges { node { slug name } } } interests(first: 10) { pageInfo { hasNextPage } } }'],
    ];
    for (const [limit, query] of cases) {
      const accepted = await test.client.raw({ query }, { token: person.token });
      expect(accepted.status, `${limit} on the default server`).toBe(200);
      const { http, ws } = await overBoth(strict, { query });
      expectRefused(http, limit, `http ${limit}`);
      expectRefused(ws, limit, `ws ${limit}`);
    }
    const tokens = await overBoth(strict, { query: tokenQuery(61) });
    expect(tokens.http.errors[0]!.message).toMatch(/more th\w+ 60 tokens/);
    expect(tokens.ws.errors[0]!.message).toMatch(/more th\w+ 60 tokens/);
    expect(tokens.http.data ?? undefined).toBeUndefined();
    expect(tokens.ws.data ?? undefined).toBeUndefined();
    // …where the default server runs the same document.
    expect((await test.client.raw({ query: tokenQuery(61) }, { token: person.token })).status).toBe(200);
  });

  it('caps `first` at MAX_PAGE_SIZE', async () => {
    const { http, ws } = await overBoth(strict, { query: '{ interests(first: 11) { edges { cursor } } }' });
    expect(http.errors.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', 'first']]);
    expect(ws.errors.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', 'first']]);
    const ok = await overBoth(strict, { query: '{ interests(first: 10) { edges { cursor } } }' });
    expectAccepted(ok.http, 'http');
    expectAccepted(ok.ws, 'ws');
  });

  it('refuses out-of-range settings at start-up', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', REQUEST_DEADLINE_MS: '1' })).toThrow(/REQUEST_DEADLINE_MS/);
    expect(() => loadConfig({ NODE_ENV: 'test', MAX_QUERY_COST: 'lots' })).toThrow(/MAX_QUERY_COST/);
    const defaults = loadConfig({ NODE_ENV: 'test' });
    expect(defaults.operationLimits).toEqual({ maxPageSize: 100, maxDepth: 8, maxAliases: 15, maxDirectives: 50, maxTokens: 1000, maxCost: 5000 });
    expect(defaults.requestDeadlineMs).toBe(15_000);
    expect(defaults.neo4j.transactionTimeoutMs).toBe(10_000);
    expect(defaults.maxBodyBytes).toBe(100 * 1024);
  });
});

// ---------------------------------------------------------------------------------------
// Time limits: a write blocked on a lock that another transaction holds is a database query
// that takes as long as we like, without mocking anything.

/** Holds a write lock on a user's node until `release()`. */
async function lockUser(target: TestServer, userId: string): Promise<{ release(): Promise<void> }> {
  const session = target.database.driver.session({ database: target.config.neo4j.database });
  const tx = session.beginTransaction();
  await tx.run('MATCH (u:User {id: $userId}) SET u.bio = $bio', { userId, bio: 'held by the test' });
  return {
    async release() {
      await tx.rollback().catch(() => {});
      await session.close();
    },
  };
}

async function bioOf(target: TestServer, userId: string): Promise<string | null> {
  const row = await target.database.forRequest().read((q) => q.one<{ bio: string | null }>('MATCH (u:User {id: $userId}) RETURN u.bio AS bio', { userId }));
  return row!.bio;
}

describe('request deadline (REQUEST_DEADLINE_MS)', () => {
  // 100 ms is the smallest deadline the configuration accepts.
  const slow = serverForTests({ REQUEST_DEADLINE_MS: '100' });

  it('answers a database query that runs past the deadline with 503 SERVICE_UNAVAILABLE, while /healthz is fine', async () => {
    const someone = await signUp(test.client, 'deadline');
    const lock = await lockUser(slow, someone.id);
    try {
      const started = Date.now();
      const pending = slow.client.request(UpdateProfileDocument, { input: { bio: `deadline ${tag()}` } }, { token: someone.token });
      await sleep(20);
      const health = await fetch(new URL('/healthz', slow.server.url));
      expect(health.status).toBe(200);
      const result = await pending;
      const elapsed = Date.now() - started;
      expect(result.status).toBe(503);
      expect(errorCodes(result)).toEqual(['SERVICE_UNAVAILABLE']);
      expect(result.errors![0]!.message).toMatch(/took longer than 0.1 s/);
      expect(result.headers.get('x-request-id')).toBeTruthy();
      expect(elapsed).toBeGreaterThanOrEqual(90);
      expect(elapsed).toBeLessThan(3000);
      // The server answers the next request at once.
      const quick = await slow.client.raw({ query: '{ __typename }' });
      expect(quick.status).toBe(200);
    } finally {
      await lock.release();
    }
    // Its transaction was ended at the deadline: the write never lands, even once the lock is free.
    await sleep(500);
    expect((await bioOf(slow, someone.id)) ?? '').not.toMatch(/^deadline /);
  });

  it('leaves a quick request alone', async () => {
    const result = await slow.client.raw({ query: '{ __typename }' });
    expect(result.status).toBe(200);
    expect(result.data).toEqual({ __typename: 'Query' });
  });
});

describe('Cypher transaction timeout (NEO4J_TX_TIMEOUT_MS)', () => {
  const bounded = serverForTests({ NEO4J_TX_TIMEOUT_MS: '1000' });

  it('ends a transaction that runs past the timeout, long before the lock it waits on is released', async () => {
    const someone = await signUp(test.client, 'txtimeout');
    const lock = await lockUser(bounded, someone.id);
    const releaseAfterMs = 15_000;
    const releaser = setTimeout(() => void lock.release(), releaseAfterMs);
    try {
      const started = Date.now();
      const result = await bounded.client.request(UpdateProfileDocument, { input: { bio: 'should not be written' } }, { token: someone.token });
      const elapsed = Date.now() - started;
      expect(elapsed, 'answered long before the lock was released').toBeLessThan(8000);
      expect(result.errors?.length).toBeGreaterThan(0);
      expect(['SERVICE_UNAVAILABLE', 'INTERNAL_SERVER_ERROR']).toContain(result.errors![0]!.extensions?.code);
      expect(JSON.stringify(result.errors)).not.toMatch(/Neo4jError|Neo\.|Transaction|timeout/i);
    } finally {
      clearTimeout(releaser);
      await lock.release();
    }
    expect(await bioOf(bounded, someone.id)).not.toBe('should not be written');
    // And the server is fine afterwards.
    const me = await bounded.client.request(MeDocument, {}, { token: someone.token });
    expect(me.data?.me?.id).toBe(someone.id);
  }, 30_000);
});
