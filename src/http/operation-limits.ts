/**
 * Limits on what one GraphQL operation may ask, checked before it runs, on HTTP and on
 * WebSocket alike (both go through `checkOperation`). GraphQL Armor's defaults are the
 * floor: 15 aliases, 50 directives, 1,000 tokens, cost 5,000, and depth.
 *
 * Depth counts what a screen means, not how Relay wraps it: a connection's `edges` and
 * `pageInfo` and an edge's `node` add no level, so "my circles, each with its latest posts
 * and who wrote them" (me → circles → posts → author → handle) is 5 deep, not 9. Depth is
 * a backstop against recursion; cost is the main guard, and every nesting of lists pays
 * for it there whatever the depth.
 *
 * Cost: every field costs 1; a field that returns a list multiplies what is under it by
 * its `first` or `last` (or the page it returns by default), so `first: 100` on three nested
 * connections is priced as the million rows it could be. A list without either multiplies
 * by the bound it declares (`@MaxItems`, src/graphql/list-bounds.ts): the most items the
 * server returns there, so it is never cheaper than its paged twin. A list asked for by ids
 * (`nodes(ids:)`) is as long as the ids sent.
 */
import {
  GraphQLError,
  getNamedType,
  isListType,
  isNonNullType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
  isObjectType,
  isInterfaceType,
  isUnionType,
  type GraphQLNamedType,
} from 'graphql';
import type { OperationLimits } from '../config.js';
import { declaredMaxItems } from '../graphql/list-bounds.js';
import { DEFAULT_PAGE_SIZE } from '../graphql/pagination.js';

export interface OperationMeasure {
  depth: number;
  aliases: number;
  directives: number;
  cost: number;
}

function isList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

function argumentValue(node: ValueNode | undefined, variables: Record<string, unknown>): unknown {
  if (!node) return undefined;
  if (node.kind === Kind.VARIABLE) return variables[node.name.value];
  if (node.kind === Kind.INT) return Number(node.value);
  return undefined;
}

/** How many items a list argument holds (a literal list, or a list sent as a variable). */
function listLength(node: ValueNode | undefined, variables: Record<string, unknown>): number | undefined {
  if (node?.kind === Kind.LIST) return node.values.length;
  if (node?.kind === Kind.VARIABLE && Array.isArray(variables[node.name.value])) return (variables[node.name.value] as unknown[]).length;
  return undefined;
}

function fieldOf(parent: GraphQLNamedType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (isObjectType(parent) || isInterfaceType(parent)) return parent.getFields()[name];
  return undefined;
}

/** A Relay connection's `edges`: as long as the connection's `first`, which is counted already. */
export function isConnectionEdges(parent: GraphQLNamedType, name: string): boolean {
  return name === 'edges' && parent.name.endsWith('Connection');
}

/**
 * Relay's wrappers, which add no depth: `edges` and `pageInfo` of a connection, `node` of
 * an edge. Known by shape (a connection has `edges` and `pageInfo`, an edge `cursor` and
 * `node`), so a type merely named `…Edge` (TrustEdge) is not taken for one.
 */
export function isRelayWrapper(parent: GraphQLNamedType, name: string): boolean {
  if (!isObjectType(parent)) return false;
  const fields = parent.getFields();
  if (name === 'edges' || name === 'pageInfo') return 'edges' in fields && 'pageInfo' in fields;
  return name === 'node' && 'cursor' in fields && 'node' in fields;
}

/** How many times a field's selections may be produced. */
function multiplier(name: string, field: GraphQLField<unknown, unknown> | undefined, parent: GraphQLNamedType, first: unknown, maxPageSize: number): number {
  // Past the page cap the list answers BAD_USER_INPUT naming `first`; price what it can return.
  if (typeof first === 'number') return Math.min(Math.max(first, 1), maxPageSize);
  if (!field) return 1;
  if (isConnectionEdges(parent, name)) return 1;
  // A list that declares no bound is priced as the largest page (none of ours lacks one).
  if (isList(field.type)) return declaredMaxItems(field) ?? maxPageSize;
  return field.args.some((arg) => arg.name === 'first') ? DEFAULT_PAGE_SIZE : 1;
}

const NOTHING: OperationMeasure = { depth: 0, aliases: 0, directives: 0, cost: 0 };

/**
 * Depth, aliases, directives and cost of one operation, fragments expanded. Each fragment
 * is measured once and its measure reused wherever it is spread: a document that spreads
 * fragments into fragments costs time in proportion to its size, not to its expansion.
 */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  maxPageSize: number,
): OperationMeasure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const measured = new Map<string, OperationMeasure>();
  const measuring = new Set<string>();

  const add = (total: OperationMeasure, part: OperationMeasure, levels = 0) => {
    total.depth = Math.max(total.depth, part.depth + levels);
    total.cost += part.cost;
    total.aliases += part.aliases;
    total.directives += part.directives;
  };

  const fragmentMeasure = (name: string): OperationMeasure => {
    const known = measured.get(name);
    if (known) return known;
    const fragment = fragments.get(name);
    // Unknown fragments and cycles are validation errors; they cost nothing here.
    if (!fragment || measuring.has(name)) return NOTHING;
    measuring.add(name);
    const type = schema.getType(fragment.typeCondition.name.value);
    const measure = type && !isUnionType(type) ? walk(fragment.selectionSet, type) : { ...NOTHING };
    measuring.delete(name);
    measured.set(name, measure);
    return measure;
  };

  // The measure of a selection set on `parent`, its depth counted from the set itself.
  function walk(selectionSet: SelectionSetNode, parent: GraphQLNamedType): OperationMeasure {
    const total = { ...NOTHING };
    for (const selection of selectionSet.selections) {
      total.directives += selection.directives?.length ?? 0;
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) total.aliases += 1;
        const field = fieldOf(parent, selection.name.value);
        const child = selection.selectionSet && field ? walk(selection.selectionSet, getNamedType(field.type)) : NOTHING;
        // A page is `first` or `last` items long (two-way lists take either).
        const pageArgument = (name: string) => argumentValue(selection.arguments?.find((a) => a.name.value === name)?.value, variables);
        const asked = pageArgument('first') ?? pageArgument('last') ?? listLength(selection.arguments?.find((a) => a.name.value === 'ids')?.value, variables);
        const size = multiplier(selection.name.value, field, parent, asked, maxPageSize);
        add(total, { ...child, cost: 1 + size * child.cost }, isRelayWrapper(parent, selection.name.value) ? 0 : 1);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        add(total, walk(selection.selectionSet, condition && !isUnionType(condition) ? condition : parent));
      } else {
        add(total, fragmentMeasure(selection.name.value));
      }
    }
    return total;
  }

  const root = operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  const measure = root ? walk(operation.selectionSet, root) : { ...NOTHING };
  measure.directives += operation.directives?.length ?? 0;
  return measure;
}

function limitError(message: string, limit: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit } });
}

/** The limits this operation breaks, as errors a client can act on (empty when within all). */
export function checkLimits(measure: OperationMeasure, limits: OperationLimits): GraphQLError[] {
  const errors: GraphQLError[] = [];
  if (measure.depth > limits.maxDepth) {
    errors.push(limitError(`The query is ${measure.depth} levels deep; the limit is ${limits.maxDepth}. Ask for fewer nested fields.`, 'depth'));
  }
  if (measure.aliases > limits.maxAliases) {
    errors.push(limitError(`The query uses ${measure.aliases} aliases; the limit is ${limits.maxAliases}.`, 'aliases'));
  }
  if (measure.directives > limits.maxDirectives) {
    errors.push(limitError(`The query uses ${measure.directives} directives; the limit is ${limits.maxDirectives}.`, 'directives'));
  }
  if (measure.cost > limits.maxCost) {
    errors.push(
      limitError(
        `The query could cost ${measure.cost} (each field 1, lists multiplied by their \`first\` or by the most items they return); the limit is ${limits.maxCost}. Ask for smaller pages or fewer nested lists.`,
        'cost',
      ),
    );
  }
  return errors;
}
