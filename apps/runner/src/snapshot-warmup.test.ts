import { describe, expect, it } from "vitest";
import { snapshotWarmup } from "./snapshot-warmup.js";

describe("snapshotWarmup", () => {
  // The builder runs it with argv, cwd and stdio made to throw
  // (tools/build/snapshot.test.ts); here: its calls still go through the
  // real client over the in-memory server, and its samples still plan and
  // render for every provider in the registry.
  it("fetches, follows the stream to ENDED and renders a credential of every provider", async () => {
    await expect(snapshotWarmup()).resolves.toBeUndefined();
  });
});
