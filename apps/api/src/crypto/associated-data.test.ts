import { describe, expect, it } from "vitest";
import { encodeAssociatedData } from "./associated-data.js";

describe("associated data", () => {
  it("encodes distinct contexts distinctly, even when plain concatenation would collide", () => {
    const a = encodeAssociatedData("k1", { credentialId: "cred_a1", provider: 2 });
    const b = encodeAssociatedData("k1", { credentialId: "cred_a", provider: 12 });
    const c = encodeAssociatedData("k1c", { credentialId: "red_a1", provider: 2 });
    expect(a.equals(b)).toBe(false);
    expect(a.equals(c)).toBe(false);
    expect(a.equals(encodeAssociatedData("k1", { credentialId: "cred_a1", provider: 2 }))).toBe(true);
  });

  it("refuses a provider that is not a non-negative integer", () => {
    expect(() => encodeAssociatedData("k1", { credentialId: "c", provider: 1.5 })).toThrow(RangeError);
    expect(() => encodeAssociatedData("k1", { credentialId: "c", provider: -1 })).toThrow(RangeError);
  });
});
