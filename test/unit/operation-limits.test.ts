/**
 * Measuring an operation before it runs (src/http/operation-limits.ts): depth, aliases,
 * directives and cost, fragments expanded, and the refusals each limit gives.
 */
import { buildSchema, parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { checkLimits, measureOperation, type OperationMeasure } from '../../src/http/operation-limits.js';
import { LIMITS, schema } from './operation-schema.js';

function measure(query: string, variables: Record<string, unknown> = {}, onSchema = schema): OperationMeasure {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
  return measureOperation(onSchema, document, operation, variables, LIMITS.maxPageSize);
}

const PAGE = (first: string) => `{ people${first} { edges { node { id } } } }`;
const NESTED = '{ people(first: 100) { edges { node { friends(first: 100) { edges { node { friends(first: 100) { edges { node { id } } } } } } } } } }';

describe('measureOperation', () => {
  it.each([
    ['one field', '{ me { id } }', { depth: 2, cost: 2 }],
    ['a nested object', '{ me { id handle mentor { id } } }', { depth: 3, cost: 5 }],
    // A list without `first` is priced at the bound it declares (30 here)…
    ['a list without `first` that declares its bound', '{ me { interests { slug } } }', { depth: 3, cost: 32 }],
    // …and, declaring none, as the largest page (100).
    ['a list without `first` or a declared bound', '{ interests { slug name } }', { depth: 2, cost: 201 }],
    // `edges` is as long as its connection's `first`: not multiplied again.
    ['a page of 5 (edges and node add no depth)', PAGE('(first: 5)'), { depth: 2, cost: 16 }],
    ['a page without `first` (the default page, 20)', PAGE(''), { depth: 2, cost: 61 }],
    ['a page past the cap (priced at the cap, 100)', PAGE('(first: 1000)'), { depth: 2, cost: 301 }],
    ['`first: 0` (priced as 1)', PAGE('(first: 0)'), { depth: 2, cost: 4 }],
    ['a negative `first` (priced as 1)', PAGE('(first: -5)'), { depth: 2, cost: 4 }],
    ['a page with pageInfo (pageInfo adds no depth either)', '{ people(first: 5) { pageInfo { hasNextPage } edges { cursor } } }', { depth: 2, cost: 21 }],
    ['three nested pages of 100 (a million rows)', NESTED, { depth: 4, cost: 3_030_301 }],
    ['an unknown field (costs 1, measures nothing under it)', '{ me { nope { id } } }', { depth: 2, cost: 2 }],
    ['a mutation', 'mutation { follow(handle: "li_na") { id } }', { depth: 2, cost: 2 }],
    ['a subscription', 'subscription { joined { id } }', { depth: 2, cost: 2 }],
  ])('%s', (_, query, expected) => {
    expect(measure(query)).toEqual({ aliases: 0, directives: 0, ...expected });
  });

  it('counts a type named …Edge that is no Relay edge (TrustEdge-like), and the root `node` field, as levels', () => {
    expect(measure('{ me { mentor { mentor { id } } } }').depth).toBe(4);
    const shaped = buildSchema(`
      type Query { node: TrustEdge edges: [TrustEdge!]! }
      type TrustEdge { node: TrustEdge weight: Float }
    `);
    expect(measure('{ node { node { weight } } edges { node { weight } } }', {}, shaped).depth).toBe(3);
  });

  it('prices `nodes(ids:)` by the ids sent, literal or variable, and by its page cap without them', () => {
    expect(measure('{ nodes(ids: ["a", "b", "c"]) { id } }').cost).toBe(4);
    expect(measure('query N($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: ['a', 'b'] }).cost).toBe(3);
    expect(measure('query N($ids: [ID!]!) { nodes(ids: $ids) { id } }', {}).cost).toBe(101);
  });

  it('reads `first` from variables, and prices a missing one as the default page', () => {
    const query = 'query Page($n: Int) { people(first: $n) { edges { node { id } } } }';
    expect(measure(query, { n: 7 }).cost).toBe(22);
    expect(measure(query, {}).cost).toBe(61);
  });

  it('prices a two-way page by its `first` or its `last`, from literals or variables', () => {
    const page = (args: string) => `query Page($n: Int) { history${args} { edges { node { id } } } }`;
    expect(measure(page('(last: 100)')).cost).toBe(301);
    expect(measure(page('(last: $n)'), { n: 7 }).cost).toBe(22);
    expect(measure(page('(first: 5, before: "x")')).cost).toBe(16);
    expect(measure(page('')).cost).toBe(61);
  });

  it('counts aliases', () => {
    expect(measure('{ a: me { id } b: me { who: id } }')).toEqual({ depth: 2, aliases: 3, directives: 0, cost: 4 });
  });

  it("counts directives on selections, fragments and the operation itself, whatever they are", () => {
    const query = 'query Q @live { me @include(if: true) { id @skip(if: false) ... @include(if: true) { handle } } }';
    expect(measure(query)).toEqual({ depth: 2, aliases: 0, directives: 4, cost: 3 });
  });

  it('counts a fragment wherever it is spread', () => {
    const query = '{ me { ...Who } user(handle: "li_na") { ...Who } } fragment Who on User { id handle @skip(if: false) }';
    expect(measure(query)).toEqual({ depth: 2, aliases: 0, directives: 2, cost: 6 });
  });

  it('measures an inline fragment on its own type condition', () => {
    const query = '{ node(id: "1") { id ... on User { friends(first: 3) { edges { node { id } } } } } }';
    expect(measure(query)).toEqual({ depth: 3, aliases: 0, directives: 0, cost: 12 });
  });

  it('measures fragments spread into fragments without expanding them (2³¹ rows, at once)', () => {
    const levels = 30;
    const fragments = Array.from({ length: levels }, (_, k) => `fragment F${k} on User { mentor { ...F${k + 1} ...F${k + 1} } }`);
    const query = `{ me { ...F0 } } ${fragments.join(' ')} fragment F${levels} on User { id }`;
    const started = performance.now();
    expect(measure(query)).toEqual({ depth: levels + 2, aliases: 0, directives: 0, cost: 2 ** (levels + 1) });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('leaves out unknown fragments and cuts cycles (validation refuses both)', () => {
    expect(measure('{ me { id ...Missing } }').cost).toBe(2);
    const cycle = '{ me { ...A } } fragment A on User { mentor { ...B } } fragment B on User { mentor { ...A } }';
    expect(measure(cycle)).toEqual({ depth: 3, aliases: 0, directives: 0, cost: 3 });
  });

  it('measures nothing under a root type the schema lacks, except the operation directives', () => {
    const queryOnly = buildSchema('type Query { a: Int }');
    expect(measure('mutation @x { b }', {}, queryOnly)).toEqual({ depth: 0, aliases: 0, directives: 1, cost: 0 });
  });
});

describe('checkLimits', () => {
  const within: OperationMeasure = { depth: LIMITS.maxDepth, aliases: LIMITS.maxAliases, directives: LIMITS.maxDirectives, cost: LIMITS.maxCost };
  const refusals = (measured: OperationMeasure) =>
    checkLimits(measured, LIMITS).map((error) => ({ message: error.message, extensions: error.extensions }));
  const refusal = (limit: string, message: string) => ({ message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit } });

  it('passes an operation at every limit', () => {
    expect(checkLimits(within, LIMITS)).toEqual([]);
  });

  it.each([
    ['depth', { depth: 9 }, 'The query is 9 levels deep; the limit is 8. Ask for fewer nested fields.'],
    ['aliases', { aliases: 16 }, 'The query uses 16 aliases; the limit is 15.'],
    ['directives', { directives: 51 }, 'The query uses 51 directives; the limit is 50.'],
    [
      'cost',
      { cost: 5001 },
      'The query could cost 5001 (each field 1, lists multiplied by their `first` or by the most items they return); the limit is 5000. Ask for smaller pages or fewer nested lists.',
    ],
  ])('refuses one over the %s limit, naming it', (limit, over, message) => {
    expect(refusals({ ...within, ...over })).toEqual([refusal(limit, message)]);
  });

  it('names every limit broken, in a fixed order', () => {
    const errors = checkLimits({ depth: 9, aliases: 16, directives: 51, cost: 5001 }, LIMITS);
    expect(errors.map((error) => error.extensions.limit)).toEqual(['depth', 'aliases', 'directives', 'cost']);
  });

  it('refuses what measuring finds', () => {
    expect(refusals(measure(NESTED))).toEqual([
      refusal(
        'cost',
        'The query could cost 3030301 (each field 1, lists multiplied by their `first` or by the most items they return); the limit is 5000. Ask for smaller pages or fewer nested lists.',
      ),
    ]);
  });
});
