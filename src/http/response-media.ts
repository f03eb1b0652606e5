/**
 * Status codes by the Accept header, as the GraphQL-over-HTTP spec says (and its audit,
 * graphql-http, checks). A well-formed request whose document does not parse or validate,
 * whose operation cannot be chosen, or whose variables do not coerce is a *request error*:
 *  - a client that accepts `application/graphql-response+json` gets it with status 400;
 *  - a client that accepts only `application/json` (or sends no Accept header) gets it with
 *    status 200, since such clients read any non-2xx as a failure of the network, not of
 *    their query, and would never show the errors.
 * A request that is not a GraphQL request at all (invalid JSON, no query, a batch, a
 * subscription over HTTP) is 400 whatever the client accepts. Apollo Server 5 answers
 * request errors with 400 in both media types; `statusByMedia` corrects its answer.
 */
export const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json; charset=utf-8';
export const APPLICATION_JSON = 'application/json; charset=utf-8';

/** The codes of request errors (src/errors.ts lists every code; README "Error catalogue"). */
const REQUEST_ERROR_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'OPERATION_RESOLUTION_FAILURE', 'BAD_USER_INPUT', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_IN_LIST']);

interface Weighted {
  q: number;
  at: number;
}

/** The q-value and position of the first Accept entry that covers `type` (`*` wildcards included), or null. */
function weightOf(accept: string, type: string): Weighted | null {
  const [major] = type.split('/');
  const entries = accept.split(',');
  for (const [at, entry] of entries.entries()) {
    const [range = '', ...params] = entry.split(';').map((part) => part.trim().toLowerCase());
    if (range !== type && range !== `${major}/*` && range !== '*/*') continue;
    const q = params.find((param) => param.startsWith('q='));
    return { q: q === undefined ? 1 : Number(q.slice(2)) || 0, at };
  }
  return null;
}

/**
 * The media type our own answers use (Apollo negotiates its own the same way): the GraphQL
 * response type when the client prefers it (higher q, or named first at the same q), else JSON.
 */
export function responseMediaType(accept: string | undefined): string {
  if (!accept) return APPLICATION_JSON;
  const graphql = weightOf(accept, 'application/graphql-response+json');
  const json = weightOf(accept, 'application/json');
  if (!graphql || graphql.q === 0) return APPLICATION_JSON;
  if (!json || json.q === 0 || graphql.q > json.q || (graphql.q === json.q && graphql.at < json.at)) return GRAPHQL_RESPONSE_JSON;
  return APPLICATION_JSON;
}

interface ErrorBody {
  data?: unknown;
  errors?: ReadonlyArray<{ extensions?: Record<string, unknown> }>;
}

/** No data and only request errors: the document or its variables were refused before execution. */
export function isRequestError(body: ErrorBody): boolean {
  const errors = body.errors ?? [];
  return !('data' in body) && errors.length > 0 && errors.every((error) => REQUEST_ERROR_CODES.has(String(error.extensions?.code)));
}

/** The status a request error gets in the media type chosen for it. */
export const requestErrorStatus = (mediaType: string): number => (mediaType.startsWith('application/json') ? 200 : 400);

/** Apollo's status for an answer, corrected for request errors sent as plain JSON. */
export function statusByMedia(status: number, contentType: string | undefined, body: () => ErrorBody): number {
  if (status !== 400 || !contentType?.startsWith('application/json')) return status;
  return isRequestError(body()) ? 200 : status;
}
