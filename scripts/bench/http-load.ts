/**
 * Closed-loop HTTP load with autocannon: `connections` clients each send the next request
 * as soon as the previous one is answered, for `seconds`. Every latency is recorded, and
 * every body checked: a GraphQL error counts as a failure, not as a fast answer.
 */
import autocannon from 'autocannon';
import { summarize, type LatencySummary } from './stats.js';

export interface HttpRequestSpec {
  body: string;
  headers?: Record<string, string>;
}

export interface HttpLoadResult extends LatencySummary {
  connections: number;
  failures: number;
}

export async function httpLoad(url: string, connections: number, seconds: number, next: () => HttpRequestSpec): Promise<HttpLoadResult> {
  const latencies: number[] = [];
  let finished!: (result: autocannon.Result) => void;
  let failed!: (error: unknown) => void;
  const done = new Promise<autocannon.Result>((resolve, reject) => ((finished = resolve), (failed = reject)));
  const instance = autocannon({
    url,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request) => {
          const spec = next();
          return { ...request, body: spec.body, headers: { ...request.headers, ...spec.headers } };
        },
      },
    ],
    verifyBody: (body) => !String(body).includes('"errors"'),
  }, (error, result) => (error ? failed(error) : finished(result)));
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode === 200) latencies.push(responseTime);
  });
  const result = await done;
  const failures = result.errors + result.non2xx + (result as unknown as { mismatches: number }).mismatches;
  return { ...summarize(latencies, result.duration), connections, failures };
}
