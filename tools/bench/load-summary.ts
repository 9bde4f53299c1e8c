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
  const perCall = (ms: readonly (number | undefined)[]) =>
    // A sum with a missing reading would mislead; report none instead.
    ms.some((m) => m === undefined) ? undefined : (ms.reduce<number>((a, m) => a + m!, 0) * 1000) / calls;
  return {
    calls,
    throughput: (calls / durationMs) * 1000,
    p50Ms: percentile(all, 0.5),
    p99Ms: percentile(all, 0.99),
    serverCpuUsPerCall: perCall(rounds.map((r) => r.serverCpuMs)),
    clientCpuUsPerCall: perCall(rounds.map((r) => r.run.clientCpuMs)),
  };
}

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted: Float64Array, q: number): number {
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}
