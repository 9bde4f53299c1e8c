import type { LoadSummary } from "./load-summary.js";
import type { ProtocolName } from "./wire-protocols.js";

/** One target at one scenario × protocol × streams, over all its rounds. */
export interface Measurement {
  readonly target: "acp" | "echo";
  readonly scenario: string;
  readonly protocol: ProtocolName;
  readonly streams: number;
  readonly summary: LoadSummary;
}

export interface Ratio {
  readonly scenario: string;
  readonly protocol: ProtocolName;
  readonly streams: number;
  /** acp throughput as a percentage of echo throughput. */
  readonly throughputPercent: number;
  /** acp latency divided by echo latency. */
  readonly p50Factor: number;
  readonly p99Factor: number;
  /** acp server CPU per call divided by the echo's. */
  readonly cpuFactor: number | undefined;
  /**
   * The throughput ratio that CPU per call predicts for two CPU-bound servers
   * with a core each, as a percentage: steadier than the measured one when
   * neighbours give the two servers unequal shares of a shared machine.
   */
  readonly cpuBoundPercent: number | undefined;
  /**
   * The larger of client CPU / server CPU per call over both targets. Above 1
   * the client was the busier side, so it, not the server, may have set the
   * pace; undefined when CPU could not be read.
   */
  readonly clientShare: number | undefined;
}

/** Each scenario's bar (a share of bare connect-node throughput) is judged at this many streams. */
export const targetStreams = 50;

export function ratios(measurements: readonly Measurement[]): Ratio[] {
  const find = (target: Measurement["target"], like: Measurement) =>
    measurements.find(
      (m) =>
        m.target === target &&
        m.scenario === like.scenario &&
        m.protocol === like.protocol &&
        m.streams === like.streams,
    )?.summary;
  return measurements
    .filter((m) => m.target === "acp")
    .flatMap((m) => {
      const acp = m.summary;
      const echo = find("echo", m);
      if (!echo) return [];
      const share = (s: LoadSummary) =>
        s.clientCpuUsPerCall === undefined || !s.serverCpuUsPerCall
          ? undefined
          : s.clientCpuUsPerCall / s.serverCpuUsPerCall;
      const shares = [share(acp), share(echo)];
      const cpuFactor =
        acp.serverCpuUsPerCall !== undefined && echo.serverCpuUsPerCall
          ? acp.serverCpuUsPerCall / echo.serverCpuUsPerCall
          : undefined;
      return [
        {
          scenario: m.scenario,
          protocol: m.protocol,
          streams: m.streams,
          throughputPercent: (acp.throughput / echo.throughput) * 100,
          p50Factor: acp.p50Ms / echo.p50Ms,
          p99Factor: acp.p99Ms / echo.p99Ms,
          cpuFactor,
          cpuBoundPercent: cpuFactor === undefined ? undefined : 100 / cpuFactor,
          clientShare: shares.some((s) => s === undefined) ? undefined : Math.max(...(shares as number[])),
        },
      ];
    });
}

/** The verdict on one ratio against its scenario's bar, or why there is none. */
export function verdict(ratio: Ratio | undefined, targetPercent: number): string {
  if (ratio === undefined) return "NOT MEASURED";
  if (ratio.clientShare === undefined)
    return "NO VERDICT: CPU per call could not be read, so the client may have been the busier side";
  if (ratio.clientShare > 1) return "NO VERDICT: the client was the busier side";
  const predicted =
    ratio.cpuBoundPercent === undefined ? "" : `; CPU per call predicts ${percent(ratio.cpuBoundPercent)}`;
  return `${ratio.throughputPercent >= targetPercent ? "PASS" : "FAIL"} (${percent(ratio.throughputPercent)}${predicted})`;
}

/**
 * Per scenario: the results table, the ratio table and the target lines, as
 * printed lines. `targetPercent` maps each scenario's name to its bar.
 */
export function formatReport(
  measurements: readonly Measurement[],
  targetPercent: ReadonlyMap<string, number>,
): string[] {
  const lines: string[] = [];
  const computed = ratios(measurements);
  for (const scenario of new Set(measurements.map((m) => m.scenario))) {
    const own = measurements.filter((m) => m.scenario === scenario);
    lines.push(`${scenario}:`, "");
    lines.push(
      ...table(
        [
          "protocol",
          "streams",
          "target",
          "calls",
          "req/s",
          "p50 ms",
          "p99 ms",
          "server CPU us/call",
          "server cores",
          "client CPU us/call",
        ],
        own.map(({ protocol, streams, target, summary: s }) => [
          protocol,
          String(streams),
          target,
          String(s.calls),
          s.throughput.toFixed(0),
          s.p50Ms.toFixed(3),
          s.p99Ms.toFixed(3),
          optional(s.serverCpuUsPerCall, (x) => x.toFixed(0)),
          optional(s.serverCores, (x) => x.toFixed(2)),
          optional(s.clientCpuUsPerCall, (x) => x.toFixed(1)),
        ]),
      ),
    );

    const ownRatios = computed.filter((r) => r.scenario === scenario);
    const target = targetPercent.get(scenario);
    if (target === undefined) throw new Error(`no target for scenario ${scenario}`);
    lines.push(
      "",
      "server cores: server CPU over wall time; the throughput ratio is fair only where both servers got alike.",
      "acp relative to echo (CPU-bound: the throughput ratio CPU per call predicts with a core each;",
      "client/server CPU: the busier client's share of its server's CPU per call):",
    );
    lines.push(
      ...table(
        ["protocol", "streams", "throughput", "p50", "p99", "server CPU/call", "CPU-bound", "client/server CPU"],
        ownRatios.map((r) => [
          r.protocol,
          String(r.streams),
          percent(r.throughputPercent),
          factor(r.p50Factor),
          factor(r.p99Factor),
          optional(r.cpuFactor, factor),
          optional(r.cpuBoundPercent, percent),
          optional(r.clientShare, (x) => x.toFixed(3)),
        ]),
      ),
    );

    lines.push("", `target: ${scenario} >= ${target}% of echo throughput at ${targetStreams} concurrent streams:`);
    for (const protocol of new Set(own.map((m) => m.protocol))) {
      const atTarget = ownRatios.find((r) => r.protocol === protocol && r.streams === targetStreams);
      lines.push(`  ${protocol}: ${verdict(atTarget, target)}`);
    }
    lines.push("");
  }
  return lines;
}

const factor = (x: number) => `${x.toFixed(2)}x`;
const percent = (x: number) => `${x.toFixed(1)}%`;
const optional = (x: number | undefined, format: (x: number) => string) => (x === undefined ? "n/a" : format(x));

/** Right-aligned columns except the first, which names the row. */
export function table(header: string[], rows: string[][]): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((row) => (row[c] ?? "").length)));
  const line = (row: string[]) =>
    row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)];
}
