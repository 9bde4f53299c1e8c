import { describe, expect, it } from "vitest";
import { type CpuProfile, formatProfileSummary, summarizeProfiles } from "./cpu-profile-summary.js";

const frame = (functionName: string, url = "", lineNumber = 0) => ({ functionName, url, lineNumber, columnNumber: 0 });

/** Samples 100 µs apart from t=1000: node ids in order. */
function profile(samples: number[]): CpuProfile {
  return {
    nodes: [
      { id: 1, callFrame: frame("(root)") },
      { id: 2, callFrame: frame("(idle)") },
      { id: 3, callFrame: frame("visitNode", "file:///app/kysely.js", 9) },
      { id: 4, callFrame: frame("decrypt", "file:///app/box.js", 3) },
      // Another node of the same function (another call path): summed with id 3.
      { id: 5, callFrame: frame("visitNode", "file:///app/kysely.js", 9) },
      { id: 6, callFrame: frame("", "file:///app/anon.js", 1) },
    ],
    startTime: 1_000,
    endTime: 1_000 + 100 * samples.length,
    samples,
    timeDeltas: samples.map((_, i) => (i === 0 ? 0 : 100)),
  };
}

describe("summarizeProfiles", () => {
  it("sums self time per function over call paths and profiles, largest first, idle apart", () => {
    const a = profile([3, 5, 4, 2, 3]);
    const b = profile([4, 6]);
    const summary = summarizeProfiles(
      [a, b],
      [{ startUs: 0, endUs: 10_000 }],
      5,
      (f) => `${f.url}:${f.lineNumber + 1}`,
    );
    expect(summary.profiles).toBe(2);
    expect(summary.idleMs).toBeCloseTo(0.1);
    expect(summary.busyMs).toBeCloseTo(0.6);
    expect(summary.top.map((e) => [e.functionName, e.where, Math.round(e.selfMs * 1000)])).toEqual([
      ["visitNode", "file:///app/kysely.js:10", 300],
      ["decrypt", "file:///app/box.js:4", 200],
      ["(anonymous)", "file:///app/anon.js:2", 100],
    ]);
    expect(summary.top[0]!.percent).toBeCloseTo(50);
  });

  it("counts only samples inside the windows, and at most `count` entries", () => {
    // Samples at 1000 (3), 1100 (4), 1200 (4), 1300 (3).
    const summary = summarizeProfiles([profile([3, 4, 4, 3])], [{ startUs: 1_100, endUs: 1_300 }], 1);
    expect(summary.top).toHaveLength(1);
    expect(summary.top[0]!.functionName).toBe("decrypt");
    expect(summary.busyMs).toBeCloseTo(0.2);
  });

  it("says so when there is no profile", () => {
    const lines = formatProfileSummary("acp", summarizeProfiles([], [], 5));
    expect(lines).toEqual(["acp: no .cpuprofile found"]);
  });
});
