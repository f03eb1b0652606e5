/**
 * The benchmark's growth run (npm run bench -- --users 10000,100000,1000000): one local
 * instance per graph size, memory sized to the graph unless set, and the charts of cost
 * against size. Pure pieces only; the run itself is measured, never timed in tests.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { lineChart } from '../../scripts/bench/charts.js';
import { directoryBytes } from '../../scripts/bench/footprint.js';
import { growthCharts, type GraphMeasurement } from '../../scripts/bench/growth-charts.js';
import { benchConfig, benchInstance } from '../../scripts/dataset/bench-config.js';

describe('benchInstance', () => {
  it.each([
    [10_000, 'bench-10k'],
    [100_000, 'bench-100k'],
    [1_000_000, 'bench-1m'],
    [2_000_000, 'bench-2m'],
    [12_345, 'bench-12345'],
  ])('names the instance for %i people %s, so sizes never share a store', (users, name) => {
    expect(benchInstance(users)).toBe(name);
  });
});

describe('benchConfig', () => {
  const base = loadConfig({ NODE_ENV: 'test' });

  const machine = 64 * 1024; // MB

  it('keeps 2 GB of heap and page cache for small graphs', () => {
    const { neo4j } = benchConfig(base, 10_000, {}, machine);
    expect([neo4j.localHeapMb, neo4j.localPageCacheMb]).toEqual([2048, 2048]);
  });

  it('sizes the page cache to the store (about 25 KB a person) and the heap to the bulk load', () => {
    expect(benchConfig(base, 100_000, {}, machine).neo4j.localPageCacheMb).toBe(2560);
    const { neo4j } = benchConfig(base, 1_000_000, {}, machine);
    expect(neo4j.localPageCacheMb).toBe(24_576);
    expect(neo4j.localHeapMb).toBe(4096);
  });

  it('gives the page cache at most half the machine, and the heap at most 8 GB', () => {
    expect(benchConfig(base, 1_000_000, {}, 24 * 1024).neo4j.localPageCacheMb).toBe(12_288);
    expect(benchConfig(base, 10_000_000, {}, machine).neo4j.localHeapMb).toBe(8192);
  });

  it('lets NEO4J_LOCAL_HEAP_MB and NEO4J_LOCAL_PAGECACHE_MB win', () => {
    const env = { NODE_ENV: 'test', NEO4J_LOCAL_HEAP_MB: '3000', NEO4J_LOCAL_PAGECACHE_MB: '700' };
    const { neo4j } = benchConfig(loadConfig(env), 1_000_000, env, machine);
    expect([neo4j.localHeapMb, neo4j.localPageCacheMb]).toEqual([3000, 700]);
  });
});

describe('directoryBytes', () => {
  it('adds up every file below the folder, and is 0 for a folder that is not there', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'quanzi-footprint-'));
    mkdirSync(path.join(dir, 'nested'));
    writeFileSync(path.join(dir, 'a'), 'x'.repeat(100));
    writeFileSync(path.join(dir, 'nested', 'b'), 'y'.repeat(23));
    expect(directoryBytes(dir)).toBe(123);
    expect(directoryBytes(path.join(dir, 'missing'))).toBe(0);
  });
});

describe('growthCharts', () => {
  const side = (p50: number) => ({ one_client_ms: p50, p50_ms: p50, p95_ms: p50 * 2, rps: 1, failures: 0, rounds: [] });
  const cost = (hits: number) => ({ viewers: 1, db_hits_median: hits, db_hits_max: hits, one_client_ms_median: 1, one_client_ms_max: 1, by_operator: [] });
  const graph = (users: number, libraryAnswers: boolean): GraphMeasurement => ({
    users,
    scenarios: {
      feed: { api: { p50_ms: 10, p95_ms: 20 }, raw: { p50_ms: 8 }, db_hits: { db_hits_median: 900 } },
      circle_page_with_comments: { api: { p50_ms: 30, p95_ms: 60 }, raw: null, db_hits: { db_hits_median: 4000 } },
    },
    queries: { recommendations_stored: cost(4200), recommendations_live: cost(users / 2), candidate_list_recompute: cost(users / 2) },
    nested_reads: [
      {
        shape: 'profile',
        what: '',
        quanzi_round_trips: 1,
        quanzi: side(5),
        library: libraryAnswers ? side(7) : null,
        quanzi_over_library_p50: libraryAnswers ? 0.71 : null,
      },
    ],
  });
  const charts = growthCharts([graph(10_000, true), graph(1_000_000, false)]);

  it('draws one latency chart per scenario, with the floor only where the scenario has one', () => {
    expect(charts.growth_feed!.series.map((s) => s.name)).toEqual(['API p50', 'API p95', 'raw Cypher p50']);
    expect(charts.growth_circle_page_with_comments!.series.map((s) => s.name)).toEqual(['API p50', 'API p95']);
    expect(charts.growth_feed!.series[0]!.points).toEqual([
      [10_000, 10],
      [1_000_000, 10],
    ]);
  });

  it('puts every scenario on the database-hits chart, and recommendations stored against live', () => {
    expect(charts.growth_db_hits!.series.map((s) => s.name)).toEqual(['feed', 'circle_page_with_comments']);
    const live = charts.growth_recommendations_db_hits!.series.find((s) => s.name === 'ranked live')!;
    expect(live.points).toEqual([
      [10_000, 5_000],
      [1_000_000, 500_000],
    ]);
  });

  it('leaves out the Library where it gave no answer, rather than drawing it at zero', () => {
    const library = charts.growth_nested_reads!.series.find((s) => s.name === 'profile: Library')!;
    expect(library.points[1]![1]).toBeNaN();
    const svg = lineChart(charts.growth_nested_reads!);
    // Two Quanzi points and one Library point: the size it did not answer at has no mark.
    expect(svg.match(/<circle /g)).toHaveLength(3);
  });
});
