import { describe, expect, it } from "vitest";
import { decodePageToken, encodePageToken } from "./page-token.js";

describe("page tokens", () => {
  const cursor = { time: new Date(1_700_000_000_123), id: "cred_abc" as const };

  it("round-trips the cursor for the same query", () => {
    const decoded = decodePageToken(encodePageToken(cursor, "q1"), "q1", "credential");
    expect(decoded).toEqual({ ok: true, cursor });
  });

  it("refuses a token whose position is not a credential id", () => {
    const body = Buffer.from(encodePageToken(cursor, "q1"), "base64url")
      .toString("utf8")
      .replace("cred_abc", "usr_abc");
    expect(decodePageToken(Buffer.from(body).toString("base64url"), "q1", "credential").ok).toBe(false);
  });

  it("treats an empty token as the first page", () => {
    expect(decodePageToken("", "q1", "credential")).toEqual({ ok: true, cursor: undefined });
  });

  it("refuses a token issued for another query", () => {
    const decoded = decodePageToken(encodePageToken(cursor, "q1"), "q2", "credential");
    expect(decoded.ok).toBe(false);
    expect(!decoded.ok && decoded.description).toMatch(/different query/);
  });

  it.each(["%%%", "bm90IGpzb24", Buffer.from('{"t":"x","i":1,"q":"y"}').toString("base64url")])(
    "refuses garbage %s",
    (token) => {
      const decoded = decodePageToken(token, "q1", "credential");
      expect(decoded.ok).toBe(false);
    },
  );
});
