import { describe, expect, it } from "vitest";
import { UsageError } from "./command.js";
import { parseDuration } from "./parse-duration.js";

describe("parseDuration", () => {
  it.each([
    ["90s", 90_000],
    ["30m", 1_800_000],
    ["24h", 86_400_000],
    ["7d", 604_800_000],
    ["1h30m", 5_400_000],
  ])("reads %s", (text, ms) => expect(parseDuration(text, "--ttl")).toBe(ms));

  it.each(["", "24", "h", "1.5h", "-1h", "0s", "1h 30m", "1w"])("refuses %j, naming the flag", (text) => {
    expect(() => parseDuration(text, "--max-session-ttl")).toThrow(UsageError);
    expect(() => parseDuration(text, "--max-session-ttl")).toThrow(/--max-session-ttl/);
  });
});
