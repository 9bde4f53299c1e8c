import { describe, expect, it } from "vitest";
import { snapshotWarmup } from "./snapshot-warmup.js";

describe("snapshotWarmup", () => {
  // The builder runs it with the process's clock, argv and stdio made to
  // throw (tools/build/snapshot.test.ts); here: it still walks the whole of
  // `credential list`, table and JSON, over its in-memory answer.
  it("lists the made-up credentials through the real command", async () => {
    await expect(snapshotWarmup()).resolves.toBeUndefined();
  });
});
