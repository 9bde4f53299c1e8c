import type { LoadSummary } from "./load-summary.js";
import type { ProtocolName } from "./wire-protocols.js";

/**
 * The servers timed: acp with one worker, acp with a worker per core (when
 * its serve has --workers), and the bare connect-node echo, one process.
 */
export type TargetName = "acp" | "acp-workers" | "echo";

/** One target at one scenario × protocol × streams, over all its rounds. */
export interface Measurement {
  readonly target: TargetName;
  readonly scenario: string;
  readonly protocol: ProtocolName;
  /** Calls in flight in all, over `connections` HTTP/2 connections. */
  readonly streams: number;
  readonly connections: number;
  readonly summary: LoadSummary;
}

export interface Ratio {
  readonly scenario: string;
  readonly protocol: ProtocolName;
  readonly streams: number;
  /** `of` throughput as a percentage of `to` throughput. */
  readonly throughputPercent: number;
  /** Latency of `of` divided by that of `to`. */
  readonly p50Factor: number;
  readonly p99Factor: number;
  /** Server CPU per call of `of` divided by that of `to`. */
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

/** Each scenario's bars are judged at this many streams. */
export const targetStreams = 50;

/** `of` relative to `to` in every cell where both were measured. */
export function ratios(measurements: readonly Measurement[], of: TargetName, to: TargetName): Ratio[] {
  const find = (target: TargetName, like: Measurement) =>
    measurements.find(
      (m) =>
        m.target === target &&
        m.scenario === like.scenario &&
        m.protocol === like.protocol &&
        m.streams === like.streams,
    )?.summary;
  return measurements
    .filter((m) => m.target === of)
    .flatMap((m) => {
      const a = m.summary;
      const b = find(to, m);
      if (!b) return [];
      const share = (s: LoadSummary) =>
        s.clientCpuUsPerCall === undefined || !s.serverCpuUsPerCall
          ? undefined
          : s.clientCpuUsPerCall / s.serverCpuUsPerCall;
      const shares = [share(a), share(b)];
      const cpuFactor =
        a.serverCpuUsPerCall !== undefined && b.serverCpuUsPerCall
          ? a.serverCpuUsPerCall / b.serverCpuUsPerCall
          : undefined;
      return [
        {
          scenario: m.scenario,
          protocol: m.protocol,
          streams: m.streams,
          throughputPercent: (a.throughput / b.throughput) * 100,
          p50Factor: a.p50Ms / b.p50Ms,
          p99Factor: a.p99Ms / b.p99Ms,
          cpuFactor,
          cpuBoundPercent: cpuFactor === undefined ? undefined : 100 / cpuFactor,
          clientShare: shares.some((s) => s === undefined) ? undefined : Math.max(...(shares as number[])),
        },
      ];
    });
}

/**
 * Per scenario: the results table, then acp relative to the echo and, with
 * workers, all workers relative to one, as printed lines. `workers` names
 * the acp-workers row ("acp x2").
 */
export function formatReport(measurements: readonly Measurement[], workers: number | undefined): string[] {
  const lines: string[] = [];
  const label = (t: TargetName) => (t === "acp-workers" ? `acp x${workers}` : t);
  for (const scenario of new Set(measurements.map((m) => m.scenario))) {
    const own = measurements.filter((m) => m.scenario === scenario);
    lines.push(`${scenario}:`, "");
    lines.push(
      ...table(
        [
          "protocol",
          "streams",
          "conns",
          "target",
          "calls",
          "req/s",
          "p50 ms",
          "p99 ms",
          "server CPU us/call",
          "server cores",
          "client CPU us/call",
        ],
        own.map(({ protocol, streams, connections, target, summary: s }) => [
          protocol,
          String(streams),
          String(connections),
          label(target),
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
    lines.push("", "server cores: server CPU (every process of it) over wall time.");
    const vsEcho = ratios(own, "acp", "echo");
    if (vsEcho.length > 0) {
      lines.push(
        "acp (one worker) relative to echo (CPU-bound: the throughput ratio CPU per call predicts with a core each;",
        "client/server CPU: the busier client's share of its server's CPU per call):",
        ...ratioTable(vsEcho),
      );
    }
    const vsOne = ratios(own, "acp-workers", "acp");
    if (vsOne.length > 0) {
      lines.push("", `acp x${workers} relative to acp with one worker:`, ...ratioTable(vsOne));
    }
    lines.push("");
  }
  return lines;
}

function ratioTable(rows: readonly Ratio[]): string[] {
  return table(
    ["protocol", "streams", "throughput", "p50", "p99", "server CPU/call", "CPU-bound", "client/server CPU"],
    rows.map((r) => [
      r.protocol,
      String(r.streams),
      percent(r.throughputPercent),
      factor(r.p50Factor),
      factor(r.p99Factor),
      optional(r.cpuFactor, factor),
      optional(r.cpuBoundPercent, percent),
      optional(r.clientShare, (x) => x.toFixed(3)),
    ]),
  );
}

export const factor = (x: number) => `${x.toFixed(2)}x`;
export const percent = (x: number) => `${x.toFixed(1)}%`;
const optional = (x: number | undefined, format: (x: number) => string) => (x === undefined ? "n/a" : format(x));

/** Right-aligned columns except the first, which names the row. */
export function table(header: string[], rows: string[][]): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((row) => (row[c] ?? "").length)));
  const line = (row: string[]) =>
    row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)];
}
