import { AuditActionSchema, BindingTierSchema, ProjectRoleSchema } from "@acp/proto";
import { describe, expect, it } from "vitest";
import { UsageError } from "../io/index.js";
import { parseDuration } from "./duration-flag.js";
import { enumChoices, enumLabel, enumValueOf } from "./enum-label.js";
import { parseLabels } from "./label-flags.js";
import { parseSecretSource } from "./secret-source.js";
import { parseTimeBound, resolveTimeBound } from "./time-flags.js";

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

  it("reads durations, compound ones largest unit first", () => {
    const read = (d: string) => parseDuration(d, "--t");
    expect(["500ms", "30s", "2m", "1h", "8h", "7d"].map(read)).toEqual([
      500, 30_000, 120_000, 3_600_000, 28_800_000, 604_800_000,
    ]);
    expect(read("1h30m")).toBe(5_400_000);
    expect(read("1d2h3m4s5ms")).toBe(93_784_005);
    for (const bad of ["", "0s", "5", "-1s", "1x", "30m1h", "1h1h", "h", "1.5h", "1h 30m"]) {
      expect(() => read(bad)).toThrow(UsageError);
    }
    expect(() => read("soon")).toThrow(/^--t: expected a duration such as 30s, 8h, 7d or 1h30m, got "soon"$/);
  });

  it("reads --since and --until as a span back from now or a timestamp", () => {
    const now = new Date("2026-02-01T12:00:00Z");
    expect(resolveTimeBound(parseTimeBound("1h", "--since"), now)).toEqual(new Date("2026-02-01T11:00:00Z"));
    expect(resolveTimeBound(parseTimeBound("1h30m", "--since"), now)).toEqual(new Date("2026-02-01T10:30:00Z"));
    expect(parseTimeBound("2026-01-31T12:00:00Z", "--until")).toEqual({
      kind: "at",
      date: new Date("2026-01-31T12:00:00Z"),
    });
    expect(parseTimeBound("2026-01-31T13:00:00.5+01:00", "--until")).toEqual({
      kind: "at",
      date: new Date("2026-01-31T12:00:00.5Z"),
    });
    expect(parseTimeBound("2026-01-31", "--until")).toEqual({ kind: "at", date: new Date("2026-01-31T00:00:00Z") });
    // No zone is no time: local or UTC would be a guess.
    for (const bad of ["yesterday", "2026-01-31T12:00:00", "2026-13-45", "-1h", ""]) {
      expect(() => parseTimeBound(bad, "--since")).toThrow(UsageError);
    }
  });

  it("names enum values as people type them, from the proto", () => {
    expect(enumLabel(BindingTierSchema, 2)).toBe("agent");
    expect(enumLabel(AuditActionSchema, 1)).toBe("secret-read");
    expect(enumLabel(AuditActionSchema, 999)).toBe("999");
    expect(enumChoices(ProjectRoleSchema)).toEqual(["viewer", "editor", "owner"]);
    expect(enumValueOf(ProjectRoleSchema, "editor")).toBe(2);
    expect(enumValueOf(ProjectRoleSchema, "unspecified")).toBeUndefined();
  });
});
