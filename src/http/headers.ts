import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Headers every response carries. API answers are JSON: no sniffing them as anything else,
 * no framing, no loading anything from them (OWASP REST headers). The playground page
 * sets its own Content-Security-Policy and the page-only headers (see pageHeaders).
 */
export function applySecurityHeaders(res: ServerResponse): void {
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
}

/** Headers that only matter for documents a browser renders (the playground). */
export function applyPageHeaders(res: ServerResponse): void {
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('cross-origin-opener-policy', 'same-origin');
}

/**
 * CORS from the CORS_ORIGINS allow-list (`*` allows any origin, e.g. in development), with
 * the request headers of CORS_ALLOWED_HEADERS (config.ts: by default those the major
 * clients send). Answers preflight requests itself; returns true when it has ended the response.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, allowed: string[], allowedHeaders: string[]): boolean {
  const origin = req.headers.origin;
  if (origin && (allowed.includes('*') || allowed.includes(origin))) {
    res.setHeader('access-control-allow-origin', allowed.includes('*') ? '*' : origin);
    res.setHeader('vary', 'Origin');
    res.setHeader('access-control-expose-headers', 'x-request-id');
    if (req.method === 'OPTIONS') {
      res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
      res.setHeader('access-control-allow-headers', allowedHeaders.join(', '));
      res.setHeader('access-control-max-age', '600');
    }
  }
  if (req.method === 'OPTIONS') {
    res.statusCode = 204;
    res.end();
    return true;
  }
  return false;
}
