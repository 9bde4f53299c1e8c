import { describe, expect, it } from "vitest";
import { encodeAssociatedData } from "./associated-data.js";
import type { SealContext } from "./secret-box.js";

// Deliberately outside the types: the encoder must hold even for values the
// type system would stop, because it is what the ciphertext's integrity rests on.
const context = (credentialId: string, provider: number) => ({ credentialId, provider }) as SealContext;

describe("associated data", () => {
  it("encodes distinct contexts distinctly, even when plain concatenation would collide", () => {
    const a = encodeAssociatedData("k1", context("cred_a1", 2));
    const b = encodeAssociatedData("k1", context("cred_a", 12));
    const c = encodeAssociatedData("k1c", context("red_a1", 2));
    expect(a.equals(b)).toBe(false);
    expect(a.equals(c)).toBe(false);
    expect(a.equals(encodeAssociatedData("k1", context("cred_a1", 2)))).toBe(true);
  });

  it("refuses a provider that is not a non-negative integer", () => {
    expect(() => encodeAssociatedData("k1", context("c", 1.5))).toThrow(RangeError);
    expect(() => encodeAssociatedData("k1", context("c", -1))).toThrow(RangeError);
  });
});
