import { describe, expect, it } from "vitest";
import { createRereadLimit } from "./reread-limit.js";

describe("createRereadLimit", () => {
  it("runs at most the given number of reads at once, and every read in the end", async () => {
    const limit = createRereadLimit(3);
    let active = 0;
    let peak = 0;
    const read = async (i: number) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setTimeout(resolve, 1));
      active--;
      return i;
    };
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => limit.run(() => read(i))));
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(peak).toBe(3);
  });

  it("lets a failed read free its place", async () => {
    const limit = createRereadLimit(1);
    await expect(limit.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await limit.run(async () => "next")).toBe("next");
  });
});
