import { describe, expect, it } from "vitest";
import { newApiTokenId, newCredentialId, newUserId } from "./ids.js";

describe("ids", () => {
  it("are prefixed, URL-safe, 128-bit random", () => {
    expect(newUserId()).toMatch(/^usr_[a-z2-7]{26}$/);
    expect(newApiTokenId()).toMatch(/^tok_[a-z2-7]{26}$/);
    expect(newCredentialId()).toMatch(/^cred_[a-z2-7]{26}$/);
    const many = new Set(Array.from({ length: 1000 }, newCredentialId));
    expect(many.size).toBe(1000);
    // 26 characters hold 130 bits: the last one carries the final 3 random bits and two zero bits.
    expect([...many].every((id) => /[aeimquy4]$/.test(id))).toBe(true);
  });
});
