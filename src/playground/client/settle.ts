/**
 * A subscription's results for GraphiQL, with a failure turned into one last result instead
 * of a thrown value (GraphiQL prints a thrown value as `{"errors":[<it>]}`, which for a
 * browser Event is `{"isTrusted":true}`). Pure: node tests import it.
 *
 * Written as a plain iterator rather than an async generator on purpose: GraphiQL's Stop
 * button calls `return()` while a `next()` is still waiting for an event, and an async
 * generator would queue that `return()` behind the wait, so Stop would do nothing until
 * the next event.
 */
export function failuresAsResults<T, F>(
  source: AsyncIterator<T>,
  toResult: (error: unknown) => F,
  /** Called once, however the stream ends: failure, completion or Stop. */
  end: () => unknown,
): AsyncIterableIterator<T | F> {
  let ended = false;
  const finish = async () => {
    if (ended) return;
    ended = true;
    await end();
  };
  const iterator: AsyncIterableIterator<T | F> = {
    async next() {
      if (ended) return { done: true, value: undefined };
      try {
        const step = await source.next();
        if (step.done) await finish();
        return step;
      } catch (error) {
        await finish();
        return { done: false, value: toResult(error) };
      }
    },
    async return() {
      try {
        await source.return?.();
      } finally {
        await finish();
      }
      return { done: true, value: undefined };
    },
    // GraphiQL asks for the iterator again when it stops: it must be this same one.
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
