import { describe, expect, it } from "vitest";
import { snapshotWarmup } from "./snapshot-warmup.js";

describe("snapshotWarmup", () => {
  // The builder runs it with the process's clock, argv and stdio made to
  // throw (tools/build/snapshot.test.ts); here: its samples still plan and
  // render for every provider in the registry.
  it("walks the start of a run for a credential of every provider without a conflict", () => {
    expect(() => snapshotWarmup()).not.toThrow();
  });
});
