/**
 * The live benchmarks' subscribers, held by one or several forked processes
 * (scripts/bench/subscriber-load.ts) and driven as one. A process holds one descriptor per
 * socket, and a process may open only so many files (`ulimit -n`; 20,000 on the machine the
 * figures in docs/benchmarks.md come from, and not raisable there), so past
 * SOCKETS_PER_PROCESS sockets the load is split. Sockets to a loopback server connect from
 * 127.0.0.2, 127.0.0.3, … (every 127/8 address is this machine), SOCKETS_PER_SOURCE_ADDRESS
 * each: one address has only about 28,000 ephemeral ports.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarize } from './stats.js';
import type { FromSubscribers, SubscriberPlan, ToSubscribers } from './subscriber-load.js';

export const SOCKETS_PER_PROCESS = 15_000;
const SOCKETS_PER_SOURCE_ADDRESS = 20_000;

/** The next message of `type` from a subscriber process. */
function messageOf<T extends FromSubscribers['type']>(child: ChildProcess, type: T, timeoutMs: number): Promise<Extract<FromSubscribers, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`subscriber process: no "${type}" within ${timeoutMs / 1000}s`)), timeoutMs);
    const listener = (message: FromSubscribers) => {
      if (message.type !== type) return;
      clearTimeout(timer);
      child.off('message', listener);
      resolve(message as Extract<FromSubscribers, { type: T }>);
    };
    child.on('message', listener);
  });
}

function sourceAddressFor(url: string, index: number): string | undefined {
  if (new URL(url).hostname !== '127.0.0.1') return undefined;
  return `127.0.0.${2 + Math.floor(index / SOCKETS_PER_SOURCE_ADDRESS)}`;
}

export class SubscriberPool {
  private constructor(
    private readonly children: ChildProcess[],
    /** Where each child's slice of the plan starts. */
    private readonly offsets: number[],
  ) {}

  /** Forks the processes and has them connect and subscribe (250 sockets at a time each); resolves once all have. */
  static async open(plan: SubscriberPlan): Promise<{ pool: SubscriberPool; connected: number; failed: number }> {
    const subscriptions = plan.subscriptions.map((s, i) => ({ ...s, localAddress: sourceAddressFor(s.url, i) }));
    const offsets = Array.from({ length: Math.max(1, Math.ceil(subscriptions.length / SOCKETS_PER_PROCESS)) }, (_, i) => i * SOCKETS_PER_PROCESS);
    const children = offsets.map(() =>
      fork(path.join(path.dirname(fileURLToPath(import.meta.url)), 'subscriber-load.ts'), [], {
        // Tens of thousands of graphql-ws clients outgrow Node's default heap.
        execArgv: ['--max-old-space-size=8192', '--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      }),
    );
    const pool = new SubscriberPool(children, offsets);
    const opened = await Promise.all(
      children.map((child, i) => {
        // Each subscription's set-up reads the database: on a loaded machine thousands take minutes.
        const answer = messageOf(child, 'opened', Math.max(900_000, subscriptions.length * 60));
        child.send({ type: 'open', plan: { ...plan, subscriptions: subscriptions.slice(offsets[i], offsets[i]! + SOCKETS_PER_PROCESS) } } satisfies ToSubscribers);
        return answer;
      }),
    );
    return { pool, connected: opened.reduce((sum, o) => sum + o.connected, 0), failed: opened.reduce((sum, o) => sum + o.failed, 0) };
  }

  /** The subscriptions (indexes in the whole plan) that have had no event yet, with refusals so far. */
  async pending() {
    const answers = await this.ask('pending');
    const refusals: Record<string, number> = {};
    for (const answer of answers) for (const [code, n] of Object.entries(answer.refusals)) refusals[code] = (refusals[code] ?? 0) + n;
    return {
      indexes: answers.flatMap((answer, i) => answer.indexes.map((index) => index + this.offsets[i]!)),
      refused: sum(answers, 'refused'),
      refusals,
      reconnected: sum(answers, 'reconnected'),
      completed: sum(answers, 'completed'),
    };
  }

  /** From now on, deliveries count. */
  measure(): void {
    for (const child of this.children) child.send({ type: 'measure' } satisfies ToSubscribers);
  }

  /** Deliveries since `measure`, with latency percentiles over all processes' deliveries. */
  async report() {
    const answers = await this.ask('report');
    const latency = summarize(answers.flatMap((answer) => answer.latencies), 1);
    return { delivered: sum(answers, 'delivered'), distinct: sum(answers, 'distinct'), reconnected: sum(answers, 'reconnected'), completed: sum(answers, 'completed'), p50_ms: latency.p50_ms, p99_ms: latency.p99_ms };
  }

  async close(): Promise<void> {
    await Promise.all(
      this.children.map((child) => {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.send({ type: 'close' } satisfies ToSubscribers);
        return exited;
      }),
    );
  }

  private ask<T extends 'pending' | 'report'>(type: T): Promise<Array<Extract<FromSubscribers, { type: T }>>> {
    return Promise.all(
      this.children.map((child) => {
        const answer = messageOf(child, type, 60_000);
        child.send({ type } satisfies ToSubscribers);
        return answer;
      }),
    );
  }
}

function sum<K extends string>(rows: Array<Record<K, number>>, key: K): number {
  return rows.reduce((total, row) => total + row[key], 0);
}
