/** A subscription's failure as its last result, and Stop that works mid-wait (src/playground/client/settle.ts). */
import { describe, expect, it, vi } from 'vitest';
import { failuresAsResults } from '../../src/playground/client/settle.js';

/** An iterator that yields `values`, then fails with `error` (or completes, without one). */
function source<T>(values: T[], error?: unknown): AsyncIterator<T> {
  const queue = [...values];
  return {
    async next() {
      if (queue.length) return { done: false, value: queue.shift()! };
      if (error !== undefined) throw error;
      return { done: true, value: undefined };
    },
  };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe('failuresAsResults', () => {
  it('yields the results, then the failure as one last result, and ends; `end` runs once', async () => {
    const end = vi.fn();
    const stream = failuresAsResults(source(['a', 'b'], { code: 4403 }), (error) => ({ failed: error }), end);
    expect(await collect(stream)).toEqual(['a', 'b', { failed: { code: 4403 } }]);
    expect(await stream.next()).toEqual({ done: true, value: undefined });
    expect(end).toHaveBeenCalledTimes(1);
  });

  it('passes a completed stream through, and runs `end`', async () => {
    const end = vi.fn();
    expect(await collect(failuresAsResults(source([1, 2]), () => 'failed', end))).toEqual([1, 2]);
    expect(end).toHaveBeenCalledTimes(1);
  });

  it('is its own async iterator (GraphiQL asks for it again to stop it)', () => {
    const stream = failuresAsResults(source([]), () => null, () => {});
    expect(stream[Symbol.asyncIterator]()).toBe(stream);
  });

  it('stops at once while a next() is still waiting for an event, ending the source', async () => {
    let release: (step: IteratorResult<string>) => void = () => {};
    const waiting: AsyncIterator<string> = {
      next: () => new Promise((resolve) => (release = resolve)),
      return: vi.fn(async (): Promise<IteratorResult<string>> => {
        release({ done: true, value: undefined });
        return { done: true, value: undefined };
      }),
    };
    const end = vi.fn();
    const stream = failuresAsResults(waiting, () => 'failed', end);
    const pending = stream.next();
    await expect(stream.return!()).resolves.toEqual({ done: true, value: undefined });
    expect(waiting.return).toHaveBeenCalledTimes(1);
    expect(end).toHaveBeenCalledTimes(1);
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
  });
});
