import type { Measurement, TargetName } from "./bench-report.js";
import type { ChildServer } from "./child-server.js";
import type { TimeWindow } from "./cpu-profile-summary.js";
import { runH2load, runProblems } from "./h2load.js";
import { type RoundSample, summarize } from "./load-summary.js";
import { processTreeCpuMs } from "./process-tree.js";
import type { Scenario } from "./scenarios.js";
import type { WireProtocol } from "./wire-protocols.js";

export interface Target {
  readonly name: TargetName;
  readonly server: ChildServer;
  /**
   * HTTP/2 connections per run. Workers sharing a port each serve whole
   * connections, so a server with workers gets several, the calls in flight
   * split between them.
   */
  readonly connections: number;
  /**
   * Processes that serve its calls. Each gets the warm-up a lone process
   * gets: split between workers, one warm-up left each colder than the one
   * process it is compared with.
   */
  readonly processes: number;
}

/** Everything one h2load run needs besides the target and its length. */
export interface Workload {
  readonly scenario: Scenario;
  readonly protocol: WireProtocol;
  /** Calls in flight in all, split over the target's connections. */
  readonly streams: number;
  /** Holds scenario.bodies[protocol.name]; undefined when that is empty. */
  readonly bodyFile: string | undefined;
  /** Length of the verified answer body; every timed answer must match it. */
  readonly answerBytes: number;
  /** Scratch path for h2load's per-call log. */
  readonly logFile: string;
  /** Told of each run's span on the monotonic clock, for the CPU profile's summary. */
  readonly record?: (target: TargetName, window: TimeWindow) => void;
}

/** process.hrtime in µs: the clock of V8's profile samples. */
export const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

/**
 * One h2load run on one target, with the server's CPU (every process of it)
 * read from /proc right before and after it. Throws, naming the target, if
 * any call failed or any answer was not the verified one.
 */
export async function runRound(target: Target, work: Workload, durationMs: number): Promise<RoundSample> {
  const pid = target.server.child.pid!;
  const connections = Math.min(target.connections, work.streams);
  const before = processTreeCpuMs(pid);
  const startUs = monotonicUs();
  const run = await runH2load({
    url: target.server.url,
    path: work.scenario.path,
    streams: Math.ceil(work.streams / connections),
    connections,
    durationMs,
    bodyFile: work.bodyFile,
    logFile: work.logFile,
    // The echo ignores the token; sending it keeps both requests byte for byte alike.
    headers: { ...work.protocol.headers, authorization: work.scenario.authorization },
  });
  work.record?.(target.name, { startUs, endUs: monotonicUs() });
  const after = processTreeCpuMs(pid);
  const problem = runProblems(run, work.answerBytes);
  if (problem) throw new Error(`${target.name}, ${work.protocol.name}, ${work.streams} streams: ${problem}`);
  return { run, serverCpuMs: before === undefined || after === undefined ? undefined : after - before };
}

/**
 * Times every target on one workload. Rounds rotate the order (A B C, C B A,
 * …), so drift and other load on a shared machine hit every target alike
 * instead of whichever ran last.
 */
export async function measureRounds(
  targets: readonly Target[],
  work: Workload,
  rounds: number,
  roundMs: number,
): Promise<Measurement[]> {
  const samples = new Map<Target, RoundSample[]>(targets.map((t) => [t, []]));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? targets : [...targets].reverse();
    for (const target of order) samples.get(target)!.push(await runRound(target, work, roundMs));
  }
  return targets.map((target) => measurement(target, work, samples.get(target)!));
}

export function measurement(target: Target, work: Workload, samples: readonly RoundSample[]): Measurement {
  return {
    target: target.name,
    scenario: work.scenario.name,
    protocol: work.protocol.name,
    streams: work.streams,
    connections: Math.min(target.connections, work.streams),
    summary: summarize(samples),
  };
}
