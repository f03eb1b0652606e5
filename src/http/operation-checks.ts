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
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { getVariableValues } from 'graphql/execution/values.js';
import { checkLimits, measureOperation, type OperationLimits } from './operation-limits.js';

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

function withCode(error: GraphQLError, code: string, introspection = true): GraphQLError {
  return new GraphQLError(introspection ? error.message : error.message.replace(/ ?Did you mean(.+)\?$/, ''), {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions, code },
  });
}

type Checked = DocumentNode | readonly GraphQLError[];

/**
 * Parsed and validated documents by their text, per schema and options. Ten thousand
 * subscribers usually send a handful of distinct documents: each is checked once.
 */
const checkedBySchema = new WeakMap<GraphQLSchema, Map<string, Checked>>();
const CHECKED_DOCUMENTS_KEPT = 1000;

function checkDocument(schema: GraphQLSchema, query: string, options: CheckOptions): Checked {
  let checkedDocuments = checkedBySchema.get(schema);
  if (!checkedDocuments) checkedBySchema.set(schema, (checkedDocuments = new Map()));
  const key = `${options.introspection ? 'i' : 'n'}${options.limits.maxTokens}:${query}`;
  const known = checkedDocuments.get(key);
  if (known) return known;
  let checked: Checked;
  try {
    const document = parse(query, { maxTokens: options.limits.maxTokens });
    const rules = options.introspection ? specifiedRules : [...specifiedRules, NoSchemaIntrospectionCustomRule];
    const invalid = validate(schema, document, rules);
    checked = invalid.length > 0 ? invalid.map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED', options.introspection)) : document;
  } catch (error) {
    checked = [withCode(error as GraphQLError, 'GRAPHQL_PARSE_FAILED')];
  }
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
  const variables = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
  if (variables.errors) return variables.errors.map((error) => withCode(error, 'BAD_USER_INPUT'));
  const overLimit = checkLimits(measureOperation(schema, document, operation, variables.coerced, options.limits.maxPageSize), options.limits);
  return overLimit.length > 0 ? overLimit : { document, operation };
}

/**
 * The limit errors of an HTTP request, or none. Requests that do not parse or validate are
 * left to Apollo, which answers them the same way; only the limits are ours to add.
 */
export function limitErrors(schema: GraphQLSchema, request: GraphQLRequest, options: CheckOptions): readonly GraphQLError[] {
  const checked = checkOperation(schema, request, options);
  if (!Array.isArray(checked)) return [];
  return (checked as readonly GraphQLError[]).filter((error) => error.extensions.limit !== undefined);
}
