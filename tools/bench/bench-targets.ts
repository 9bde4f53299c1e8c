// The bars of issue 12, judged on one run's figures, each as a line that says
// met or NOT met (or why it could not be judged), so a run's last lines are
// its verdict. The bars are compared with what was measured in the same run:
// acp with one worker against the echo, all workers against one.
import {
  factor,
  type Measurement,
  percent,
  type Ratio,
  ratios,
  type TargetName,
  targetStreams,
} from "./bench-report.js";
import type { ProtocolName } from "./wire-protocols.js";

/** Share of the echo's throughput that acp with one worker must keep at targetStreams. */
export const echoShareBars: Readonly<Record<string, Readonly<Record<ProtocolName, number>>>> = {
  GetCredentialSecret: { "connect-json": 65, "connect-proto": 70, grpc: 70 },
  GetSessionCredentials: { "connect-json": 55, "connect-proto": 55, grpc: 55 },
};
/** All workers' throughput over one worker's, at targetStreams. */
export const workersBar = 1.6;
/** acp's p99 over the echo's, at targetStreams. */
export const p99Bar = 1.5;
export const idleRssBarMb = 100;

export interface MemoryReading {
  /** Which server and when, e.g. "acp x2 after the load". */
  readonly server: string;
  /** Resident memory of each process that serves calls. */
  readonly workersMb: readonly number[];
}

export interface TargetInputs {
  readonly measurements: readonly Measurement[];
  /** Worker count of the acp-workers target, or why there is none. */
  readonly workers: { readonly count: number } | { readonly unavailable: string };
  readonly memory: readonly MemoryReading[];
}

export function judgeTargets({ measurements, workers, memory }: TargetInputs): string[] {
  const lines: string[] = [`targets (at ${targetStreams} streams, acp with one worker unless said):`];
  const mark = (met: boolean) => (met ? "[met]    " : "[NOT met]");
  const scenarios = Object.keys(echoShareBars);
  const at = (of: TargetName, to: TargetName, scenario: string, protocol: ProtocolName): Ratio | undefined =>
    ratios(measurements, of, to).find(
      (r) => r.scenario === scenario && r.protocol === protocol && r.streams === targetStreams,
    );
  const protocolsOf = (scenario: string) =>
    [...new Set(measurements.filter((m) => m.scenario === scenario).map((m) => m.protocol))] as ProtocolName[];

  for (const scenario of scenarios) {
    for (const protocol of protocolsOf(scenario)) {
      const bar = echoShareBars[scenario]![protocol];
      const name = `${scenario}, ${protocol}: >= ${bar}% of echo throughput`;
      const r = at("acp", "echo", scenario, protocol);
      if (r === undefined) lines.push(`  [not measured] ${name}`);
      else
        lines.push(`  ${mark(r.throughputPercent >= bar)} ${name}: ${percent(r.throughputPercent)}${caution(r, true)}`);
    }
  }
  for (const scenario of scenarios) {
    for (const protocol of protocolsOf(scenario)) {
      const name = `${scenario}, ${protocol}: all workers >= ${workersBar.toFixed(1)}x one worker`;
      if ("unavailable" in workers) {
        lines.push(`  [not available] ${name}: ${workers.unavailable}`);
        continue;
      }
      const r = at("acp-workers", "acp", scenario, protocol);
      if (r === undefined) lines.push(`  [not measured] ${name}`);
      else {
        const x = r.throughputPercent / 100;
        lines.push(`  ${mark(x >= workersBar)} ${name} (${workers.count} workers): ${factor(x)}${caution(r, false)}`);
      }
    }
  }
  for (const scenario of scenarios) {
    for (const protocol of protocolsOf(scenario)) {
      const name = `${scenario}, ${protocol}: p99 <= ${p99Bar.toFixed(1)}x echo's`;
      const r = at("acp", "echo", scenario, protocol);
      if (r === undefined) lines.push(`  [not measured] ${name}`);
      else lines.push(`  ${mark(r.p99Factor <= p99Bar)} ${name}: ${factor(r.p99Factor)}`);
    }
  }
  if (memory.length === 0) lines.push(`  [not measured] idle RSS per worker < ${idleRssBarMb} MB`);
  for (const reading of memory) {
    const name = `idle RSS per worker < ${idleRssBarMb} MB, ${reading.server}`;
    if (reading.workersMb.length === 0) {
      lines.push(`  [not measured] ${name}: /proc unreadable`);
      continue;
    }
    const most = Math.max(...reading.workersMb);
    const each = reading.workersMb.map((mb) => mb.toFixed(0)).join(", ");
    lines.push(`  ${mark(most < idleRssBarMb)} ${name}: ${each} MB`);
  }
  lines.push("  [not measured here] revocation within 1 s on every worker and replica: the API's own tests hold it");
  return lines;
}

/** Why a throughput figure may mislead: unequal CPU shares, or a client that set the pace. */
function caution(r: Ratio, predict: boolean): string {
  const notes: string[] = [];
  if (predict && r.cpuBoundPercent !== undefined) notes.push(`CPU per call predicts ${percent(r.cpuBoundPercent)}`);
  if (r.clientShare !== undefined && r.clientShare > 1) notes.push("the client was the busier side");
  return notes.length === 0 ? "" : ` (${notes.join("; ")})`;
}
