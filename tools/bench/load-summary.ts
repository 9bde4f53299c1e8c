import type { LoadSample } from "./load-driver.js";

/** Throughput and latency of one target at one concurrency, over all its rounds. */
export interface LoadSummary {
  readonly calls: number;
  readonly concurrency: number;
  /** Completed calls per second of wall time spent driving this target. */
  readonly throughput: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Server process CPU (user + system) per call, when the platform reports it. */
  readonly serverCpuUsPerCall: number | undefined;
  /** This (client) process's CPU per call: shows whether the client, not the server, was the limit. */
  readonly clientCpuUsPerCall: number;
}

/** CPU time used while driving one target, summed over its rounds. */
export interface CpuUsed {
  /** undefined when the platform cannot report another process's CPU time. */
  readonly serverMs: number | undefined;
  readonly clientMs: number;
}

/**
 * Pools rounds as if they were one run: throughput is total calls over total
 * time, so a round slowed by a noisy neighbour weighs by the time it took,
 * and percentiles are over every call.
 */
export function summarize(samples: readonly LoadSample[], concurrency: number, cpu: CpuUsed): LoadSummary {
  const calls = samples.reduce((n, s) => n + s.latenciesMs.length, 0);
  const elapsedMs = samples.reduce((t, s) => t + s.elapsedMs, 0);
  const all = new Float64Array(calls);
  let offset = 0;
  for (const s of samples) {
    all.set(s.latenciesMs, offset);
    offset += s.latenciesMs.length;
  }
  all.sort();
  return {
    calls,
    concurrency,
    throughput: (calls / elapsedMs) * 1000,
    p50Ms: percentile(all, 0.5),
    p99Ms: percentile(all, 0.99),
    serverCpuUsPerCall: cpu.serverMs === undefined ? undefined : (cpu.serverMs * 1000) / calls,
    clientCpuUsPerCall: (cpu.clientMs * 1000) / calls,
  };
}

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted: Float64Array, q: number): number {
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}
