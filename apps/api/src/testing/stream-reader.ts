/**
 * Reads a server stream one message at a time with a bound on each wait, so a
 * message that never comes fails the test with a clear message instead of
 * hanging until the suite's timeout. The bound is generous on purpose: how
 * fast a change arrives is measured by the benchmark, not asserted here.
 */
export function streamReader<T>(stream: AsyncIterable<T>, boundMs = 5_000) {
  const iterator = stream[Symbol.asyncIterator]();
  return {
    async next(what: string): Promise<{ value: T; elapsedMs: number } | { done: true }> {
      const start = performance.now();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no ${what} within ${boundMs} ms`)), boundMs);
      });
      try {
        const result = await Promise.race([iterator.next(), timeout]);
        return result.done ? { done: true } : { value: result.value, elapsedMs: performance.now() - start };
      } finally {
        clearTimeout(timer);
      }
    },
    async message(what: string): Promise<T> {
      const result = await this.next(what);
      if ("done" in result) throw new Error(`the stream ended while waiting for ${what}`);
      return result.value;
    },
    close: () => iterator.return?.(),
  };
}
