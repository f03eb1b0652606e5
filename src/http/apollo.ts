/**
 * Apollo Server 5 on our own node:http server (no Express): one GraphQL request in,
 * one response out, through `executeHTTPGraphQLRequest`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApolloServer, HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import { authenticate, createContext, type AppServices, type Context } from '../context.js';
import { toClientError } from '../errors.js';
import { bearerToken } from '../auth/tokens.js';
import { BodyTooLargeError, readBody } from './body.js';
import { extraValidationRules } from './operation-checks.js';
import type { RequestInfo } from './request-info.js';

/** Logs failures that are ours (with the request id), and reports round-trips when asked. */
function observabilityPlugin(app: AppServices): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            const { internal } = toClientError(error.toJSON(), error);
            if (internal) contextValue.log.error({ err: internal, path: error.path }, 'operation failed');
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
    validationRules: extraValidationRules,
    csrfPrevention: true,
    formatError: (formatted, error) => toClientError(formatted, error).formatted,
    logger: app.log,
    plugins: [ApolloServerPluginLandingPageDisabled(), observabilityPlugin(app)],
  });
}

function headerMapOf(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

function sendJsonError(res: ServerResponse, status: number, code: string, message: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

/** Serves GraphQL over HTTP (GET and POST) on one request. */
export async function handleGraphQLRequest(
  apollo: ApolloServer<Context>,
  app: AppServices,
  info: RequestInfo,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  let body: unknown;
  if (req.method === 'POST') {
    let raw: string;
    try {
      raw = await readBody(req, app.config.maxBodyBytes);
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
  const query = target.indexOf('?');
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers: headerMapOf(req), search: query === -1 ? '' : target.slice(query), body },
    context: async () => {
      const auth = authenticate(app.tokens, bearerToken(req.headers.authorization));
      info.userId = auth.viewer?.id;
      return createContext(app, { requestId: info.requestId, ...auth });
    },
  });
  // For the request log: the name the client gave (asking Apollo costs a plugin hook per request).
  const named = (body as { operationName?: unknown } | undefined)?.operationName;
  info.operationName = typeof named === 'string' ? named : null;
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}
