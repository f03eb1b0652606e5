/** Cost against graph size: the charts of a run over several sizes (`npm run bench -- --users 10000,100000,1000000`). */
import type { ChartSpec, Series } from './charts.js';
import type { NestedResult } from './nested-reads.js';
import type { QueryCost } from './query-cost.js';

/** What each size recorded, as far as the charts read it. */
export interface GraphMeasurement {
  users: number;
  scenarios: Record<string, { api: { p50_ms: number; p95_ms: number }; raw: { p50_ms: number } | null; db_hits: { db_hits_median: number } | null }>;
  queries: Record<string, QueryCost>;
  nested_reads: NestedResult[];
}

const series = (name: string, graphs: GraphMeasurement[], y: (g: GraphMeasurement) => number | undefined): Series => ({
  name,
  points: graphs.map((g) => [g.users, y(g) ?? Number.NaN] as [number, number]),
});

/**
 * One latency chart per scenario (API p50 and p95, and the raw floor's p50: on a shared axis
 * the slow scenarios would flatten the fast), database hits per request for every scenario on
 * one chart, recommendations' database work stored against live, and the nested reads against
 * the Library. Keyed by chart name.
 */
export function growthCharts(graphs: GraphMeasurement[]): Record<string, ChartSpec> {
  const xLabel = 'people in the graph';
  const charts: Record<string, ChartSpec> = {};
  for (const name of Object.keys(graphs[0]!.scenarios)) {
    charts[`growth_${name}`] = {
      title: `${name}: latency against graph size (8 clients)`,
      xLabel,
      yLabel: 'latency (ms)',
      series: [
        series('API p50', graphs, (g) => g.scenarios[name]?.api.p50_ms),
        series('API p95', graphs, (g) => g.scenarios[name]?.api.p95_ms),
        ...(graphs[0]!.scenarios[name]!.raw ? [series('raw Cypher p50', graphs, (g) => g.scenarios[name]?.raw?.p50_ms)] : []),
      ],
    };
  }
  charts.growth_db_hits = {
    title: 'Database hits per request (PROFILE, median) against graph size',
    xLabel,
    yLabel: 'db hits per request',
    series: Object.keys(graphs[0]!.scenarios).map((name) => series(name, graphs, (g) => g.scenarios[name]?.db_hits?.db_hits_median)),
  };
  charts.growth_recommendations_db_hits = {
    title: 'Recommendations: database hits per first page against graph size',
    xLabel,
    yLabel: 'db hits (PROFILE, median)',
    series: [
      series('from the stored list', graphs, (g) => g.queries.recommendations_stored?.db_hits_median),
      series('ranked live', graphs, (g) => g.queries.recommendations_live?.db_hits_median),
      series('one list recomputed', graphs, (g) => g.queries.candidate_list_recompute?.db_hits_median),
    ],
  };
  const shapes = graphs[0]!.nested_reads.map((r) => r.shape);
  charts.growth_nested_reads = {
    title: 'Nested reads: Quanzi and the Neo4j GraphQL Library, p50 at 8 clients',
    xLabel,
    yLabel: 'p50 (ms)',
    series: shapes.flatMap((shape) => {
      const of = (g: GraphMeasurement) => g.nested_reads.find((r) => r.shape === shape);
      return [series(`${shape}: Quanzi`, graphs, (g) => of(g)?.quanzi.p50_ms), series(`${shape}: Library`, graphs, (g) => of(g)?.library?.p50_ms)];
    }),
  };
  return charts;
}
