import type { Measurement } from "./bench-report.js";
import type { ChildServer } from "./child-server.js";
import { runH2load, runProblems } from "./h2load.js";
import { type RoundSample, summarize } from "./load-summary.js";
import { processCpuMs } from "./process-cpu.js";
import type { Scenario } from "./scenarios.js";
import type { WireProtocol } from "./wire-protocols.js";

export interface Target {
  readonly name: Measurement["target"];
  readonly server: ChildServer;
}

/** Everything one h2load run needs besides the target and its duration. */
export interface Workload {
  readonly scenario: Scenario;
  readonly protocol: WireProtocol;
  readonly streams: number;
  /** Holds scenario.bodies[protocol.name]; undefined when that is empty. */
  readonly bodyFile: string | undefined;
  /** Length of the verified answer body; every timed answer must match it. */
  readonly answerBytes: number;
  /** Scratch path for h2load's per-call log. */
  readonly logFile: string;
}

/**
 * One h2load run on one target, with the server's CPU read from /proc right
 * before and after it. Throws, naming the target, if any call failed or any
 * answer was not the verified one.
 */
export async function runRound(target: Target, work: Workload, durationMs: number): Promise<RoundSample> {
  const pid = target.server.child.pid!;
  const before = processCpuMs(pid);
  const run = await runH2load({
    url: target.server.url,
    path: work.scenario.path,
    streams: work.streams,
    durationMs,
    bodyFile: work.bodyFile,
    logFile: work.logFile,
    // The echo ignores the token; sending it keeps both requests byte for byte alike.
    headers: { ...work.protocol.headers, authorization: work.scenario.authorization },
  });
  const after = processCpuMs(pid);
  const problem = runProblems(run, work.answerBytes);
  if (problem) throw new Error(`${target.name}, ${work.protocol.name}, ${work.streams} streams: ${problem}`);
  return { run, serverCpuMs: before === undefined || after === undefined ? undefined : after - before };
}

/**
 * Times every target on one workload. Rounds alternate the order A B, B A,
 * so drift and other load on a shared machine hit both targets alike
 * instead of whichever ran second.
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
  return targets.map((target) => ({
    target: target.name,
    scenario: work.scenario.name,
    protocol: work.protocol.name,
    streams: work.streams,
    summary: summarize(samples.get(target)!),
  }));
}
