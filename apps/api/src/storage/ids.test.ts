import { describe, expect, it } from "vitest";
import { newApiTokenId, newAuditEventId, newCredentialId, newUserId } from "./ids.js";

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

  it("of audit events sort by their time, and stay unique within one millisecond", () => {
    const times = [0, 1, 31, 32, 1_000, Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 1) + 1, 2 ** 48 - 1];
    const ids = times.map((t) => newAuditEventId(t));
    for (const id of ids) expect(id).toMatch(/^aud_[a-z2-7]{26}$/);
    expect([...ids].sort()).toEqual(ids);
    const sameMillisecond = new Set(Array.from({ length: 1000 }, () => newAuditEventId(Date.UTC(2026, 0, 1))));
    expect(sameMillisecond.size).toBe(1000);
    expect([...sameMillisecond].every((id) => id.startsWith(ids[5]!.slice(0, 12)))).toBe(true);
  });
});
