/**
 * Look-ahead (src/graphql/look-ahead.ts): what a parent resolver learns of the fields its
 * children will resolve, through aliases, fragments, variables, defaults and @skip/@include.
 */
import { buildSchema, graphql, type GraphQLResolveInfo } from 'graphql';
import { describe, expect, it } from 'vitest';
import { argsOf, selectedFields, type SelectedField } from '../../src/graphql/look-ahead.js';

const schema = buildSchema(`
  type Query { circle: Circle, thing: Thing, circles: CircleConnection }
  type CircleConnection { edges: [CircleEdge] }
  type CircleEdge { node: Circle }
  type Circle { name: String, memberCount: Int, posts(first: Int = 20, after: String): [String], members(first: Int): [String] }
  union Thing = Circle
`);

/** The fields `circle` (or `thing`) sees selected beneath it, for a query. */
async function seen(query: string, variableValues: Record<string, unknown> = {}, path: string[] = []): Promise<SelectedField[]> {
  let fields: SelectedField[] = [];
  // A function on the root value is called as (args, context, info).
  const look = (_args: unknown, _ctx: unknown, info: GraphQLResolveInfo) => {
    fields = selectedFields(info, path);
    return null;
  };
  const result = await graphql({ schema, source: query, variableValues, rootValue: { circle: look, thing: look, circles: look } });
  expect(result.errors).toBeUndefined();
  return fields;
}

describe('selectedFields', () => {
  it('lists the fields selected on the returned object, with their arguments and defaults filled in', async () => {
    expect(await seen('{ circle { name posts members(first: 3) } }')).toEqual([
      { name: 'name', args: {} },
      { name: 'posts', args: { first: 20 } },
      { name: 'members', args: { first: 3 } },
    ]);
  });

  it('fills in variables, and lists a field once per alias', async () => {
    const fields = await seen('query($n: Int, $a: String) { circle { a: posts(first: $n, after: $a) b: posts(first: 1) } }', { n: 5, a: 'x' });
    expect(fields).toEqual([
      { name: 'posts', args: { first: 5, after: 'x' } },
      { name: 'posts', args: { first: 1 } },
    ]);
    expect(argsOf(fields, 'posts')).toEqual({ first: 5, after: 'x' });
    expect(argsOf(fields, 'members')).toBeNull();
  });

  it('follows inline fragments and named fragments, and skips what @skip and @include leave out', async () => {
    const fields = await seen(
      `query($no: Boolean!) {
        circle { ... on Circle { memberCount } ...Page  name @skip(if: true) members @include(if: $no) }
      }
      fragment Page on Circle { posts(first: 2) }`,
      { no: false },
    );
    expect(fields.map((f) => f.name)).toEqual(['memberCount', 'posts']);
  });

  it('follows a path down a connection to its nodes, across every selection of the path', async () => {
    const query = `{ circles { edges { cursor: __typename node { name } } ...More } }
      fragment More on CircleConnection { edges { node { memberCount } } }`;
    expect((await seen(query, {}, ['edges', 'node'])).map((f) => f.name)).toEqual(['name', 'memberCount']);
    expect(await seen('{ circles { edges { __typename } } }', {}, ['edges', 'node'])).toEqual([]);
  });

  it('looks at nothing beneath a union', async () => {
    expect(await seen('{ thing { ... on Circle { name } } }')).toEqual([]);
  });
});
