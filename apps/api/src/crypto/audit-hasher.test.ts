import { createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createAuditHasher } from "./audit-hasher.js";

describe("audit hasher", () => {
  const audit = new Uint8Array(randomBytes(32));

  it("answers hex HMAC-SHA256 of the value under the audit key", () => {
    const expected = createHmac("sha256", audit).update("ghp_leaked", "utf8").digest("hex");
    expect(createAuditHasher({ audit }).hash("ghp_leaked")).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
  });

  it("is stable for one key and differs between keys and values", () => {
    const hasher = createAuditHasher({ audit });
    expect(hasher.hash("v")).toBe(createAuditHasher({ audit }).hash("v"));
    expect(hasher.hash("v")).not.toBe(hasher.hash("w"));
    expect(hasher.hash("v")).not.toBe(createAuditHasher({ audit: new Uint8Array(randomBytes(32)) }).hash("v"));
  });

  it("hashes the UTF-8 bytes, so any text round-trips", () => {
    const expected = createHmac("sha256", audit).update(Buffer.from("schlüssel ✓", "utf8")).digest("hex");
    expect(createAuditHasher({ audit }).hash("schlüssel ✓")).toBe(expected);
  });

  it("keeps no reference to the key bytes it was given", () => {
    const bytes = new Uint8Array(randomBytes(32));
    const hasher = createAuditHasher({ audit: bytes });
    const before = hasher.hash("v");
    bytes.fill(0);
    expect(hasher.hash("v")).toBe(before);
  });

  it("refuses a key of the wrong size without showing it", () => {
    expect(() => createAuditHasher({ audit: new Uint8Array(16) })).toThrow(/32 bytes/);
  });
});
