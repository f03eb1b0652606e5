/**
 * A Db that runs every statement under PROFILE and adds up what the plans report: what a
 * repository function reads, in database hits, in total and by operator. For tests and
 * the query profile script; never for serving requests (PROFILE runs the query in full).
 */
import type { Driver, ManagedTransaction, ProfiledPlan, Session, SessionConfig } from 'neo4j-driver';
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

/**
 * A driver whose managed transactions run every statement under PROFILE and add its plan to
 * `cost`: wrapped in a Database and served in-process, it tells what one whole GraphQL
 * request reads, whichever repositories and loaders answer it.
 */
export function profilingDriver(driver: Driver, cost: PlanCost): Driver {
  const profiled = (tx: ManagedTransaction): ManagedTransaction =>
    new Proxy(tx, {
      get: (target, key) =>
        key === 'run'
          ? async (cypher: string, params?: Params) => {
              const result = await target.run(`PROFILE ${cypher}`, params);
              cost.add(result.summary.profile as ProfiledPlan);
              return result;
            }
          : Reflect.get(target, key),
    });
  const session = (config: SessionConfig): Session => {
    const real = driver.session(config);
    return new Proxy(real, {
      get: (target, key) => {
        if (key === 'executeRead' || key === 'executeWrite') {
          return <T>(work: (tx: ManagedTransaction) => Promise<T>, txConfig?: Parameters<Session['executeRead']>[1]) => target[key]((tx) => work(profiled(tx)), txConfig);
        }
        const value = Reflect.get(target, key) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  };
  return new Proxy(driver, { get: (target, key) => (key === 'session' ? session : Reflect.get(target, key)) });
}
