import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LightHeaders } from "./light-headers.js";

// The bundle swaps the global Headers for LightHeaders, so every observable
// answer must be the platform's: each case runs on both and compares.
type Op =
  | { readonly kind: "append" | "set"; readonly name: string; readonly value: string }
  | { readonly kind: "delete" | "get" | "has"; readonly name: string };

function observe(headers: globalThis.Headers, ops: readonly Op[]): unknown[] {
  const seen: unknown[] = [];
  for (const op of ops) {
    try {
      if (op.kind === "append" || op.kind === "set") headers[op.kind](op.name, op.value);
      else seen.push(headers[op.kind](op.name));
    } catch (error) {
      seen.push(error instanceof TypeError ? "TypeError" : error);
    }
  }
  const forEach: string[][] = [];
  headers.forEach((value, key) => {
    forEach.push([key, value]);
  });
  seen.push([...headers], [...headers.keys()], [...headers.values()], forEach, headers.getSetCookie());
  return seen;
}

const names = fc.oneof(
  fc.constantFrom("Authorization", "authorization", "Content-Type", "set-cookie", "Set-Cookie", "x-a", "X-B"),
  fc.constantFrom("bad name", "", "ü", "a:b"),
);
const values = fc.oneof(
  fc.constantFrom("v", " padded\t", "a, b", "", "tab\tinside"),
  fc.constantFrom("bad\r\nx", "nul\0"),
);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constantFrom("append" as const, "set" as const), name: names, value: values }),
  fc.record({ kind: fc.constantFrom("delete" as const, "get" as const, "has" as const), name: names }),
);

describe("LightHeaders", () => {
  it("answers every sequence of calls as the platform's Headers does", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 12 }), (ops) => {
        expect(observe(new LightHeaders(), ops)).toEqual(observe(new Headers(), ops));
      }),
      { numRuns: 400 },
    );
  });

  it("is built from the same inits: pairs, a record, another Headers", () => {
    const pairs: [string, string][] = [
      ["B", "2"],
      ["a", "1"],
      ["b", "3"],
    ];
    for (const init of [pairs, { B: "2", a: " 1 " }, new Headers(pairs), new LightHeaders(pairs)]) {
      expect([...new LightHeaders(init)]).toEqual([...new Headers(init)]);
    }
    expect(() => new LightHeaders([["only-name"]] as unknown as [string, string][])).toThrow(TypeError);
  });

  it("says it is a Headers", () => {
    expect(Object.prototype.toString.call(new LightHeaders())).toBe("[object Headers]");
  });
});
