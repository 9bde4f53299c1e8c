import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { createByteBudget } from "./request-byte-budget.js";

const chunks = async function* (sizes: readonly number[]) {
  for (const size of sizes) yield new Uint8Array(size);
};

async function drain(body: AsyncIterable<Uint8Array>): Promise<number | Code> {
  let bytes = 0;
  try {
    for await (const chunk of body) bytes += chunk.byteLength;
    return bytes;
  } catch (error) {
    return ConnectError.from(error).code;
  }
}

describe("createByteBudget", () => {
  it("refuses bytes past the budget, still passes small requests, and frees bytes on release", async () => {
    const budget = createByteBudget(200_000);
    const large = budget.meter(chunks([16 * 1024, 150_000]));
    expect(await drain(large.body)).toBe(16 * 1024 + 150_000);
    expect(budget.held).toBe(150_000);
    const second = budget.meter(chunks([16 * 1024, 100_000]));
    expect(await drain(second.body)).toBe(Code.ResourceExhausted);
    // A request within its first 16 KiB is not counted, so it is served while the budget is spent.
    expect(await drain(budget.meter(chunks([1_000, 2_000])).body)).toBe(3_000);
    large.release();
    second.release();
    expect(budget.held).toBe(0);
    expect(await drain(budget.meter(chunks([16 * 1024, 150_000])).body)).toBe(16 * 1024 + 150_000);
  });
});
