import { setMaxListeners } from "node:events";
import { performance } from "node:perf_hooks";

export interface LoadOptions {
  /** Total calls to make. */
  readonly calls: number;
  /** Workers making calls at once; each starts its next call when its last one returns. */
  readonly concurrency: number;
  /** Makes call number i; rejects (or throws) if the call failed or its answer is wrong. */
  readonly call: (i: number, signal: AbortSignal) => Promise<void>;
  /** Abort the whole run after this long, so a stuck server fails the bench instead of hanging it. */
  readonly timeoutMs: number;
}

/** What one run saw: every call's latency, and the wall time of the whole run. */
export interface LoadSample {
  readonly latenciesMs: Float64Array;
  readonly elapsedMs: number;
}

/**
 * Closed-loop load: N async workers pull call numbers from one shared counter
 * until all calls are taken. The first failure stops every worker and is
 * rethrown, since a benchmark of failing calls measures nothing.
 */
export async function runLoad(options: LoadOptions): Promise<LoadSample> {
  const { calls, call, timeoutMs } = options;
  const concurrency = Math.min(options.concurrency, calls);
  // Preallocated, so recording a latency allocates nothing during the run.
  const latenciesMs = new Float64Array(calls);
  const abort = new AbortController();
  // Every in-flight call listens on the one signal; that is by design, not a leak.
  setMaxListeners(concurrency + 1, abort.signal);
  const timer = setTimeout(() => abort.abort(new Error(`run did not finish within ${timeoutMs} ms`)), timeoutMs);
  let next = 0;
  let failure: { readonly i: number; readonly error: unknown } | undefined;

  const worker = async () => {
    while (failure === undefined && next < calls) {
      const i = next++;
      const start = performance.now();
      try {
        await call(i, abort.signal);
      } catch (error) {
        failure ??= { i, error: abort.signal.aborted ? abort.signal.reason : error };
        abort.abort();
        return;
      }
      latenciesMs[i] = performance.now() - start;
    }
  };

  const start = performance.now();
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    clearTimeout(timer);
  }
  const elapsedMs = performance.now() - start;
  if (failure !== undefined) {
    const reason = failure.error instanceof Error ? failure.error.message : String(failure.error);
    throw new Error(`call ${failure.i + 1} of ${calls} (concurrency ${concurrency}) failed: ${reason}`, { cause: failure.error });
  }
  return { latenciesMs, elapsedMs };
}
