/**
 * The viewer's queries: every root Query field with every argument combination the world
 * offers, the full selection split into pieces, then page chains (`first: 1`, following
 * `endCursor`) through every root connection and every connection of the objects that
 * `user`, `circle` and `me` return, in rounds until each chain ends.
 */
import { isNonNullType, type GraphQLField } from 'graphql';
import type { GraphQLClient } from '../helpers/client.js';
import { classify, combos, describeArgs, OperationFactory, type Call, type Domain, type Field } from './operations.js';
import { gql, type GraphQLAnswer } from './worlds.js';

/** What one call (one piece of one root field) answered. */
export interface CallAnswer {
  status: number;
  value: unknown;
  errors: Array<{ message: string; code: unknown; path: unknown; extensions: Record<string, unknown> }>;
}

/** Error extensions that vary with the clock or the request, not with the world. */
const VOLATILE_EXTENSIONS = new Set(['code', 'retryAfterSeconds', 'requestId', 'stacktrace']);

/** The part of a GraphQL answer that belongs to the root field answered under `alias`. */
export function answerOf(answer: GraphQLAnswer, alias: string, rootName: string): CallAnswer {
  const errors = (answer.errors ?? [])
    .filter((error) => !error.path || error.path[0] === alias)
    .map((error) => ({
      message: error.message,
      code: error.extensions?.code,
      path: error.path ? [rootName, ...error.path.slice(1)] : null,
      extensions: Object.fromEntries(Object.entries(error.extensions ?? {}).filter(([key]) => !VOLATILE_EXTENSIONS.has(key))),
    }));
  return { status: answer.status, value: answer.data === undefined ? '<no data>' : (answer.data?.[alias] ?? null), errors };
}

/** A page chain: the same list, one item at a time, following endCursor. */
interface Chain {
  id: string;
  root: Field;
  values: Record<string, unknown>;
  /** The connection below the root field, or null when the root field is the connection. */
  connection: string | null;
  batchable: boolean;
  /** Pages to follow at most: every page for the plain list, a few when an argument varies. */
  maxPages: number;
  page: number;
  cursor: string | null;
  done: boolean;
}

const MAX_PAGES = 12;
const MAX_PAGES_VARIED = 3;

export interface SentCall {
  call: Call;
  /** The call alone, as a runnable operation. */
  text: string;
  variables: Record<string, unknown>;
}

export interface PhaseResult {
  answers: Map<string, CallAnswer>;
  sent: Map<string, SentCall>;
  operations: number;
}

/** Runs `work` over `items`, `width` at a time, in order of start. */
export async function inPool<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

export class QueryPlanner {
  constructor(
    private readonly factory: OperationFactory,
    private readonly domain: Domain,
  ) {}

  /** Values for required arguments below the root (none today): the first the world offers. */
  nested = (variable: string): unknown => {
    const [, , arg] = variable.split('_');
    if (/handle/i.test(arg ?? '')) return this.domain.handles[0];
    if (/slug/i.test(arg ?? '')) return this.domain.circleSlugs[0];
    return this.domain.ids[0];
  };

  /** Every root Query field × argument combination, split into pieces. */
  baseCalls(): Call[] {
    const calls: Call[] = [];
    const queryType = this.factory.rootType('query');
    for (const field of Object.values(queryType.getFields())) {
      for (const combo of combos(field as GraphQLField<unknown, unknown>, this.domain, 40)) {
        const profile = combo.primary ? 'full' : 'shallow';
        const argNames = Object.keys(combo.values).sort();
        const root = this.factory.rootField('query', field.name, argNames, profile);
        const key = `query.${field.name}.${profile}.${argNames.join(',')}.${combo.values.first ?? '-'}`;
        const pieces = this.factory.split(root, combo.values, key);
        pieces.forEach((piece, index) =>
          calls.push({
            id: `${field.name}(${describeArgs(combo.values)}) [${profile}${pieces.length > 1 ? ` ${index + 1}/${pieces.length}` : ''}]`,
            operation: 'query',
            root: piece,
            variables: combo.values,
            batchable: !isNonNullType(field.type),
          }),
        );
      }
    }
    return calls;
  }

  /** The page chains to follow: root connections and the connections of root objects. */
  chains(): Chain[] {
    const chains: Chain[] = [];
    const queryType = this.factory.rootType('query');
    for (const field of Object.values(queryType.getFields())) {
      const all = combos(field as GraphQLField<unknown, unknown>, this.domain, 40);
      const batchable = !isNonNullType(field.type);
      if (this.factory.isConnection('query', field.name)) {
        for (const combo of all) {
          const nonEntity = Object.keys(combo.values).filter((name) => classify(field.args.find((arg) => arg.name === name)!) !== 'entity');
          if ('first' in combo.values || nonEntity.length > 1) continue;
          chains.push({
            id: `${field.name}(${describeArgs(combo.values)}) chain`,
            root: this.factory.chainPage('query', field.name, Object.keys(combo.values), null),
            values: combo.values,
            connection: null,
            batchable,
            maxPages: nonEntity.length === 0 ? MAX_PAGES : MAX_PAGES_VARIED,
            page: 0,
            cursor: null,
            done: false,
          });
        }
      }
      for (const connection of this.factory.nestedConnections('query', field.name)) {
        for (const combo of all.filter((c) => c.primary)) {
          chains.push({
            id: `${field.name}(${describeArgs(combo.values)}).${connection} chain`,
            root: this.factory.chainPage('query', field.name, Object.keys(combo.values), connection),
            values: combo.values,
            connection,
            batchable,
            maxPages: MAX_PAGES,
            page: 0,
            cursor: null,
            done: false,
          });
        }
      }
    }
    return chains;
  }

  private pageCall(chain: Chain): Call {
    chain.page += 1;
    return {
      id: `${chain.id} page ${chain.page}`,
      operation: 'query',
      root: chain.root,
      variables: chain.cursor === null ? chain.values : { ...chain.values, after: chain.cursor },
      batchable: chain.batchable,
    };
  }

  /** Moves a chain on from the answer to its last page. */
  private advance(chain: Chain, answer: CallAnswer | undefined): void {
    const value = answer?.value as Record<string, unknown> | null | undefined;
    const connection = (chain.connection === null ? value : (value?.[chain.connection] as Record<string, unknown> | null | undefined)) ?? null;
    const pageInfo = connection?.pageInfo as { hasNextPage?: boolean; endCursor?: string | null } | undefined;
    if (!pageInfo?.hasNextPage || !pageInfo.endCursor || chain.page >= chain.maxPages) {
      chain.done = true;
      return;
    }
    chain.cursor = pageInfo.endCursor;
  }

  /** Sends everything as `token`, in rounds; `coverage` learns every field sent. */
  async run(client: GraphQLClient, token: string, coverage: Set<string>, width = 4): Promise<PhaseResult> {
    const result: PhaseResult = { answers: new Map(), sent: new Map(), operations: 0 };
    const chains = this.chains();
    const base = this.baseCalls();
    const firstPages = chains.map((chain) => this.pageCall(chain));
    let round: Call[] = [...base, ...firstPages];
    let pending = new Map(chains.map((chain, i) => [chain, firstPages[i]!.id]));
    while (round.length > 0) {
      await this.send(client, token, round, result, coverage, width);
      const next: Call[] = [];
      const nextPending = new Map<Chain, string>();
      for (const [chain, callId] of pending) {
        this.advance(chain, result.answers.get(callId));
        if (chain.done) continue;
        const call = this.pageCall(chain);
        next.push(call);
        nextPending.set(chain, call.id);
      }
      round = next;
      pending = nextPending;
    }
    return result;
  }

  private async send(client: GraphQLClient, token: string, calls: Call[], result: PhaseResult, coverage: Set<string>, width: number): Promise<void> {
    const groups = this.factory.pack(calls);
    await inPool(groups, width, async (group) => {
      const { text, variables, aliases } = this.factory.document(group, this.nested);
      this.factory.check(text, variables);
      const answer = await gql(client, text, variables, token);
      result.operations += 1;
      group.forEach((call, i) => {
        if (result.answers.has(call.id)) throw new Error(`harness: two calls share the id ${call.id}`);
        result.answers.set(call.id, answerOf(answer, aliases[i]!, call.root.name));
        const alone = this.factory.document([call], this.nested);
        result.sent.set(call.id, { call, text: alone.text, variables: alone.variables });
        OperationFactory.fieldsIn(call.root, coverage);
      });
    });
  }
}

