import type { Logger } from '../logger.js';

/** Consumes a pub/sub stream until the returned function is called; a failing handler is logged, not fatal. */
export function consume<T>(stream: AsyncIterable<T>, each: (item: T) => void, log: Logger): () => void {
  const iterator = stream[Symbol.asyncIterator]();
  void (async () => {
    for (;;) {
      const { done, value } = await iterator.next();
      if (done) return;
      try {
        each(value);
      } catch (error) {
        log.error({ err: error }, 'live event dispatch failed');
      }
    }
  })();
  return () => void iterator.return?.();
}
