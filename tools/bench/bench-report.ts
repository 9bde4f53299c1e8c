import type { LoadSummary } from "./load-summary.js";

/** One target at one concurrency: which server, and what the load driver saw. */
export interface Measurement {
  readonly target: "api" | "echo";
  readonly summary: LoadSummary;
}

export interface Ratio {
  readonly concurrency: number;
  /** API throughput as a percentage of echo throughput. */
  readonly throughputPercent: number;
  /** API latency divided by echo latency. */
  readonly p50Factor: number;
  readonly p99Factor: number;
  /** API server CPU per call divided by the echo's. */
  readonly cpuFactor: number | undefined;
}

/** The bar: secret reads keep at least this share of bare connect-node throughput at 50 clients. */
export const targetPercent = 60;
export const targetConcurrency = 50;

export function ratios(measurements: readonly Measurement[]): Ratio[] {
  const levels = [...new Set(measurements.map((m) => m.summary.concurrency))];
  return levels.flatMap((concurrency) => {
    const api = measurements.find((m) => m.target === "api" && m.summary.concurrency === concurrency)?.summary;
    const echo = measurements.find((m) => m.target === "echo" && m.summary.concurrency === concurrency)?.summary;
    if (!api || !echo) return [];
    const cpu = [api.serverCpuUsPerCall, echo.serverCpuUsPerCall] as const;
    return [{
      concurrency,
      throughputPercent: (api.throughput / echo.throughput) * 100,
      p50Factor: api.p50Ms / echo.p50Ms,
      p99Factor: api.p99Ms / echo.p99Ms,
      cpuFactor: cpu[0] !== undefined && cpu[1] ? cpu[0] / cpu[1] : undefined,
    }];
  });
}

/** The results table, the ratio table and the target line, as printed lines. */
export function formatReport(measurements: readonly Measurement[]): string[] {
  const rows = measurements.map(({ target, summary: s }) => [
    target,
    String(s.concurrency),
    String(s.calls),
    s.throughput.toFixed(0),
    s.p50Ms.toFixed(3),
    s.p99Ms.toFixed(3),
    s.serverCpuUsPerCall === undefined ? "n/a" : s.serverCpuUsPerCall.toFixed(0),
    s.clientCpuUsPerCall.toFixed(0),
  ]);
  const lines = table(["target", "clients", "calls", "calls/s", "p50 ms", "p99 ms", "server CPU us/call", "client CPU us/call"], rows);

  const computed = ratios(measurements);
  lines.push("", "api relative to echo:");
  lines.push(...table(
    ["clients", "throughput", "p50", "p99", "server CPU/call"],
    computed.map((r) => [
      String(r.concurrency),
      `${r.throughputPercent.toFixed(1)}%`,
      factor(r.p50Factor),
      factor(r.p99Factor),
      r.cpuFactor === undefined ? "n/a" : factor(r.cpuFactor),
    ]),
  ));

  const atTarget = computed.find((r) => r.concurrency === targetConcurrency);
  const verdict = atTarget === undefined
    ? "NOT MEASURED"
    : `${atTarget.throughputPercent >= targetPercent ? "PASS" : "FAIL"} (${atTarget.throughputPercent.toFixed(1)}%)`;
  lines.push("", `target: secret reads >= ${targetPercent}% of echo throughput at ${targetConcurrency} clients: ${verdict}`);
  return lines;
}

const factor = (x: number) => `${x.toFixed(2)}x`;

/** Right-aligned columns except the first, which names the row. */
function table(header: string[], rows: string[][]): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((row) => (row[c] ?? "").length)));
  const line = (row: string[]) =>
    row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)];
}
