/** graphql-ws clients for tests: a subscription whose events arrive in a queue to await. */
import { performance } from 'node:perf_hooks';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type GraphQLFormattedError } from 'graphql';
import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';
import { afterEach, expect } from 'vitest';
import WebSocket from 'ws';
import { NotificationsSetPolicyDocument } from '../generated/graphql.js';
import { writePost, type Api } from './circles.js';
import { sendOk } from './conversations.js';
import { ok } from './client.js';
import { requestConnection, signUp, type Person } from './people.js';
import type { TestServer } from './server.js';
import { sleep, tag } from './util.js';

export function wsClient(url: string, token?: string, onClosed?: (code: number) => void): Client {
  return createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: true,
    on: { closed: (event) => onClosed?.((event as { code: number }).code) },
  });
}

export interface LiveSubscription<TData> {
  /** Resolves with the next event (or rejects after `timeoutMs`). */
  next(timeoutMs?: number): Promise<TData>;
  /** Takes every event that has arrived and not yet been read. */
  drain(): TData[];
  /** Resolves when the server completes the subscription (within `timeoutMs`). */
  completed(timeoutMs?: number): Promise<void>;
  errors: GraphQLFormattedError[][];
  close(): void;
}

export function subscribe<TData, TVariables extends Record<string, unknown>>(
  client: Client,
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
): LiveSubscription<TData> {
  const queue: TData[] = [];
  const waiters: Array<(value: TData) => void> = [];
  const errors: GraphQLFormattedError[][] = [];
  let done = false;
  const doneWaiters: Array<() => void> = [];
  const finish = () => {
    done = true;
    doneWaiters.splice(0).forEach((resolve) => resolve());
  };
  const unsubscribe = client.subscribe<TData>(
    { query: print(document), variables },
    {
      next: (result) => {
        if (result.errors) errors.push([...result.errors]);
        if (result.data) {
          const waiter = waiters.shift();
          if (waiter) waiter(result.data as TData);
          else queue.push(result.data as TData);
        }
      },
      error: (error) => {
        if (Array.isArray(error)) errors.push(error as GraphQLFormattedError[]);
        finish();
      },
      complete: finish,
    },
  );
  const withTimeout = <T>(promise: Promise<T>, ms: number, what: string) =>
    Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms))]);
  /** Waits for the next event; a waiter that times out is removed, so no later event is lost to it. */
  const waitFor = (ms: number, onTimeout: () => void) =>
    new Promise<TData>((resolve) => {
      const waiter = (value: TData) => {
        clearTimeout(timer);
        resolve(value);
      };
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(waiter), 1);
        onTimeout();
      }, ms);
      waiters.push(waiter);
    });
  return {
    errors,
    drain: () => queue.splice(0),
    next: (timeoutMs = 5000) => {
      const queued = queue.shift();
      if (queued) return Promise.resolve(queued);
      return new Promise<TData>((resolve, reject) => {
        waitFor(timeoutMs, () => reject(new Error(`no event within ${timeoutMs} ms`))).then(resolve);
      });
    },
    completed: (timeoutMs = 5000) =>
      done ? Promise.resolve() : withTimeout(new Promise<void>((resolve) => doneWaiters.push(resolve)), timeoutMs, 'completion'),
    close: unsubscribe,
  };
}

// ---------------------------------------------------------------------------------------
// Clients that do not outlive their test

/** What one operation on a fresh connection came to. */
export interface WsOutcome {
  acknowledged: boolean;
  /** The close code (and reason), when the socket was closed rather than the operation completed. */
  closeCode?: number;
  closeReason?: string;
  results: FormattedExecutionResult<Record<string, unknown>, unknown>[];
  /** The errors the operation ended with (an `error` message), not those inside `results`. */
  errors?: GraphQLFormattedError[];
}

/** The graphql-ws clients of the calling file or describe block, disposed of after each test. */
export function socketsPerTest() {
  const open: Client[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((client) => client.dispose()));
  });
  const keep = <T extends Client>(client: T): T => {
    open.push(client);
    return client;
  };
  return {
    /** Disposes of a client made elsewhere after the test. */
    keep,
    /** A client of `server` for `token`, connecting on its first operation (see wsClient). */
    connect: (server: TestServer, token?: string, onClosed?: (code: number) => void) => keep(wsClient(server.server.wsUrl, token, onClosed)),
    /** A client that connects at once; a refused connection is for the test to see, not to print. */
    connectNow: (server: TestServer, token: string) =>
      keep(
        createClient({
          url: server.server.wsUrl,
          webSocketImpl: WebSocket,
          connectionParams: { authorization: `Bearer ${token}` },
          retryAttempts: 0,
          lazy: false,
          onNonLazyError: () => {},
        }),
      ),
    /** Runs one operation on a fresh connection with these connectionParams, waiting at most `timeoutMs`. */
    runOnce(
      server: TestServer,
      connectionParams: Record<string, unknown> | undefined,
      payload: { query: string; variables?: Record<string, unknown> },
      timeoutMs = 10_000,
    ): Promise<WsOutcome> {
      const outcome: WsOutcome = { acknowledged: false, results: [] };
      const client = keep(
        createClient({
          url: server.server.wsUrl,
          webSocketImpl: WebSocket,
          connectionParams,
          retryAttempts: 0,
          lazy: true,
          on: {
            connected: () => (outcome.acknowledged = true),
            closed: (event) => {
              if (outcome.closeCode !== undefined) return;
              const { code, reason } = event as { code: number; reason: string };
              outcome.closeCode = code;
              outcome.closeReason = String(reason);
            },
          },
        }),
      );
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          resolve(outcome);
        };
        const timer = setTimeout(done, timeoutMs);
        client.subscribe<Record<string, unknown>>(payload, {
          next: (result) => void outcome.results.push(result),
          error: (error) => {
            if (Array.isArray(error)) outcome.errors = error as GraphQLFormattedError[];
            else if (error && typeof error === 'object' && 'code' in error) outcome.closeCode ??= (error as { code: number }).code;
            done();
          },
          complete: done,
        });
      });
    },
  };
}

// ---------------------------------------------------------------------------------------
// Live subscriptions, warmed up
//
// graphql-ws does not acknowledge a subscription, so a test first makes its subscriptions
// live: it sends warm-ups (posts, or connection requests, whose text starts with WARM_UP)
// until one arrives on each, and skips warm-ups when it reads events afterwards.

const WARM_UP = 'warm-up ';

/** The events these helpers read: posts, circle activity, connection requests, messages and notifications. */
export type LiveEvent =
  | { postAdded: { body: string } }
  | { circleActivity: { __typename: string; post?: { body: string } } }
  | { connectionRequestReceived: { message: string } }
  | { messageReceived: { body: string } }
  | { notificationAdded: { message?: string | null } };

/** The text an event carries: a post's or message's body, a request's message (null for other activity). */
export function textOf(event: LiveEvent): string | null {
  if ('postAdded' in event) return event.postAdded.body;
  if ('connectionRequestReceived' in event) return event.connectionRequestReceived.message;
  if ('messageReceived' in event) return event.messageReceived.body;
  if ('notificationAdded' in event) return event.notificationAdded.message ?? null;
  return event.circleActivity.post?.body ?? null;
}

const isWarmUp = (event: LiveEvent) => textOf(event)?.startsWith(WARM_UP) ?? false;

/**
 * Makes subscriptions live: `ping` sends a warm-up with the text given until each subscription
 * has received one. Only one `next()` is pending per subscription, so no event is lost or reordered.
 */
async function untilLive(subs: Array<LiveSubscription<unknown>>, ping: (warmUp: string) => Promise<unknown>): Promise<void> {
  const pending = subs.map((sub) => {
    const state = { live: false, promise: sub.next(20_000).then(() => void (state.live = true)) };
    state.promise.catch(() => {});
    return state;
  });
  for (let attempt = 0; attempt < 100 && pending.some((p) => !p.live); attempt++) {
    const failed = subs.find((sub) => sub.errors.length > 0);
    if (failed) throw new Error(`subscription refused: ${JSON.stringify(failed.errors)}`);
    await ping(`${WARM_UP}${attempt}`);
    await Promise.race([Promise.all(pending.map((p) => p.promise)), sleep(150)]);
  }
  await Promise.all(pending.map((p) => p.promise));
}

/** Makes subscriptions to a circle live: `pinger`, a member, writes the warm-ups through `api`. */
export function untilPostsLive(api: Api, subs: Array<LiveSubscription<unknown>>, pinger: Person, circleSlug: string): Promise<void> {
  return untilLive(subs, (warmUp) => writePost(api, pinger, circleSlug, warmUp));
}

/**
 * Makes a connectionRequestReceived (or notificationAdded) subscription live: fresh people ask
 * `watcher` to connect. Their requests reach those streams only as shown notifications, and
 * the default policy filters new accounts, so `watcher`'s policy is set to show them first.
 */
export async function untilRequestsLive(api: Api, sub: LiveSubscription<unknown>, watcher: Person): Promise<void> {
  await ok(api.client.request(NotificationsSetPolicyDocument, { input: { newAccounts: 'SHOW' } }, { token: watcher.token }));
  return untilLive([sub], async (warmUp) => {
    const pinger = await signUp(api.client, 'ping');
    await ok(requestConnection(api.client, pinger, watcher, warmUp));
  });
}

/** Makes a messageReceived subscription of `to` live: `from`, connected with them, sends the warm-ups. */
export function untilMessagesLive(api: Api, sub: LiveSubscription<unknown>, from: Person, to: Person): Promise<void> {
  return untilLive([sub], (warmUp) => sendOk(api.client, from, to, warmUp));
}

/** Makes a notificationAdded subscription live: as untilRequestsLive (its warm-ups are notifications too). */
export function untilNotificationsLive(api: Api, sub: LiveSubscription<unknown>, watcher: Person): Promise<void> {
  return untilRequestsLive(api, sub, watcher);
}

/** The next event that is not a warm-up. */
export async function nextReal<T extends LiveEvent>(sub: LiveSubscription<T>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const event = await sub.next(Math.max(1, deadline - Date.now()));
    if (!isWarmUp(event)) return event;
  }
}

/** Every event but warm-ups, up to and including the first that `last` accepts. */
export async function collectUntil<T extends LiveEvent>(sub: LiveSubscription<T>, last: (event: T) => boolean): Promise<T[]> {
  const events: T[] = [];
  for (;;) {
    const event = await nextReal(sub);
    events.push(event);
    if (last(event)) return events;
  }
}

// ---------------------------------------------------------------------------------------
// Latency, reported rather than asserted

/**
 * Sends `runs` posts through `send`, one at a time, each timed from sending until `sub`
 * delivers it. Bodies are `latency <label> <run> <tag>`.
 */
export async function deliveryTimes(
  sub: LiveSubscription<{ postAdded: { body: string } }>,
  send: (body: string) => Promise<unknown>,
  label: string,
  runs = 10,
): Promise<number[]> {
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const body = `latency ${label} ${run} ${tag()}`;
    const started = performance.now();
    const sent = send(body);
    const event = await nextReal(sub);
    samples.push(performance.now() - started);
    expect(event.postAdded.body).toBe(body);
    await sent;
  }
  return samples;
}

/** "median of n runs = … ms (min …, max …)" */
export function describeLatency(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return `median of ${samples.length} runs = ${median.toFixed(1)} ms (min ${sorted[0]!.toFixed(1)}, max ${sorted.at(-1)!.toFixed(1)})`;
}
