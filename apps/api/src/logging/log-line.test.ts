import { describe, expect, it } from "vitest";
import { createIsoClock, formatLogLine, type LogFields } from "./log-line.js";

// What the logger wrote before lines were built by hand.
const asBefore = (time: string, level: string, msg: string, fields?: LogFields) =>
  JSON.stringify({ time, level, msg, ...fields });

describe("formatLogLine", () => {
  const time = "2024-05-01T12:00:00.123Z";

  it.each<[string, LogFields | undefined]>([
    ["no fields", undefined],
    ["an rpc line", { method: "acp.x.v1.S/M", protocol: "grpc", code: "ok", duration_ms: 1.25, principal: "user:1" }],
    ["escapes", { quote: 'a"b', slash: "a\\b", newline: "a\nb\r\t", control: "\u0000\u001f", unicode: "é😀\u2028" }],
    ["odd keys", { 'k"ey': 1, "sp ace": true, "\n": false, "": "empty" }],
    ["numbers", { zero: 0, negative: -3.5, big: 1e21, tiny: 1e-7, negZero: -0 }],
    ["non-finite numbers", { nan: Number.NaN, inf: Number.POSITIVE_INFINITY, ninf: Number.NEGATIVE_INFINITY }],
    ["undefined fields", { a: undefined, b: "kept", c: undefined }],
  ])("writes the same JSON as JSON.stringify did: %s", (_, fields) => {
    const line = formatLogLine(time, "warn", 'say "hi"\n', fields);
    expect(line).toBe(asBefore(time, "warn", 'say "hi"\n', fields));
    expect(JSON.parse(line)).toEqual(JSON.parse(asBefore(time, "warn", 'say "hi"\n', fields)));
  });

  it("keeps msg before the fields, in the caller's order, as the harness's listening pattern reads them", () => {
    const line = formatLogLine(time, "info", "listening", { url: "http://127.0.0.1:1", database: "sqlite" });
    expect(line).toMatch(/"msg":"listening","url":"http:\/\/127\.0\.0\.1:1","database":"sqlite"}$/);
  });

  it("never lets a field pass for the line's time, level or message", () => {
    const line = formatLogLine(time, "info", "real", { msg: "forged", level: "error", time: "then", other: 1 });
    expect(JSON.parse(line)).toEqual({ time, level: "info", msg: "real", other: 1 });
    expect(line.match(/"msg"/g)).toHaveLength(1);
  });
});

describe("createIsoClock", () => {
  it("formats each millisecond once and follows the clock", () => {
    let ms = Date.UTC(2024, 0, 2, 3, 4, 5, 6);
    const clock = createIsoClock(() => ms);
    const first = clock();
    expect(first).toBe("2024-01-02T03:04:05.006Z");
    expect(clock()).toBe(first);
    ms += 1;
    expect(clock()).toBe("2024-01-02T03:04:05.007Z");
  });
});
