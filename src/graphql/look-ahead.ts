/**
 * Look-ahead: which fields a query selects on the object a resolver is about to return,
 * with their arguments as the child resolvers will get them. A parent resolver uses it to
 * read what its children will ask for in the same Cypher statement as itself and prime the
 * request's loaders, so the children find their data there instead of each taking a
 * round-trip of their own. A child whose data was not primed still reads it itself: the
 * look-ahead only ever saves work, it never decides what anyone may see.
 */
import {
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isObjectType,
  Kind,
  type FieldNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';

export interface SelectedField {
  name: string;
  /** Arguments with variables and defaults filled in, as the field's resolver receives them. */
  args: Record<string, unknown>;
}

/**
 * Every selection of a field of the returned object type, in query order (a field selected
 * twice under two aliases, with different arguments, appears twice); with a `path`, of the
 * object found down that path of fields instead (`['edges', 'node']`: the nodes of a
 * returned connection). Fragments are followed; fields left out by `@skip`/`@include` are
 * not listed. Empty where a type on the way is not an object type (a union or interface:
 * nothing is looked ahead).
 */
export function selectedFields(info: GraphQLResolveInfo, path: readonly string[] = []): SelectedField[] {
  let type = getNamedType(info.returnType);
  let selections: Array<SelectionSetNode | undefined> = info.fieldNodes.map((node) => node.selectionSet);
  for (const step of path) {
    if (!isObjectType(type)) return [];
    const below = fieldsIn(info, type, selections).filter((field) => field.definition.name === step);
    if (below.length === 0) return [];
    type = getNamedType(below[0]!.definition.type);
    selections = below.map((field) => field.node.selectionSet);
  }
  if (!isObjectType(type)) return [];
  return fieldsIn(info, type, selections).map(({ definition, node }) => ({
    name: definition.name,
    args: getArgumentValues(definition, node, info.variableValues),
  }));
}

/** The field selections of `type` in `selectionSets`, through fragments and directives. */
function fieldsIn(info: GraphQLResolveInfo, type: GraphQLObjectType, selectionSets: Array<SelectionSetNode | undefined>) {
  const fields = type.getFields();
  const found: Array<{ definition: GraphQLField<unknown, unknown>; node: FieldNode }> = [];
  const excluded = (node: Parameters<typeof getDirectiveValues>[1]) =>
    getDirectiveValues(GraphQLSkipDirective, node, info.variableValues)?.if === true ||
    getDirectiveValues(GraphQLIncludeDirective, node, info.variableValues)?.if === false;
  const visit = (selectionSet: SelectionSetNode | undefined, seen: Set<string>) => {
    for (const selection of selectionSet?.selections ?? []) {
      if (excluded(selection)) continue;
      if (selection.kind === Kind.FIELD) {
        const definition = fields[selection.name.value];
        if (definition) found.push({ definition, node: selection });
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (!selection.typeCondition || selection.typeCondition.name.value === type.name) visit(selection.selectionSet, seen);
      } else {
        const fragment = info.fragments[selection.name.value];
        // Validation forbids fragment cycles; `seen` only keeps a repeated spread from counting twice.
        if (fragment && !seen.has(fragment.name.value) && fragment.typeCondition.name.value === type.name) {
          visit(fragment.selectionSet, new Set([...seen, fragment.name.value]));
        }
      }
    }
  };
  for (const selectionSet of selectionSets) visit(selectionSet, new Set());
  return found;
}

/** The arguments of the first selection of `name`, or null when the query does not select it. */
export function argsOf(fields: readonly SelectedField[], name: string): Record<string, unknown> | null {
  return fields.find((field) => field.name === name)?.args ?? null;
}
