/** Latency summaries: exact percentiles over every recorded sample. */
export interface LatencySummary {
  requests: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  rps: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

export function summarize(latenciesMs: number[], seconds: number): LatencySummary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return {
    requests: sorted.length,
    p50_ms: round(percentile(sorted, 50)),
    p95_ms: round(percentile(sorted, 95)),
    p99_ms: round(percentile(sorted, 99)),
    rps: round(sorted.length / seconds, 1),
  };
}

export const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);
