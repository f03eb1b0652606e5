import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** What the request log line says about one HTTP request. */
export interface RequestInfo {
  requestId: string;
  userId?: string;
  operationName?: string | null;
}

const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** A client's own `x-request-id` is kept when it is a sane token, so logs correlate across services. */
export function requestIdFrom(headers: IncomingHttpHeaders): string {
  const offered = headers['x-request-id'];
  return typeof offered === 'string' && CLIENT_REQUEST_ID.test(offered) ? offered : randomUUID();
}
