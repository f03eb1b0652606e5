import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';

export const SCHEMA_FILE = 'schema/schema.graphql';

/** The contract as frontends diff it: sorted, so unrelated code moves do not reorder it. */
export function renderSchemaFile(schema: GraphQLSchema): string {
  return (
    '# The Quanzi API contract. Generated from the code by `npm run schema:emit`; do not edit.\n' +
    '# The test suite fails when this file is out of date.\n\n' +
    printSchema(lexicographicSortSchema(schema)) +
    '\n'
  );
}
