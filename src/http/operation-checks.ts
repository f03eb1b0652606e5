/**
 * What a GraphQL document goes through before it runs: parse (bounded in tokens),
 * validate, pick the operation, coerce variables, and check the operation limits. The
 * WebSocket path uses all of it; the HTTP path leaves parsing and validation to Apollo
 * (configured the same way) and uses the limit check. Each failure is the client's,
 * answered with the code an HTTP client would get.
 */
import {
  getOperationAST,
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  OperationTypeNode,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
} from 'graphql';
import { getVariableValues } from 'graphql/execution/values.js';
import type { OperationLimits } from '../config.js';
import { withoutSuggestions } from '../errors.js';
import { checkLimits, measureOperation } from './operation-limits.js';

export interface CheckOptions {
  limits: OperationLimits;
  /** Without introspection, schema queries are refused and "Did you mean…" hints dropped. */
  introspection: boolean;
}

export interface GraphQLRequest {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

function withCode(error: GraphQLError, code: string, introspection = true, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(introspection ? error.message : withoutSuggestions(error).message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions, code, ...extra },
  });
}

type Checked = DocumentNode | readonly GraphQLError[];

/** Errors that Apollo could not answer itself (it would fail on them): the HTTP path sends ours. */
const answeredByUs = new WeakSet<GraphQLError>();

const CONDITIONS = new Set(['skip', 'include']);

/**
 * A subscription must select exactly one root field, so @skip/@include there is refused
 * (the spec's rule; graphql-js 16 throws instead of reporting it when the condition is a
 * variable). Followed through fragments, each fragment once.
 */
function conditionalSubscriptionRoots(document: DocumentNode): GraphQLError[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const errors: GraphQLError[] = [];
  const seen = new Set<string>();
  const visit = (selections: readonly SelectionNode[]) => {
    for (const selection of selections) {
      const condition = selection.directives?.find((directive) => CONDITIONS.has(directive.name.value));
      if (condition) {
        const error = new GraphQLError(`A subscription selects exactly one root field: @${condition.name.value} is not allowed there.`, {
          nodes: condition,
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
        });
        answeredByUs.add(error);
        errors.push(error);
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet.selections);
      if (selection.kind === Kind.FRAGMENT_SPREAD && !seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) visit(fragment.selectionSet.selections);
      }
    }
  };
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION && definition.operation === OperationTypeNode.SUBSCRIPTION) visit(definition.selectionSet.selections);
  }
  return errors;
}

/**
 * Parsed and validated documents by their text, per schema and options. Ten thousand
 * subscribers usually send a handful of distinct documents: each is checked once.
 */
const checkedBySchema = new WeakMap<GraphQLSchema, Map<string, Checked>>();
const CHECKED_DOCUMENTS_KEPT = 1000;

function parseAndValidate(schema: GraphQLSchema, query: string, options: CheckOptions): Checked {
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens: options.limits.maxTokens });
  } catch (error) {
    // graphql-js says "more that 1000 tokens"; ours names the limit like the others.
    if (!/more th\w+ \d+ tokens/.test((error as Error).message)) return [withCode(error as GraphQLError, 'GRAPHQL_PARSE_FAILED')];
    return [
      new GraphQLError(`The document has more than ${options.limits.maxTokens} tokens; send a shorter one.`, {
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'tokens' },
      }),
    ];
  }
  const conditional = conditionalSubscriptionRoots(document);
  if (conditional.length > 0) return conditional;
  const rules = options.introspection ? specifiedRules : [...specifiedRules, NoSchemaIntrospectionCustomRule];
  let invalid: readonly GraphQLError[];
  try {
    invalid = validate(schema, document, rules);
  } catch (error) {
    // A document graphql-js cannot validate is not one we run; Apollo would fail on it too.
    const refusal = new GraphQLError(`The document could not be validated: ${(error as Error).message}`, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    answeredByUs.add(refusal);
    return [refusal];
  }
  return invalid.length > 0 ? invalid.map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED', options.introspection)) : document;
}

function checkDocument(schema: GraphQLSchema, query: string, options: CheckOptions): Checked {
  let checkedDocuments = checkedBySchema.get(schema);
  if (!checkedDocuments) checkedBySchema.set(schema, (checkedDocuments = new Map()));
  const key = `${options.introspection ? 'i' : 'n'}${options.limits.maxTokens}:${query}`;
  const known = checkedDocuments.get(key);
  if (known) return known;
  const checked = parseAndValidate(schema, query, options);
  if (checkedDocuments.size >= CHECKED_DOCUMENTS_KEPT) checkedDocuments.delete(checkedDocuments.keys().next().value!);
  checkedDocuments.set(key, checked);
  return checked;
}

export interface CheckedOperation {
  document: DocumentNode;
  operation: OperationDefinitionNode;
}

/** The parsed, valid operation within limits, or the errors to send back instead of running it. */
export function checkOperation(schema: GraphQLSchema, request: GraphQLRequest, options: CheckOptions): CheckedOperation | readonly GraphQLError[] {
  const checked = checkDocument(schema, request.query, options);
  if (Array.isArray(checked)) return checked;
  const document = checked as DocumentNode;
  const operation = getOperationAST(document, request.operationName);
  if (!operation) {
    return [
      new GraphQLError(
        request.operationName
          ? `The document has no operation named "${request.operationName}".`
          : 'The document has several operations; say which to run with operationName.',
        { extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } },
      ),
    ];
  }
  const overLimit = operation.variableDefinitions?.length ? limitsWithVariables(schema, document, operation, request, options) : fixedLimits(schema, document, operation, options);
  return overLimit.length > 0 ? overLimit : { document, operation };
}

function limitsWithVariables(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  request: GraphQLRequest,
  options: CheckOptions,
): readonly GraphQLError[] {
  const variables = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
  if (variables.errors) return variables.errors.map((error) => withCode(error, 'BAD_USER_INPUT', options.introspection));
  return checkLimits(measureOperation(schema, document, operation, variables.coerced, options.limits.maxPageSize), options.limits);
}

/**
 * An operation without variables measures the same every time: measured once per set of
 * limits (the document itself is cached), which keeps the busiest plain queries cheap.
 */
const fixedLimitsByLimits = new WeakMap<OperationLimits, WeakMap<OperationDefinitionNode, readonly GraphQLError[]>>();

function fixedLimits(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, options: CheckOptions): readonly GraphQLError[] {
  let known = fixedLimitsByLimits.get(options.limits);
  if (!known) fixedLimitsByLimits.set(options.limits, (known = new WeakMap()));
  let errors = known.get(operation);
  if (!errors) known.set(operation, (errors = checkLimits(measureOperation(schema, document, operation, {}, options.limits.maxPageSize), options.limits)));
  return errors;
}

/**
 * The errors an HTTP request is answered with before Apollo sees it (status 400), or none.
 * Requests that do not parse, validate or coerce are left to Apollo, which answers them the
 * same way; ours are the operation limits, what Apollo would fail on, and subscriptions,
 * which belong on the WebSocket.
 */
export function httpRefusals(schema: GraphQLSchema, request: GraphQLRequest, options: CheckOptions): readonly GraphQLError[] {
  const checked = checkOperation(schema, request, options);
  if (Array.isArray(checked)) {
    return (checked as readonly GraphQLError[]).filter((error) => error.extensions.limit !== undefined || answeredByUs.has(error));
  }
  if ((checked as CheckedOperation).operation.operation !== OperationTypeNode.SUBSCRIPTION) return [];
  return [
    new GraphQLError('Subscriptions run over WebSocket (graphql-ws protocol) at /graphql, not over HTTP.', {
      extensions: { code: 'BAD_REQUEST' },
    }),
  ];
}
