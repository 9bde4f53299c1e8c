import { expect } from "vitest";
import type { AttackOutcome } from "./attack-run.js";
import { rssLimitMb } from "./attack-suite.js";

/** Issue 11's acceptance under an attack: every well-behaved call served, RSS under 512 MB. */
export function expectServedThroughout(outcome: AttackOutcome): void {
  expect(outcome.failures).toEqual([]);
  expect(outcome.failed).toBe(0);
  expect(outcome.served).toBeGreaterThan(0);
  expect(outcome.peakRssMb).toBeLessThan(rssLimitMb);
}
