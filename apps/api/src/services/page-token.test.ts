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

  const rewritten = (fields: Record<string, unknown>) => {
    const body = JSON.parse(Buffer.from(encodePageToken(cursor, "q1"), "base64url").toString("utf8"));
    return Buffer.from(JSON.stringify({ ...body, ...fields })).toString("base64url");
  };

  it.each([
    ["after the end of Date", { t: 9e15 }],
    ["before the start of Date", { t: -9e15 }],
    ["a Date before the year 1", { t: -6.4e15 }],
    ["a Date after the year 9999", { t: 253_402_300_800_000 }],
    ["an id holding NUL", { i: "cred_\u0000" }],
    ["an id outside ASCII", { i: "cred_\u202e" }],
    ["an id longer than any id", { i: `cred_${"a".repeat(60)}` }],
  ])("refuses a token positioned %s, for the same query, before any store sees it", (_what, fields) => {
    const decoded = decodePageToken(rewritten(fields), "q1", "credential");
    expect(decoded).toEqual({ ok: false, description: expect.stringMatching(/not a token from a previous response/) });
  });

  it("keeps the first and last instants a Timestamp can hold", () => {
    for (const t of [-62_135_596_800_000, 253_402_300_799_999]) {
      expect(decodePageToken(rewritten({ t }), "q1", "credential")).toMatchObject({ ok: true });
    }
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
