import { describe, expect, it } from "vitest";
import { UsageError } from "../io/index.js";
import { parseDuration } from "./global-options.js";
import { parseLabels } from "./label-flags.js";
import { parseSecretSource } from "./secret-source.js";

describe("flag parsing", () => {
  it("reads labels as a map, keeping odd keys as plain keys", () => {
    expect(parseLabels(["team=ci", "empty=", "url=a=b"])).toEqual({ team: "ci", empty: "", url: "a=b" });
    const odd = parseLabels(["__proto__=x"]);
    expect(Object.getPrototypeOf(odd)).toBe(Object.prototype);
    expect(Object.keys(odd)).toEqual(["__proto__"]);
    expect(() => parseLabels(["novalue"])).toThrow(UsageError);
    expect(() => parseLabels(["=v"])).toThrow(UsageError);
    expect(() => parseLabels(["a=1", "a=2"])).toThrow(/given twice/);
  });

  it("takes the secret from exactly one place", () => {
    expect(parseSecretSource({ secretFile: "/f" })).toEqual({ kind: "file", path: "/f" });
    expect(parseSecretSource({ tokenFile: "-" })).toEqual({ kind: "stdin" });
    expect(parseSecretSource({ secret: "v" })).toEqual({ kind: "argv", value: "v" });
    expect(parseSecretSource({})).toBeUndefined();
    expect(() => parseSecretSource({ secretFile: "/f", tokenFile: "/g" })).toThrow(UsageError);
    expect(() => parseSecretSource({ secretFile: "/f", secret: "v" })).toThrow(UsageError);
  });

  it("reads durations", () => {
    expect(["500ms", "30s", "2m", "1h"].map((d) => parseDuration(d, "--t"))).toEqual([500, 30_000, 120_000, 3_600_000]);
    for (const bad of ["", "0s", "5", "1d", "-1s"]) expect(() => parseDuration(bad, "--t")).toThrow(UsageError);
  });
});
