import { describe, expect, it } from "vitest";
import { createLogger } from "../logging/logger.js";
import { createEventLog } from "./throttled-event-log.js";

describe("createEventLog", () => {
  it("logs the first event of a kind at once and counts the rest of the interval into the next line", () => {
    const lines: Record<string, unknown>[] = [];
    let now = 0;
    const events = createEventLog(
      createLogger((line) => lines.push(JSON.parse(line) as Record<string, unknown>)),
      1_000,
      () => now,
    );
    for (let i = 0; i < 5; i++) events.note("connection refused", { reason: "max connections" });
    events.note("connection closed", { reason: "idle" });
    expect(lines.map((l) => [l["msg"], l["suppressed"]])).toEqual([
      ["connection refused", undefined],
      ["connection closed", undefined],
    ]);
    now = 1_500;
    events.note("connection refused", { reason: "max connections" });
    // The line for this event carries the four before it that had no line of their own.
    expect(lines.at(-1)).toMatchObject({ msg: "connection refused", level: "warn", suppressed: 4 });
    events.note("connection refused", { reason: "max connections" });
    events.flush();
    // Flushed: the one event that had no line gets its own, with nothing more suppressed.
    expect(lines.at(-1)).toMatchObject({ msg: "connection refused" });
    expect(lines.at(-1)?.["suppressed"]).toBeUndefined();
    expect(lines).toHaveLength(4);
  });
});
