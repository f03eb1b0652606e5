/**
 * The floor: the same data fetched by hand-written Cypher through neo4j-driver, from the
 * benchmark process itself, at the same concurrency as the API run.
 */
import { summarize, type LatencySummary } from './stats.js';

export async function closedLoop(concurrency: number, seconds: number, task: () => Promise<unknown>): Promise<LatencySummary & { failures: number }> {
  const latencies: number[] = [];
  let failures = 0;
  const deadline = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const started = performance.now();
      try {
        await task();
        latencies.push(performance.now() - started);
      } catch {
        failures += 1;
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { ...summarize(latencies, (performance.now() - started) / 1000), failures };
}
