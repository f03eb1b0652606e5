/**
 * The subscriber side of the live benchmarks, in its own process (forked, one or several,
 * by scripts/bench/subscriber-pool.ts, driven over IPC):
 * holds many graphql-ws connections, each with one subscription whose events carry a
 * `body` (`postAdded` of a circle, `messageReceived`), and measures delivery.
 *
 * A body carries the moment it was sent (`sentAt=<epoch ms>`); latency is the time from
 * then to its arrival here (same machine, same clock). A body may also carry `key=<k>`,
 * unique per event and subscriber: the report then counts distinct keys, so an event
 * delivered twice shows as delivered > distinct.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface SubscriberPlan {
  /** The subscription each connection sends; `field` is its root field, whose value has a `body`. */
  query: string;
  field: string;
  /** `localAddress`: the loopback address to connect from (see scripts/bench/subscriber-pool.ts). */
  subscriptions: Array<{ url: string; token: string; variables: Record<string, unknown>; localAddress?: string }>;
}

export type ToSubscribers = { type: 'open'; plan: SubscriberPlan } | { type: 'pending' } | { type: 'measure' } | { type: 'report' } | { type: 'close' };
export type FromSubscribers =
  | { type: 'opened'; connected: number; failed: number }
  /** The subscriptions (indexes in the plan) that have had no event yet: a warm-up may have come before they were live. */
  | { type: 'pending'; indexes: number[]; refused: number; refusals: Record<string, number>; reconnected: number; completed: number }
  /** `latencies`: of every delivery while measuring, in ms (the pool merges several processes' before taking percentiles). */
  | { type: 'report'; delivered: number; distinct: number; reconnected: number; completed: number; latencies: number[] };

const SENT_AT = /sentAt=(\d+)/;
const KEY = /key=(\S+)/;

/** A WebSocket class that connects from `localAddress` (graphql-ws takes a class, not options). */
function webSocketFrom(localAddress: string | undefined): unknown {
  if (!localAddress) return WebSocket;
  return class extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { localAddress });
    }
  };
}

const clients: Client[] = [];
let received: boolean[] = [];
let measuring = false;
let latencies: number[] = [];
let delivered = 0;
let keys = new Set<string>();
/** Subscriptions the server refused (each asked for again, up to MAX_SUBSCRIBE_ATTEMPTS in all). */
let refused = 0;
/** Sockets that were closed and connected again. */
let reconnected = 0;
/** Refusals by their error code. */
const refusals = new Map<string, number>();
/** Subscriptions the server ended (completed) without an error, although the client never asked it to. */
let completed = 0;
const MAX_SUBSCRIBE_ATTEMPTS = 5;
const send = (message: FromSubscribers) => process.send!(message);

function onEvent(index: number, body: string): void {
  const arrivedAt = Date.now();
  received[index] = true;
  if (!measuring) return;
  const sent = SENT_AT.exec(body);
  if (!sent) return;
  delivered += 1;
  latencies.push(arrivedAt - Number(sent[1]));
  const key = KEY.exec(body);
  if (key) keys.add(`${index} ${key[1]}`);
}

async function open(plan: SubscriberPlan): Promise<void> {
  received = plan.subscriptions.map(() => false);
  let connected = 0;
  let failed = 0;
  const BATCH = 250;
  for (let start = 0; start < plan.subscriptions.length; start += BATCH) {
    await Promise.all(
      plan.subscriptions.slice(start, start + BATCH).map(
        (subscription, offset) =>
          new Promise<void>((resolve) => {
            const index = start + offset;
            let connectedOnce = false;
            const client = createClient({
              url: subscription.url,
              webSocketImpl: webSocketFrom(subscription.localAddress),
              connectionParams: { authorization: `Bearer ${subscription.token}` },
              // A socket the server closes (a loaded machine may miss its pings) reconnects,
              // and graphql-ws subscribes again; the report counts how many did.
              retryAttempts: 5,
              lazy: false,
              keepAlive: 0,
              on: {
                connected: () => (connectedOnce ? (reconnected += 1) : ((connectedOnce = true), (connected += 1), resolve())),
                closed: () => resolve(),
                error: () => ((failed += 1), resolve()),
              },
            });
            clients.push(client);
            // A refusal comes as `error` when the operation is refused before it runs (limits,
            // validation), or, when the subscription's set-up fails (an overloaded database may
            // time out), as a `next` carrying only errors, then `complete`: graphql-js answers a
            // failed subscribe resolver with a result. Either is counted and asked for again, a
            // few times at most.
            const subscribe = (attempt: number): void => {
              let failed: string | null = null;
              const retry = (code: string) => {
                refused += 1;
                refusals.set(code, (refusals.get(code) ?? 0) + 1);
                if (attempt < MAX_SUBSCRIBE_ATTEMPTS) setTimeout(() => subscribe(attempt + 1), 500);
              };
              client.subscribe<Record<string, { body: string }>>(
                { query: plan.query, variables: subscription.variables },
                {
                  next: (result) => {
                    if (result.data) onEvent(index, result.data[plan.field]!.body);
                    else if (result.errors?.length) failed = String(result.errors[0]!.extensions?.code ?? 'UNKNOWN');
                  },
                  error: () => retry('REFUSED'),
                  complete: () => (failed ? retry(failed) : (completed += 1)),
                },
              );
            };
            subscribe(1);
          }),
      ),
    );
  }
  send({ type: 'opened', connected, failed });
}

process.on('message', (message: ToSubscribers) => {
  switch (message.type) {
    case 'open':
      void open(message.plan);
      break;
    case 'pending':
      send({ type: 'pending', indexes: received.flatMap((got, index) => (got ? [] : [index])), refused, refusals: Object.fromEntries(refusals), reconnected, completed });
      break;
    case 'measure':
      measuring = true;
      latencies = [];
      delivered = 0;
      keys = new Set();
      break;
    case 'report':
      send({ type: 'report', delivered, distinct: keys.size, reconnected, completed, latencies });
      break;
    case 'close':
      void Promise.all(clients.map((client) => client.dispose())).finally(() => process.exit(0));
      break;
  }
});
