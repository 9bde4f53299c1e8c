import { describe, expect, it } from "vitest";
import { isExactSemver } from "./is-exact-semver.js";

describe("isExactSemver", () => {
  it.each(["0.0.66", "1.2.3", "10.20.30", "1.0.0-rc.1", "1.0.0-alpha.beta+build.5"])("accepts %s", (v) => {
    expect(isExactSemver(v)).toBe(true);
  });

  it.each(["", "1", "1.2", "^1.2.3", "~1.2.3", ">=1.0.0", "1.x", "*", "next", "v1.2.3", "1.2.3 ", "01.2.3", "1.2.3-"])(
    "rejects %j",
    (v) => {
      expect(isExactSemver(v)).toBe(false);
    },
  );
});
