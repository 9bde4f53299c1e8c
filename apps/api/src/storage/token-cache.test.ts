import { describe, expect, it } from "vitest";
import { TokenCache } from "./token-cache.js";

interface Value {
  readonly id: string;
  readonly group: string;
}

function cache(limits: { ttlMillis?: number; capacity?: number } = {}) {
  const clock = { millis: 0 };
  const tokens = new TokenCache<Value>(
    { ttlMillis: limits.ttlMillis ?? 1_000, capacity: limits.capacity ?? 10, clock: () => clock.millis },
    (value) => value.id,
  );
  const loads: string[] = [];
  const lookup = (key: string, value: Value | "missing" = { id: `id-${key}`, group: "g" }) =>
    tokens.lookup(key, async () => {
      loads.push(key);
      return value === "missing" ? undefined : value;
    });
  return { tokens, clock, loads, lookup };
}

describe("token cache", () => {
  it("serves a found token from memory until its time to live is up", async () => {
    const { clock, loads, lookup } = cache({ ttlMillis: 1_000 });
    expect(await lookup("a")).toEqual({ id: "id-a", group: "g" });
    clock.millis = 999;
    expect(await lookup("a")).toEqual({ id: "id-a", group: "g" });
    expect(loads).toEqual(["a"]);
    clock.millis = 1_000;
    await lookup("a");
    expect(loads).toEqual(["a", "a"]);
  });

  it("never keeps a token that was not found", async () => {
    const { loads, lookup } = cache();
    expect(await lookup("a", "missing")).toBeUndefined();
    expect(await lookup("a", "missing")).toBeUndefined();
    expect(loads).toEqual(["a", "a"]);
  });

  it("keeps at most its capacity, dropping the least recently used", async () => {
    const { tokens, loads, lookup } = cache({ capacity: 2 });
    await lookup("a");
    await lookup("b");
    await lookup("a");
    await lookup("c");
    expect(tokens.size).toBe(2);
    loads.length = 0;
    await lookup("a");
    await lookup("c");
    expect(loads).toEqual([]);
    await lookup("b");
    expect(loads).toEqual(["b"]);
  });

  it("keeps nothing with a time to live or capacity of 0", async () => {
    for (const limits of [{ ttlMillis: 0 }, { capacity: 0 }]) {
      const { tokens, loads, lookup } = cache(limits);
      await lookup("a");
      await lookup("a");
      expect(loads).toEqual(["a", "a"]);
      expect(tokens.size).toBe(0);
    }
  });

  it("forgets an entry by its id, or every entry that matches", async () => {
    const { tokens, loads, lookup } = cache();
    await lookup("a");
    await lookup("b", { id: "id-b", group: "h" });
    await lookup("c", { id: "id-c", group: "h" });
    tokens.evict("id-a");
    tokens.evictWhere((value) => value.group === "h");
    loads.length = 0;
    await Promise.all([lookup("a"), lookup("b"), lookup("c")]);
    expect(loads.sort()).toEqual(["a", "b", "c"]);
  });

  it("does not keep what a lookup read before an eviction made while it ran", async () => {
    const { tokens, loads, lookup } = cache();
    // The read saw the row before the revoke, and the notice came before the answer.
    const raced = tokens.lookup("a", async () => {
      tokens.evict("id-a");
      return { id: "id-a", group: "g" };
    });
    expect(await raced).toEqual({ id: "id-a", group: "g" });
    await lookup("a");
    expect(loads).toEqual(["a"]);
    expect(tokens.size).toBe(1);
  });
});
