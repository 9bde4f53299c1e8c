import { describe, expect, it } from "vitest";
import { jwtExpiry } from "./jwt-expiry.js";

function jwt(payload: unknown, header: unknown = { alg: "RS256" }): string {
  const part = (value: unknown) =>
    Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");
  return `${part(header)}.${part(payload)}.c2lnbmF0dXJl`;
}

describe("jwtExpiry", () => {
  it("reads a numeric exp claim as seconds since the epoch", () => {
    expect(jwtExpiry(jwt({ exp: 1_893_456_000 }))).toEqual(new Date("2030-01-01T00:00:00Z"));
  });

  it.each([
    ["an opaque token", "sha256~abcdef"],
    ["two segments", "eyJhIjoxfQ.eyJleHAiOjF9"],
    ["a non-base64url segment", `${jwt({ exp: 1 })}+`],
    ["a payload that is not JSON", jwt("not json")],
    ["a payload without exp", jwt({ sub: "me" })],
    ["a string exp", jwt({ exp: "1893456000" })],
    ["an exp beyond the Date range", jwt({ exp: 1e300 })],
    ["a JSON array payload", jwt([1, 2])],
  ])("ignores %s", (_case, token) => {
    expect(jwtExpiry(token)).toBeUndefined();
  });
});
