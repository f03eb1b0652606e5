/**
 * A Db that runs every statement under PROFILE and adds up what the plans report: what a
 * repository function reads, in database hits, in total and by operator. For tests and
 * the query profile script; never for serving requests (PROFILE runs the query in full).
 */
import type { Driver, ProfiledPlan } from 'neo4j-driver';
import { toPlain } from '../../src/db/convert.js';
import type { Db, Params, Queries } from '../../src/db/database.js';

export class PlanCost {
  dbHits = 0;
  /** Database hits by operator and its details (cut short), over every plan seen. */
  readonly byOperator = new Map<string, number>();

  add(plan: ProfiledPlan): void {
    this.dbHits += plan.dbHits;
    const key = `${plan.operatorType.replace(/@.*/, '')} ${String(plan.arguments.Details ?? '').slice(0, 100)}`;
    this.byOperator.set(key, (this.byOperator.get(key) ?? 0) + plan.dbHits);
    for (const child of plan.children) this.add(child);
  }
}

export function profilingDb(driver: Driver, database: string, cost: PlanCost): Db {
  // Writes are profiled too (they run, as PROFILE does), so they must be routed as writes.
  const queriesFor = (routing: 'READ' | 'WRITE'): Queries => {
    const rows = async <Row>(cypher: string, params: Params = {}) => {
      const result = await driver.executeQuery(`PROFILE ${cypher}`, params, { database, routing });
      cost.add(result.summary.profile as ProfiledPlan);
      return result.records.map((record) => toPlain(record.toObject()) as Row);
    };
    return { rows, one: async <Row>(cypher: string, params?: Params) => (await rows<Row>(cypher, params))[0] };
  };
  return { read: (work) => work(queriesFor('READ')), write: (work) => work(queriesFor('WRITE')) };
}
