/**
 * Runs task(0) … task(count - 1) with at most `concurrency` in flight. The
 * first failure stops the workers from starting more and is rethrown, naming
 * the task, once those already running have settled.
 */
export async function runBounded(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { readonly i: number; readonly error: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined && next < count) {
      const i = next++;
      try {
        await task(i);
      } catch (error) {
        failure ??= { i, error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  if (failure !== undefined) {
    const reason = failure.error instanceof Error ? failure.error.message : String(failure.error);
    throw new Error(`task ${failure.i + 1} of ${count} failed: ${reason}`, { cause: failure.error });
  }
}
