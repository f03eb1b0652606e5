/**
 * What a GraphQL document goes through before it runs, on the WebSocket path (Apollo
 * does the same for HTTP): parse, validate, pick the operation, coerce variables. Each
 * failure is the client's, answered with the code HTTP clients would get.
 */
import {
  getOperationAST,
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationRule,
} from 'graphql';
import { getVariableValues } from 'graphql/execution/values.js';

/** Rules every document must pass on both transports, beyond the GraphQL spec's own. */
export const extraValidationRules: ValidationRule[] = [];

function withCode(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions, code },
  });
}

export interface CheckedOperation {
  document: DocumentNode;
  operation: OperationDefinitionNode;
}

/**
 * Parsed and validated documents by their text. Ten thousand subscribers usually send a
 * handful of distinct documents: each is parsed and validated once, and its tree shared.
 */
const checkedBySchema = new WeakMap<GraphQLSchema, Map<string, DocumentNode | readonly GraphQLError[]>>();
const CHECKED_DOCUMENTS_KEPT = 1000;

function checkDocument(schema: GraphQLSchema, query: string): DocumentNode | readonly GraphQLError[] {
  let checkedDocuments = checkedBySchema.get(schema);
  if (!checkedDocuments) checkedBySchema.set(schema, (checkedDocuments = new Map()));
  const known = checkedDocuments.get(query);
  if (known) return known;
  let checked: DocumentNode | readonly GraphQLError[];
  try {
    const document = parse(query);
    const invalid = validate(schema, document, [...specifiedRules, ...extraValidationRules]);
    checked = invalid.length > 0 ? invalid.map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED')) : document;
  } catch (error) {
    checked = [withCode(error as GraphQLError, 'GRAPHQL_PARSE_FAILED')];
  }
  if (checkedDocuments.size >= CHECKED_DOCUMENTS_KEPT) checkedDocuments.delete(checkedDocuments.keys().next().value!);
  checkedDocuments.set(query, checked);
  return checked;
}

/** The parsed, valid operation, or the errors to send back instead of running it. */
export function checkOperation(
  schema: GraphQLSchema,
  request: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null },
): CheckedOperation | readonly GraphQLError[] {
  const checked = checkDocument(schema, request.query);
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
  return { document, operation };
}
