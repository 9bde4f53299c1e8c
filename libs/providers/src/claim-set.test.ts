import { describe, expect, it } from "vitest";
import { ClaimSet } from "./claim-set.js";

describe("ClaimSet", () => {
  it("keeps single claims in key order and reports each contested key once", () => {
    const claims = new ClaimSet<string>();
    claims.claim("b", "one", "b-item");
    claims.claim("a", "two", "a-item");
    claims.claim("c", "two", "c-item");
    claims.claim("c", "one", "c-other");
    expect(claims.items()).toEqual(["a-item", "b-item"]);
    expect(claims.contested()).toEqual([{ key: "c", credentialNames: ["one", "two"] }]);
  });

  it("orders keys by code unit, not by locale", () => {
    const claims = new ClaimSet<string>();
    for (const key of ["b", "B", "a", "_"]) claims.claim(key, "x", key);
    expect(claims.items()).toEqual(["B", "_", "a", "b"]);
  });
});
