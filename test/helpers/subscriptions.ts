/** graphql-ws clients for tests: a subscription whose events arrive in a queue to await. */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type GraphQLFormattedError } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

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
