/**
 * The playground fills its Headers tab itself when a log-in run in the page returns a
 * token, so nobody has to copy a token by hand. Pure: node tests import it.
 */
import { Kind, type OperationDefinitionNode } from 'graphql';

/** Mutations whose AuthPayload carries a new access token. */
const SESSION_FIELDS = new Set(['logIn', 'signUp', 'refreshSession']);

/**
 * The token a mutation just issued, found under each session field's response key (its
 * alias, if it has one); the last one wins, since mutation fields run in order. Null when
 * the operation issued none, or did not select `token`.
 */
export function issuedToken(operation: OperationDefinitionNode | null | undefined, result: unknown): string | null {
  if (operation?.operation !== 'mutation') return null;
  const data = (result as { data?: Record<string, unknown> | null } | null)?.data;
  if (!data) return null;
  let token: string | null = null;
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || !SESSION_FIELDS.has(selection.name.value)) continue;
    const payload = data[selection.alias?.value ?? selection.name.value] as { token?: unknown } | null | undefined;
    if (typeof payload?.token === 'string' && payload.token !== '') token = payload.token;
  }
  return token;
}

/**
 * The Headers tab's text with `Authorization: Bearer <token>`, replacing any earlier
 * Authorization header (whatever its capitalisation) and keeping every other header.
 * Null when the text is not a JSON object (the person is mid-edit): it is left alone.
 */
export function headersWithToken(text: string, token: string): string | null {
  let headers: unknown;
  try {
    headers = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) return null;
  const others = Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization');
  return JSON.stringify({ Authorization: `Bearer ${token}`, ...Object.fromEntries(others) }, null, 2);
}
