import type { H2loadRun } from "./h2load.js";

/** One timed h2load run on one target, with the server's CPU over the same span. */
export interface RoundSample {
  readonly run: H2loadRun;
  /** undefined when the platform cannot report another process's CPU time. */
  readonly serverCpuMs: number | undefined;
}

/** Throughput, latency and CPU of one target at one protocol × streams, over all its rounds. */
export interface LoadSummary {
  readonly calls: number;
  /** Completed calls per second of timed duration. */
  readonly throughput: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Server process CPU (user + system, all threads) per call. */
  readonly serverCpuUsPerCall: number | undefined;
  /**
   * Server CPU over timed wall time, 1 = one full core. A server alone on
   * its core and CPU-bound is near 1; neighbours on a shared machine take
   * their cut, and unequal cuts skew the throughput ratio.
   */
  readonly serverCores: number | undefined;
  /** h2load's CPU per call: shows whether the client, not the server, was the limit. */
  readonly clientCpuUsPerCall: number | undefined;
}

/**
 * Pools rounds as if they were one run: throughput is total calls over total
 * time, so a round slowed by a noisy neighbour weighs by the time it took,
 * and percentiles are over every call. CPU is summed before dividing, which
 * also evens out the 10 ms granularity of /proc's clock ticks.
 */
export function summarize(rounds: readonly RoundSample[]): LoadSummary {
  const calls = rounds.reduce((n, r) => n + r.run.done, 0);
  const durationMs = rounds.reduce((t, r) => t + r.run.durationMs, 0);
  const all = new Float64Array(rounds.reduce((n, r) => n + r.run.latenciesMs.length, 0));
  let offset = 0;
  for (const { run } of rounds) {
    all.set(run.latenciesMs, offset);
    offset += run.latenciesMs.length;
  }
  all.sort();
  // A sum with a missing reading would mislead; report none instead.
  const total = (ms: readonly (number | undefined)[]) =>
    ms.some((m) => m === undefined) ? undefined : ms.reduce<number>((a, m) => a + m!, 0);
  const perCall = (ms: readonly (number | undefined)[]) => {
    const sum = total(ms);
    return sum === undefined ? undefined : (sum * 1000) / calls;
  };
  const serverMs = total(rounds.map((r) => r.serverCpuMs));
  return {
    calls,
    throughput: (calls / durationMs) * 1000,
    p50Ms: percentile(all, 0.5),
    p99Ms: percentile(all, 0.99),
    serverCpuUsPerCall: perCall(rounds.map((r) => r.serverCpuMs)),
    serverCores: serverMs === undefined ? undefined : serverMs / durationMs,
    clientCpuUsPerCall: perCall(rounds.map((r) => r.run.clientCpuMs)),
  };
}

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted: Float64Array, q: number): number {
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}
