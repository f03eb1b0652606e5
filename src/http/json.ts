import type { ServerResponse } from 'node:http';

/** A JSON answer of our own (health, refusals, errors Apollo never sees); never stored by a cache. */
export function sendJson(res: ServerResponse, status: number, body: unknown, mediaType = 'application/json; charset=utf-8'): void {
  res.statusCode = status;
  res.setHeader('content-type', mediaType);
  res.setHeader('cache-control', 'no-store');
  res.end(JSON.stringify(body));
}

/** A GraphQL-shaped error answer: one error with a code and a message a person can act on. */
export const sendJsonError = (res: ServerResponse, status: number, code: string, message: string) =>
  sendJson(res, status, { errors: [{ message, extensions: { code } }] });
