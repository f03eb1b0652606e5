/**
 * Apollo Server 5 on our own node:http server (no Express): one GraphQL request in,
 * one response out, through `executeHTTPGraphQLRequest`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApolloServer, HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { bearerToken } from '../auth/tokens.js';
import { DeadlineExceededError, toClientError, withoutSuggestions } from '../errors.js';
import { authenticate, createContext, type AppServices, type Context } from '../graphql/context.js';
import { BodyTooLargeError, readBody } from './body.js';
import { clientAddressOf } from './client-address.js';
import { sendJson, sendJsonError } from './json.js';
import { httpRefusals, type GraphQLRequest } from './operation-checks.js';
import type { RequestInfo } from './request-info.js';
import type { TrustedDocuments } from './trusted-documents.js';
import { isRequestError, requestErrorStatus, responseMediaType, statusByMedia } from './response-media.js';

/** Logs failures that are ours (with the request id), and reports round-trips when asked. */
function observabilityPlugin(app: AppServices): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            const { internal } = toClientError(error.toJSON(), error);
            if (internal) contextValue.log.error({ err: internal, path: error.path }, 'operation failed');
            else if (error.originalError instanceof DeadlineExceededError) contextValue.log.warn({ path: error.path }, 'request passed its deadline');
          }
        },
        ...(app.config.diagnostics && {
          async willSendResponse({ response, contextValue }) {
            if (response.body.kind !== 'single') return;
            response.body.singleResult.extensions = {
              ...response.body.singleResult.extensions,
              cypher: { roundTrips: contextValue.stats.roundTrips },
            };
          },
        }),
      };
    },
  };
}

export function createApollo(schema: GraphQLSchema, app: AppServices): ApolloServer<Context> {
  return new ApolloServer<Context>({
    schema,
    introspection: app.config.introspection,
    // Field suggestions ("Did you mean …?") reveal the schema when introspection is off.
    hideSchemaDetailsFromClientErrors: !app.config.introspection,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    // Token limit as on the WebSocket path; depth, aliases, directives and cost are checked
    // before Apollo sees the request (createGraphQLHttpHandler).
    parseOptions: { maxTokens: app.config.operationLimits.maxTokens },
    // Only full documents: operation limits are checked on the text, so no hash-only queries.
    persistedQueries: false,
    csrfPrevention: true,
    // Compact JSON: Apollo's default indents every answer, which costs time and bytes.
    stringifyResult: (result) => JSON.stringify(result),
    formatError: (formatted, error) => {
      const client = toClientError(formatted, error).formatted;
      return app.config.introspection ? client : withoutSuggestions(client);
    },
    logger: app.log,
    // No cache hints in this schema (answers depend on the viewer): without the default
    // cache-control plugin, Apollo does not wrap every field resolver to collect them.
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginCacheControlDisabled(), observabilityPlugin(app)],
  });
}

function headerMapOf(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

/** The GraphQL request in a POST body or GET query string, when it names a query. */
function graphQLRequestOf(body: unknown, search: string): GraphQLRequest | null {
  if (body && typeof body === 'object' && typeof (body as GraphQLRequest).query === 'string') return body as GraphQLRequest;
  if (!search) return null;
  const params = new URLSearchParams(search);
  const query = params.get('query');
  if (!query) return null;
  try {
    const variables = params.get('variables');
    return { query, operationName: params.get('operationName'), variables: variables ? JSON.parse(variables) : null };
  } catch {
    return null; // Apollo answers malformed variables itself
  }
}

/**
 * The request with the trusted document it names put in as its text (and the id taken
 * out), or the refusal. Apollo runs what a POST's JSON body or a GET's query string says,
 * so both are rewritten; a body of any other kind holds nothing Apollo would run.
 */
function withTrustedDocument(trusted: TrustedDocuments, body: unknown, search: string, requestId: string): { body: unknown; search: string } | GraphQLError {
  const where = { transport: 'http' as const, requestId };
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const resolved = trusted.resolve(body, where);
    if (resolved instanceof GraphQLError) return resolved;
    const { documentId: _id, extensions: _extensions, ...rest } = body as Record<string, unknown>;
    // Apollo reads a key that is present as given: an absent one must stay absent.
    return { body: { ...rest, query: resolved.query, ...(resolved.extensions && { extensions: resolved.extensions }) }, search };
  }
  const params = new URLSearchParams(search);
  let extensions: unknown;
  try {
    extensions = params.has('extensions') ? JSON.parse(params.get('extensions')!) : undefined;
  } catch {
    extensions = undefined; // Apollo answers malformed extensions itself
  }
  const resolved = trusted.resolve({ query: params.get('query') ?? undefined, documentId: params.get('documentId') ?? undefined, operationName: params.get('operationName'), extensions }, where);
  if (resolved instanceof GraphQLError) return resolved;
  params.delete('documentId');
  if (resolved.query !== undefined) params.set('query', resolved.query);
  if (resolved.extensions) params.set('extensions', JSON.stringify(resolved.extensions));
  return { body, search: params.size > 0 ? `?${params}` : '' };
}

/** How long past the deadline the handler waits before answering anyway. */
export const DEADLINE_BACKSTOP_MS = 2_000;

export type GraphQLHttpHandler = (info: RequestInfo, req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** Serves GraphQL over HTTP (GET and POST): body limits, operation limits, a deadline, then Apollo. */
export function createGraphQLHttpHandler(apollo: ApolloServer<Context>, schema: GraphQLSchema, app: AppServices, trusted: TrustedDocuments | null = null): GraphQLHttpHandler {
  const { config } = app;
  const checks = { limits: config.operationLimits, introspection: config.introspection };

  return async (info, req, res) => {
    // Answers depend on who asks: no browser or proxy may keep one (Apollo's cache-control
    // plugin, which said the same, is off).
    res.setHeader('cache-control', 'no-store');
    let body: unknown;
    if (req.method === 'POST') {
      let raw: string;
      try {
        raw = await readBody(req, config.maxBodyBytes);
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          res.setHeader('connection', 'close');
          return sendJsonError(res, 413, 'PAYLOAD_TOO_LARGE', `${error.message} Send smaller documents and variables.`);
        }
        throw error;
      }
      if (/^application\/(graphql-response\+)?json/i.test(req.headers['content-type'] ?? '')) {
        try {
          body = JSON.parse(raw);
        } catch {
          return sendJsonError(res, 400, 'BAD_REQUEST', 'The request body is not valid JSON.');
        }
      } else {
        body = raw;
      }
    }
    const target = req.url ?? '/';
    const queryAt = target.indexOf('?');
    let search = queryAt === -1 ? '' : target.slice(queryAt);
    if (trusted) {
      // Before anything else reads the request: from here on it holds the trusted text.
      const swapped = withTrustedDocument(trusted, body, search, info.requestId);
      if (swapped instanceof GraphQLError) {
        const mediaType = responseMediaType(req.headers.accept);
        return sendJson(res, requestErrorStatus(mediaType), { errors: [swapped.toJSON()] }, mediaType);
      }
      ({ body, search } = swapped);
    }

    // For the request log: the name the client gave (asking Apollo costs a plugin hook per request).
    const request = graphQLRequestOf(body, search);
    info.operationName = typeof request?.operationName === 'string' ? request.operationName : null;
    // Operation limits are checked before anything runs, exactly as on the WebSocket path.
    const refused = request ? httpRefusals(schema, request, checks) : [];
    if (refused.length > 0) {
      const answer = { errors: refused.map((error) => error.toJSON()) };
      const mediaType = responseMediaType(req.headers.accept);
      return sendJson(res, isRequestError(answer) ? requestErrorStatus(mediaType) : 400, answer, mediaType);
    }

    // The deadline stops database work (no transaction starts or runs past it); the timer
    // below is the backstop for anything else that hangs, a little later.
    const deadline = { at: Date.now() + config.requestDeadlineMs, ms: config.requestDeadlineMs };
    let timer: NodeJS.Timeout | undefined;
    const backstop = new Promise<'deadline'>((resolve) => (timer = setTimeout(() => resolve('deadline'), config.requestDeadlineMs + DEADLINE_BACKSTOP_MS)));
    const work = apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers: headerMapOf(req), search, body },
      context: async () => {
        const auth = authenticate(app, bearerToken(req.headers.authorization));
        info.userId = auth.viewer?.id;
        const clientAddress = clientAddressOf(req, config.trustProxy);
        return createContext(app, { requestId: info.requestId, clientAddress, userAgent: req.headers['user-agent'], deadline, ...auth });
      },
    });
    const response = await Promise.race([work, backstop]).finally(() => clearTimeout(timer));
    if (response === 'deadline') {
      app.log.warn({ requestId: info.requestId, deadlineMs: config.requestDeadlineMs }, 'request passed its deadline');
      return sendJsonError(res, 503, 'SERVICE_UNAVAILABLE', new DeadlineExceededError(config.requestDeadlineMs).message);
    }
    for (const [key, value] of response.headers) res.setHeader(key, value);
    if (response.body.kind === 'complete') {
      const { string } = response.body;
      res.statusCode = statusByMedia(response.status ?? 200, response.headers.get('content-type'), () => JSON.parse(string));
      res.end(string);
      return;
    }
    res.statusCode = response.status ?? 200;
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}
