/**
 * The error codes of the API contract, and the one place that decides what a client may
 * see of a failure. Our own errors carry a code and a message a person can act on;
 * anything else (driver errors, bugs) is logged and reaches the client as a bare
 * INTERNAL_SERVER_ERROR or SERVICE_UNAVAILABLE, never with its details.
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { Neo4jError } from 'neo4j-driver';

export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'CREDIT_TOO_LOW'
  | 'VERIFICATION_REQUIRED'
  | 'DISCLOSURE_REQUIRED'
  | 'RATE_LIMITED'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

export class AppError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    extra: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { code, ...extra } });
  }
}

/**
 * Why a request is not signed in, in `extensions.reason` of every UNAUTHENTICATED error and
 * at the start of a refused WebSocket's close reason, so a client knows what to do:
 * TOKEN_MISSING (log in), TOKEN_MALFORMED (log in again: the token is not one of ours),
 * TOKEN_EXPIRED (refresh the session), TOKEN_REVOKED (the session was ended: log in),
 * TOKEN_REUSED (a refresh token was used twice: the session is ended, log in),
 * ACCOUNT_CLOSED (suspended or deleted), WRONG_CREDENTIALS (handle or password wrong).
 */
export type AuthFailure =
  | 'TOKEN_MISSING'
  | 'TOKEN_MALFORMED'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_REVOKED'
  | 'TOKEN_REUSED'
  | 'ACCOUNT_CLOSED'
  | 'WRONG_CREDENTIALS';

const SIGN_IN_HINT = 'You need to sign in: send the token from logIn or signUp as `Authorization: Bearer <token>`.';

export const unauthenticated = (reason: AuthFailure = 'TOKEN_MISSING', message = SIGN_IN_HINT) =>
  new AppError('UNAUTHENTICATED', message, { reason });
export const forbidden = (message: string) => new AppError('FORBIDDEN', message);
/** `field` names the argument or input field at fault, for forms to highlight. */
export const badInput = (field: string, message: string) => new AppError('BAD_USER_INPUT', message, { field });
export const notFound = (message: string) => new AppError('NOT_FOUND', message);
export const conflict = (message: string, extra?: Record<string, unknown>) => new AppError('CONFLICT', message, extra);
/** A circle's gate refused: `unmet` lists the codes of every gate the person does not pass. */
export const creditTooLow = (message: string, unmet: string[] = ['CREDIT_TOO_LOW']) => new AppError('CREDIT_TOO_LOW', message, { unmet });
export const verificationRequired = (message: string, unmet: string[] = ['VERIFICATION_REQUIRED']) =>
  new AppError('VERIFICATION_REQUIRED', message, { unmet });
/** Consent is missing for something that would disclose personal data (PIPL Art. 29): `field` names the consent to give. */
export const disclosureRequired = (field: string, message: string) => new AppError('DISCLOSURE_REQUIRED', message, { field });
export const rateLimited = (message: string, retryAfterSeconds: number) =>
  new AppError('RATE_LIMITED', message, { retryAfterSeconds });
/**
 * The request ran out of its time (REQUEST_DEADLINE_MS) before the database answered: no
 * transaction starts, is retried or runs past the deadline, so nothing is committed after
 * this answer. HTTP status 503, as when the deadline's backstop answers.
 */
export class DeadlineExceededError extends AppError {
  constructor(budgetMs: number, cause?: unknown) {
    super('SERVICE_UNAVAILABLE', `The request took longer than ${budgetMs / 1000} s; try again, or ask for less.`, { http: { status: 503 } });
    this.cause = cause;
  }
}

export const serviceUnavailable = () =>
  new AppError('SERVICE_UNAVAILABLE', 'The database is unavailable right now; please retry in a few seconds.');

/** Codes that graphql-js and Apollo give to problems with the request itself, before execution. */
const REQUEST_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  // TRUSTED_DOCUMENTS in enforce mode: a document that is not one of the app's (src/http/trusted-documents.ts).
  'PERSISTED_QUERY_NOT_IN_LIST',
]);

const UNAVAILABLE_NEO4J_CODES = new Set([
  'ServiceUnavailable',
  'SessionExpired',
  'Neo.TransientError.General.DatabaseUnavailable',
  'Neo.ClientError.Cluster.NotALeader',
  // The transaction ran out of time (NEO4J_TX_TIMEOUT_MS, or what was left of the request's
  // deadline) and was ended by the server, possibly while it waited for a lock.
  'Neo.ClientError.Transaction.TransactionTimedOut',
  'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration',
  'Neo.ClientError.Transaction.LockClientStopped',
  'Neo.ClientError.Transaction.Terminated',
]);

/**
 * The database could not be reached or could not answer in time: the client may retry.
 * Covers the driver's own connection failures, Neo4j's transient errors (what the driver
 * marks retriable, e.g. while a database starts), and transactions that ran out of time.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Neo4jError)) return false;
  return (
    UNAVAILABLE_NEO4J_CODES.has(error.code) ||
    error.retriable ||
    error.code.startsWith('Neo.TransientError.') ||
    /connect|acquisition timed out|ECONNREFUSED|ECONNRESET/i.test(error.message)
  );
}

/** A unique constraint refused a write: another request got there first. */
export function isConstraintViolation(error: unknown): boolean {
  return error instanceof Neo4jError && error.code === 'Neo.ClientError.Schema.ConstraintValidationFailed';
}

function rootCause(error: unknown): unknown {
  let current = error;
  while (current instanceof GraphQLError && current.originalError && current.originalError !== current) {
    current = current.originalError;
  }
  return current;
}

export interface ClientErrorVerdict {
  formatted: GraphQLFormattedError;
  /** Set when the failure is ours, not the client's: it must be logged with its details. */
  internal?: unknown;
}

/**
 * Without introspection, graphql-js's "Did you mean …?" hints would reveal the schema;
 * Apollo drops them from validation errors only, so every message passes through here.
 */
export function withoutSuggestions(formatted: GraphQLFormattedError): GraphQLFormattedError {
  return { ...formatted, message: formatted.message.replace(/ ?Did you mean(.+?)\?$/, '') };
}

const VARIABLE_ERROR = /^Variable "\$([_A-Za-z][_0-9A-Za-z]*)"/;

/**
 * The input a variable-coercion error is about, for `extensions.field` as on every other
 * input error: a missing or unknown input field by its name, else the innermost input field
 * of the path graphql-js names ("input.interestSlugs[1]" gives interestSlugs), else the
 * variable's own name. graphql-js says it only in the message
 * (`Variable "$input" got invalid value … at "input.handle"; …`), so it is read from there.
 */
export function variableErrorField(message: string): string | undefined {
  const variable = VARIABLE_ERROR.exec(message)?.[1];
  if (variable === undefined) return undefined;
  const at = new RegExp(`got invalid value .* at "${variable}((?:\\.[_A-Za-z][_0-9A-Za-z]*|\\[\\d+\\])*)"`, 's').exec(message)?.[1];
  // A missing or unknown input field is named by the reason, after the path to its object.
  const missing = [...message.matchAll(/; Field "([_A-Za-z][_0-9A-Za-z]*)" (?:of required type|is not defined)/g)].at(-1)?.[1];
  const names = (at ?? '').replace(/\[\d+\]/g, '').split('.').filter(Boolean);
  return missing ?? names.at(-1) ?? variable;
}

/** Decides what the client sees of an error (HTTP and WebSocket alike). */
export function toClientError(formatted: GraphQLFormattedError, error: unknown): ClientErrorVerdict {
  const cause = rootCause(error);
  const { locations, path } = formatted;
  if (cause instanceof AppError) {
    // `http` sets the response status (Apollo reads it); it is not for the client's eyes.
    const { http: _http, ...extensions } = cause.extensions;
    return { formatted: { message: cause.message, locations, path, extensions } };
  }
  const code = formatted.extensions?.code;
  const requestProblem = typeof code === 'string' && REQUEST_CODES.has(code) && !(cause instanceof Neo4jError);
  if (requestProblem) {
    const { limit } = formatted.extensions ?? {};
    const field = code === 'BAD_USER_INPUT' ? variableErrorField(formatted.message) : undefined;
    const extensions = { code, ...(limit !== undefined && { limit }), ...(field !== undefined && { field }) };
    return { formatted: { message: formatted.message, locations, path, extensions } };
  }
  if (isDatabaseUnavailable(cause)) {
    const unavailable = serviceUnavailable();
    return { formatted: { message: unavailable.message, locations, path, extensions: unavailable.extensions }, internal: cause };
  }
  return {
    formatted: {
      message: 'Something went wrong on our side. It has been logged; quote the x-request-id response header if you report it.',
      locations,
      path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    },
    internal: cause,
  };
}
