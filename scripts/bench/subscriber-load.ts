/**
 * The subscriber side of the subscription benchmark, in its own process (forked by
 * scripts/bench/subscriptions.ts, driven over IPC): holds many graphql-ws connections,
 * each subscribed to `postAdded` of one circle, and measures delivery.
 *
 * A post's body carries the moment it was sent (`sentAt=<epoch ms>`); latency is the
 * time from then to its arrival here (same machine, same clock).
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { summarize } from './stats.js';

export interface SubscriberPlan {
  subscriptions: Array<{ url: string; token: string; circleSlug: string }>;
}

export type ToSubscribers = { type: 'open'; plan: SubscriberPlan } | { type: 'measure' } | { type: 'report' } | { type: 'close' };
export type FromSubscribers =
  | { type: 'opened'; connected: number; failed: number }
  | { type: 'warm'; ready: number }
  | { type: 'report'; delivered: number; p50_ms: number; p99_ms: number };

const QUERY = 'subscription Live($slug: String!) { postAdded(circleSlug: $slug) { id body author { handle } } }';
const SENT_AT = /sentAt=(\d+)/;

const clients: Client[] = [];
let received: boolean[] = [];
let measuring = false;
let latencies: number[] = [];
let delivered = 0;
const send = (message: FromSubscribers) => process.send!(message);

function onEvent(index: number, body: string): void {
  const arrivedAt = Date.now();
  received[index] = true;
  if (!measuring) return;
  const sent = SENT_AT.exec(body);
  if (!sent) return;
  delivered += 1;
  latencies.push(arrivedAt - Number(sent[1]));
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
            const client = createClient({
              url: subscription.url,
              webSocketImpl: WebSocket,
              connectionParams: { authorization: `Bearer ${subscription.token}` },
              retryAttempts: 0,
              lazy: false,
              keepAlive: 0,
              on: {
                connected: () => ((connected += 1), resolve()),
                closed: () => resolve(),
                error: () => ((failed += 1), resolve()),
              },
            });
            clients.push(client);
            client.subscribe<{ postAdded: { body: string } }>(
              { query: QUERY, variables: { slug: subscription.circleSlug } },
              { next: (result) => result.data && onEvent(index, result.data.postAdded.body), error: () => {}, complete: () => {} },
            );
          }),
      ),
    );
  }
  send({ type: 'opened', connected, failed });
  // Warm-up posts (one per circle, sent by the orchestrator) prove every subscription is live.
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && received.some((r) => !r)) await new Promise((r) => setTimeout(r, 100));
  send({ type: 'warm', ready: received.filter(Boolean).length });
}

process.on('message', (message: ToSubscribers) => {
  switch (message.type) {
    case 'open':
      void open(message.plan);
      break;
    case 'measure':
      measuring = true;
      latencies = [];
      delivered = 0;
      break;
    case 'report': {
      const summary = summarize(latencies, 1);
      send({ type: 'report', delivered, p50_ms: summary.p50_ms, p99_ms: summary.p99_ms });
      break;
    }
    case 'close':
      void Promise.all(clients.map((client) => client.dispose())).finally(() => process.exit(0));
      break;
  }
});
