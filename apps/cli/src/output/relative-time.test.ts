import { describe, expect, it } from "vitest";
import { age, expiry, shortDuration } from "./relative-time.js";

const now = new Date("2026-06-01T12:00:00Z");
const minus = (ms: number) => new Date(now.getTime() - ms);

describe("relative times", () => {
  it("shortens spans as kubectl does", () => {
    expect(
      [45_000, 90_000, 150_000, 5_400_000, 7_200_000, 3 * 86_400_000, 800 * 86_400_000].map(shortDuration),
    ).toEqual(["45s", "90s", "2m", "90m", "2h", "3d", "2y"]);
  });

  it("says when something expires or expired, and nothing when unknown", () => {
    expect(expiry(minus(-3 * 86_400_000), now)).toBe("in 3d");
    expect(expiry(minus(2 * 3_600_000), now)).toBe("expired 2h ago");
    expect(expiry(undefined, now)).toBe("");
    expect(age(minus(300_000), now)).toBe("5m");
    expect(age(undefined, now)).toBe("");
  });
});
