import { describe, expect, it } from "vitest";
import type { Measurement, TargetName } from "./bench-report.js";
import { judgeTargets } from "./bench-targets.js";
import type { LoadSummary } from "./load-summary.js";

const summary = (throughput: number, p99Ms: number): LoadSummary => ({
  calls: throughput,
  throughput,
  p50Ms: p99Ms / 2,
  p99Ms,
  serverCpuUsPerCall: 1e6 / throughput,
  serverCores: 1,
  clientCpuUsPerCall: 10,
});

const cell = (target: TargetName, scenario: string, throughput: number, p99Ms: number): Measurement => ({
  target,
  scenario,
  protocol: "grpc",
  streams: 50,
  connections: 1,
  summary: summary(throughput, p99Ms),
});

describe("judgeTargets", () => {
  it("says met or NOT met for each bar, against the same run's echo and one worker", () => {
    const lines = judgeTargets({
      measurements: [
        cell("acp", "GetCredentialSecret", 7_000, 10),
        cell("echo", "GetCredentialSecret", 10_000, 5),
        cell("acp-workers", "GetCredentialSecret", 11_000, 10),
        cell("acp", "GetSessionCredentials", 500, 10),
        cell("echo", "GetSessionCredentials", 1_000, 10),
        cell("acp-workers", "GetSessionCredentials", 900, 10),
      ],
      workers: { count: 2 },
      memory: [
        { server: "acp, one worker", workersMb: [80] },
        { server: "acp, all workers", workersMb: [90, 120] },
      ],
    });
    const line = (start: string) => lines.find((l) => l.includes(start)) ?? `no line for ${start}`;
    expect(line("GetCredentialSecret, grpc: >= 70%")).toMatch(/^\s+\[met\]\s+.*70\.0%/);
    expect(line("GetSessionCredentials, grpc: >= 55%")).toMatch(/\[NOT met\].*50\.0%/);
    expect(line("GetCredentialSecret, grpc: all workers")).toMatch(/\[NOT met\].*1\.57x/);
    expect(line("GetSessionCredentials, grpc: all workers")).toMatch(/\[met\].*1\.80x/);
    expect(line("GetCredentialSecret, grpc: p99")).toMatch(/\[NOT met\].*2\.00x/);
    expect(line("GetSessionCredentials, grpc: p99")).toMatch(/\[met\].*1\.00x/);
    expect(line("acp, one worker")).toMatch(/\[met\].*80 MB/);
    expect(line("acp, all workers")).toMatch(/\[NOT met\].*90, 120 MB/);
  });

  it("names the all-workers bars not available when serve has no --workers", () => {
    const lines = judgeTargets({
      measurements: [cell("acp", "GetCredentialSecret", 7_000, 10), cell("echo", "GetCredentialSecret", 10_000, 5)],
      workers: { unavailable: "this acp-api serve has no --workers flag" },
      memory: [],
    });
    expect(lines.filter((l) => l.includes("[not available]"))).toEqual([
      "  [not available] GetCredentialSecret, grpc: all workers >= 1.6x one worker: this acp-api serve has no --workers flag",
    ]);
    expect(lines.some((l) => l.includes("[met]") && l.includes("all workers"))).toBe(false);
  });
});
