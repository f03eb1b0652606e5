// The playground page's script, bundled by src/playground/playground.ts with esbuild.
// Everything it needs (React, GraphiQL, the graphql-ws client, styles, fonts) is in the
// bundle, so it works with no internet access. The decisions (what a refused subscription
// says, which token goes into the Headers tab) live in the pure modules beside it, which
// test/unit checks.
import { useEditorContext } from '@graphiql/react';
import { GraphiQLInterface, GraphiQLProvider } from 'graphiql';
import { parse, getOperationAST } from 'graphql';
import { createClient } from 'graphql-ws';
import React from 'react';
import { createRoot } from 'react-dom/client';
import 'graphiql/graphiql.css';
import { authorizationOf, failureResult, missingAuthorization, shouldRetry } from './refusals.js';
import { headersWithToken, issuedToken } from './session-headers.js';
import { failuresAsResults } from './settle.js';

const httpUrl = new URL('/graphql', window.location.href).toString();
const wsUrl = httpUrl.replace(/^http/, 'ws');

/** Tokens issued by mutations run in this page, on their way to the Headers tab. */
const issuedTokens = new EventTarget();

function operationOf(params) {
  try {
    return getOperationAST(parse(params.query), params.operationName);
  } catch {
    return null; // the server explains what is wrong with the document
  }
}

// A subscription opens its own graphql-ws connection, authenticated with the Authorization
// header from the Headers tab. Refusals (4403, 4408, 4429) are final, so they are shown at
// once instead of after graphql-ws's five retries.
function subscribe(params, headers) {
  const missing = missingAuthorization(headers);
  if (missing) return missing;
  const client = createClient({ url: wsUrl, connectionParams: { authorization: authorizationOf(headers) }, shouldRetry });
  return failuresAsResults(client.iterate(params), (error) => failureResult(error, wsUrl), () => client.dispose());
}

// Queries and mutations go over HTTP with the headers from the Headers tab.
async function fetcher(params, options) {
  const headers = options?.headers ?? {};
  const operation = operationOf(params);
  if (operation?.operation === 'subscription') return subscribe(params, headers);
  const response = await fetch(httpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify(params),
  });
  const result = await response.json();
  const token = issuedToken(operation, result);
  if (token) issuedTokens.dispatchEvent(new CustomEvent('token', { detail: token }));
  return result;
}

// Writes each issued token into the Headers tab of the tab being used, through GraphiQL's
// editor context (which is why the page composes GraphiQLProvider and GraphiQLInterface
// itself instead of using <GraphiQL>: the context exists only inside the provider).
function HeadersFromLogIn() {
  const { headerEditor } = useEditorContext({ nonNull: true });
  React.useEffect(() => {
    if (!headerEditor) return undefined;
    const fill = (event) => {
      const text = headersWithToken(headerEditor.getValue(), event.detail);
      if (text !== null) headerEditor.setValue(text);
    };
    issuedTokens.addEventListener('token', fill);
    return () => issuedTokens.removeEventListener('token', fill);
  }, [headerEditor]);
  return null;
}

// Set by the server in a JSON block (data, not script, so the page's CSP can forbid inline script).
const config = JSON.parse(document.getElementById('playground-config')?.textContent || '{}');

createRoot(document.getElementById('playground')).render(
  React.createElement(
    GraphiQLProvider,
    {
      fetcher,
      defaultQuery: config.defaultQuery,
      defaultHeaders: JSON.stringify({ Authorization: 'Bearer <run logIn or signUp: the token fills in here>' }, null, 2),
      shouldPersistHeaders: true,
    },
    React.createElement(HeadersFromLogIn),
    React.createElement(GraphiQLInterface, { isHeadersEditorEnabled: true, showPersistHeadersSettings: true }),
  ),
);
