/**
 * What the playground shows when a subscription cannot run: a GraphQL-shaped result
 * (`{ errors: [{ message, extensions }] }`) that GraphiQL prints like any other answer,
 * instead of a spinner while graphql-ws retries and then `{"isTrusted":true}` (a browser
 * Event, which has nothing else to print). Pure: no DOM, so node tests import it.
 *
 * The server closes a socket it refuses or ends with one of these codes (see
 * src/http/graphql-ws.ts): 4403 with a reason `<REASON>: <sentence>`, 4408 when
 * `connection_init` came too late, 4429 when there are too many connections, 1001 when it
 * shuts down.
 */
import type { FormattedExecutionResult, GraphQLFormattedError } from 'graphql';
import type { AuthFailure } from '../../errors.js';

/** Closes that retrying cannot fix: the same token, page or address gets the same answer. */
const REFUSED = new Set([4403, 4408, 4429]);

/** For graphql-ws's `shouldRetry`: retry only closes that a reconnect may fix (1001, 1006...). */
export function shouldRetry(errorOrClose: unknown): boolean {
  return isCloseLike(errorOrClose) && !REFUSED.has(errorOrClose.code);
}

/** The reasons a socket is closed with (src/http/graphql-ws.ts); the type keeps this list complete. */
type SocketRefusal = Exclude<AuthFailure, 'TOKEN_REUSED' | 'WRONG_CREDENTIALS'>;

/** What a person can do in this page about each token problem the server names. */
const ADVICE: Record<SocketRefusal, string> = {
  TOKEN_MISSING: 'Run logIn or signUp in this page: the Headers tab fills itself with the token. Or paste {"Authorization": "Bearer <token>"} there yourself.',
  TOKEN_MALFORMED: 'The Headers tab needs {"Authorization": "Bearer <token>"} with the whole token from logIn; run logIn in this page and it is filled in for you.',
  TOKEN_EXPIRED: 'Run refreshSession with your refresh token, or logIn again: either fills the Headers tab. Then run the subscription again.',
  TOKEN_REVOKED: 'Run logIn again for a new token: it fills the Headers tab. Then run the subscription again.',
  ACCOUNT_CLOSED: 'This account can no longer sign in; log in as another account.',
};
const GENERIC_ADVICE = 'Run logIn in this page for a fresh token (it fills the Headers tab), then run the subscription again.';

type CloseLike = { code: number; reason: string };
type Failure = FormattedExecutionResult & { errors: GraphQLFormattedError[] };

const failure = (message: string, extensions: Record<string, unknown>): Failure => ({ errors: [{ message, extensions }] });

function isCloseLike(value: unknown): value is CloseLike {
  return typeof value === 'object' && value !== null && typeof (value as CloseLike).code === 'number' && 'reason' in value;
}

/** `TOKEN_EXPIRED: Your access token expired; …` → its REASON and sentence; other texts (today's bare "Forbidden") → none. */
function parseReason(reason: string): { reason: string; sentence: string } | null {
  const match = /^([A-Z][A-Z_]*):\s*(.+)$/s.exec(reason.trim());
  return match ? { reason: match[1]!, sentence: match[2]! } : null;
}

function closeResult(close: CloseLike): Failure {
  const { code } = close;
  const text = String(close.reason ?? '').trim();
  if (code === 4403) {
    const parsed = parseReason(text);
    if (parsed) {
      const advice = (ADVICE as Record<string, string | undefined>)[parsed.reason] ?? GENERIC_ADVICE;
      return failure(`${parsed.sentence} (${advice})`, { code: 'UNAUTHENTICATED', reason: parsed.reason, closeCode: code });
    }
    return failure(
      `The server refused the subscription's connection (4403${text ? ` ${text}` : ''}): the token in the Headers tab is missing, malformed, expired or revoked, or its account is closed. (${GENERIC_ADVICE})`,
      { code: 'UNAUTHENTICATED', closeCode: code, closeReason: text },
    );
  }
  if (code === 4408) {
    return failure(
      'The server closed the connection because this page did not start it in time (4408). (Run the subscription again; if it keeps happening, the network to the server is slow.)',
      { code: 'SERVICE_UNAVAILABLE', closeCode: code, closeReason: text },
    );
  }
  if (code === 4429) {
    return failure(
      `The server refused the connection: too many open connections (4429${text ? `: ${text}` : ''}). (Stop other subscriptions or close other playground tabs using this token, wait a moment, then run it again.)`,
      { code: 'RATE_LIMITED', closeCode: code, closeReason: text },
    );
  }
  if (code === 1001) {
    return failure('The server is shutting down or restarting (1001). (Run the subscription again once it is back.)', {
      code: 'SERVICE_UNAVAILABLE',
      closeCode: code,
      closeReason: text,
    });
  }
  return failure(`The subscription's connection closed (${code}${text ? `: ${text}` : ''}). (Run it again; if it keeps happening, look at the server's log.)`, {
    closeCode: code,
    closeReason: text,
  });
}

/**
 * Whatever a graphql-ws subscription failed with, as a result GraphiQL can show: a close
 * event, the server's GraphQL errors for the operation (an array), an Error, or the bare
 * Event a browser gives when it cannot reach the server at all.
 */
export function failureResult(error: unknown, url: string): Failure {
  if (isCloseLike(error)) return closeResult(error);
  if (Array.isArray(error)) return { errors: error as GraphQLFormattedError[] };
  if (error instanceof Error) return failure(`The subscription failed: ${error.message}`, {});
  return failure(`Could not reach the server at ${url}. (Is it running, and is this page served by it? Run the subscription again once it is up.)`, {
    code: 'SERVICE_UNAVAILABLE',
  });
}

/**
 * A subscription is refused before connecting when the Headers tab holds no Authorization
 * header, or still holds the placeholder (a token never contains "<"). Any other value goes
 * to the server, which decides and says why in its close reason.
 */
export function missingAuthorization(headers: Record<string, unknown> | undefined): Failure | null {
  const value = authorizationOf(headers);
  if (typeof value === 'string' && value.trim() !== '' && !value.includes('<')) return null;
  const what = value === undefined ? 'The Headers tab has no Authorization header' : 'The Authorization header in the Headers tab holds no token yet';
  return failure(`${what}, so the subscription was not sent. (${ADVICE.TOKEN_MISSING})`, { code: 'UNAUTHENTICATED', reason: 'TOKEN_MISSING' });
}

/** The Authorization header, however the person capitalised it. */
export function authorizationOf(headers: Record<string, unknown> | undefined): unknown {
  const key = Object.keys(headers ?? {}).find((name) => name.toLowerCase() === 'authorization');
  return key === undefined ? undefined : headers![key];
}
