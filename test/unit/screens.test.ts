/**
 * The client's screens (test/operations/screens.graphql) pass the operation limits at their
 * defaults, and the bombs beside them do not (issue 15, item 3). Measured on the real schema
 * with the same checks both transports use: tokens, validation, depth, aliases, cost.
 * test/platform/screens.test.ts runs the screens against a server with data.
 */
import { print, type DocumentNode, type GraphQLError, type GraphQLSchema } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildQuanziSchema } from '../../src/graphql/schema.js';
import { checkOperation } from '../../src/http/operation-checks.js';
import { measureOperation } from '../../src/http/operation-limits.js';
import * as generated from '../generated/graphql.js';

const { operationLimits: limits } = loadConfig({});

/** Every `Screen…Document` codegen made of screens.graphql. */
const SCREENS = Object.entries(generated).filter(([name]) => /^Screen\w+Document$/.test(name)) as Array<[string, DocumentNode]>;

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildQuanziSchema();
});

function check(query: string, variables: Record<string, unknown> = {}) {
  const checked = checkOperation(schema, { query, variables }, { limits, introspection: false });
  return Array.isArray(checked) ? (checked as readonly GraphQLError[]) : [];
}

describe('the screens pass the limits', () => {
  it('are all there', () => {
    expect(SCREENS.map(([name]) => name).sort()).toEqual(
      ['Circle', 'Conversation', 'Conversations', 'Feed', 'MyCircles', 'Notifications', 'Profile', 'Recommendations'].map((s) => `Screen${s}Document`),
    );
  });

  it.each(SCREENS)('%s', (_, document) => {
    const variables = { handle: 'li_na', withHandle: 'li_na', slug: 'tea' };
    expect(check(print(document), variables).map((error) => error.message)).toEqual([]);
  });

  it('"my circles, each with its latest posts and who wrote them" is 5 levels deep: Relay wrappers add none', () => {
    const operation = generated.ScreenMyCirclesDocument.definitions.find((d) => d.kind === 'OperationDefinition')!;
    const measure = measureOperation(schema, generated.ScreenMyCirclesDocument, operation as never, {}, limits.maxPageSize);
    expect(measure.depth).toBe(5);
  });
});

describe('the bombs are still refused', () => {
  const refusedBy = (query: string) => check(query).map((error) => error.extensions?.limit ?? error.extensions?.code);
  const connection = (field: string, inner: string) => `${field} { edges { node { ${inner} } } }`;

  it('three nested connections of 100 (a million rows): cost', () => {
    const query = `{ ${connection('circles(first: 100)', connection('members(first: 100)', `user { ${connection('circles(first: 100)', 'slug')} }`))} }`;
    expect(refusedBy(query)).toEqual(['cost']);
  });

  it('recursion through single objects, one item per page (notification → post → circle → posts …): depth', () => {
    let inner = 'id';
    for (let i = 0; i < 4; i++) inner = `circle { ${connection('posts(first: 1)', inner)} }`;
    expect(refusedBy(`{ ${connection('notifications(first: 1)', `post { ${inner} }`)} }`)).toEqual(['depth']);
  });

  it('the same recursion with default pages: depth and cost', () => {
    let inner = 'id';
    for (let i = 0; i < 4; i++) inner = `circle { ${connection('posts', inner)} }`;
    expect(refusedBy(`{ ${connection('notifications', `post { ${inner} }`)} }`)).toEqual(['depth', 'cost']);
  });

  it('a wide page of wide pages within depth: cost', () => {
    const query = `{ feed(first: 100) { edges { node { circle { ${connection('members(first: 100)', 'user { handle }')} } } } } }`;
    expect(refusedBy(query)).toEqual(['cost']);
  });

  it('aliases fanning one screen out: aliases', () => {
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: me { id }`).join(' ');
    expect(refusedBy(`{ ${aliases} }`)).toEqual(['aliases']);
  });
});
