/** Plain HTTP for tests that must control every header (fetch adds some of its own). */
import { request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** One HTTP exchange on a fresh connection, with exactly the headers given. */
export function send(url: string, options: { method?: string; path?: string; headers?: OutgoingHttpHeaders; body?: string } = {}): Promise<Reply> {
  const target = new URL(options.path ?? '/graphql', url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(target, { method: options.method ?? 'GET', headers: options.headers ?? {}, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Options for `send`: a JSON POST of `body` (sent as it is when already a string). */
export const postJson = (body: unknown, headers: OutgoingHttpHeaders = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
