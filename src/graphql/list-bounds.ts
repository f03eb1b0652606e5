/**
 * How long a list without `first` can be. Every such field of the schema declares the bound
 * the server keeps (a rule on what can be stored, or a LIMIT in its Cypher) with `@MaxItems`;
 * the cost analysis (src/http/operation-limits.ts) multiplies what is under the list by it,
 * so an unpaged list is priced for every item it can return, like its paged twin.
 * test/unit/list-bounds.test.ts fails for any list field that declares none.
 */
import type { GraphQLField } from 'graphql';
import { Extensions } from 'type-graphql';

/** Declares that this list field returns at most `n` items (kept in the field's `extensions`). */
export function MaxItems(n: number): MethodDecorator & PropertyDecorator {
  if (!Number.isInteger(n) || n < 1) throw new Error(`MaxItems needs a whole number of at least 1; got ${n}`);
  return Extensions({ maxItems: n });
}

/** The bound a field declared with `@MaxItems`, or undefined. */
export function declaredMaxItems(field: GraphQLField<unknown, unknown>): number | undefined {
  const value = field.extensions?.maxItems;
  return typeof value === 'number' ? value : undefined;
}
