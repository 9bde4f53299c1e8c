import { describe, expect, it } from "vitest";
import { decodePageToken, encodePageToken } from "./page-token.js";

describe("page tokens", () => {
  const cursor = { createTime: new Date(1_700_000_000_123), id: "cred_abc" };

  it("round-trips the cursor for the same query", () => {
    const decoded = decodePageToken(encodePageToken(cursor, "q1"), "q1");
    expect(decoded).toEqual({ ok: true, cursor });
  });

  it("treats an empty token as the first page", () => {
    expect(decodePageToken("", "q1")).toEqual({ ok: true, cursor: undefined });
  });

  it("refuses a token issued for another query", () => {
    const decoded = decodePageToken(encodePageToken(cursor, "q1"), "q2");
    expect(decoded.ok).toBe(false);
    expect(!decoded.ok && decoded.description).toMatch(/different query/);
  });

  it.each(["%%%", "bm90IGpzb24", Buffer.from('{"t":"x","i":1,"q":"y"}').toString("base64url")])(
    "refuses garbage %s",
    (token) => {
      const decoded = decodePageToken(token, "q1");
      expect(decoded.ok).toBe(false);
    },
  );
});
