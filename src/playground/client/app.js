// The playground page's script, bundled by src/playground/playground.ts with esbuild.
// Everything it needs (React, GraphiQL, the graphql-ws client, styles, fonts) is in the
// bundle, so it works with no internet access.
import { GraphiQL } from 'graphiql';
import { parse, getOperationAST } from 'graphql';
import { createClient } from 'graphql-ws';
import React from 'react';
import { createRoot } from 'react-dom/client';
import 'graphiql/graphiql.css';

const httpUrl = new URL('/graphql', window.location.href).toString();
const wsUrl = httpUrl.replace(/^http/, 'ws');

function isSubscription(params) {
  try {
    return getOperationAST(parse(params.query), params.operationName)?.operation === 'subscription';
  } catch {
    return false;
  }
}

function authorizationOf(headers) {
  return headers?.Authorization ?? headers?.authorization;
}

// Queries and mutations go over HTTP with the headers from the Headers tab; subscriptions
// open a graphql-ws connection that authenticates with the same Authorization header.
function fetcher(params, options) {
  const headers = options?.headers ?? {};
  if (isSubscription(params)) {
    const client = createClient({ url: wsUrl, connectionParams: { authorization: authorizationOf(headers) } });
    const iterator = client.iterate(params);
    return {
      [Symbol.asyncIterator]: () => ({
        next: () => iterator.next(),
        return: async () => {
          await iterator.return?.();
          await client.dispose();
          return { done: true, value: undefined };
        },
      }),
    };
  }
  return fetch(httpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify(params),
  }).then((response) => response.json());
}

// Set by the server in a JSON block (data, not script, so the page's CSP can forbid inline script).
const config = JSON.parse(document.getElementById('playground-config')?.textContent || '{}');

createRoot(document.getElementById('playground')).render(
  React.createElement(GraphiQL, {
    fetcher,
    defaultQuery: config.defaultQuery,
    defaultHeaders: JSON.stringify({ Authorization: 'Bearer <paste the token from logIn here>' }, null, 2),
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: true,
  }),
);
