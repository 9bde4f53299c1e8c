import { describe, expect, it } from "vitest";
import { exitCodeOf } from "./command-exit.js";

describe("exitCodeOf", () => {
  it("passes CMD's own code through, zero included", () => {
    expect(exitCodeOf({ kind: "exited", code: 0 })).toBe(0);
    expect(exitCodeOf({ kind: "exited", code: 7 })).toBe(7);
  });

  it("is 128 plus the signal's number when CMD died of a signal", () => {
    expect(exitCodeOf({ kind: "signaled", signal: "SIGTERM" })).toBe(143);
    expect(exitCodeOf({ kind: "signaled", signal: "SIGKILL" })).toBe(137);
    expect(exitCodeOf({ kind: "signaled", signal: "SIGINT" })).toBe(130);
    expect(exitCodeOf({ kind: "signaled", signal: "SIGHUP" })).toBe(129);
  });

  it("is the shell's 127 for a command not found and 126 for one that cannot run", () => {
    expect(exitCodeOf({ kind: "failed-to-start", reason: "not-found", message: "" })).toBe(127);
    expect(exitCodeOf({ kind: "failed-to-start", reason: "not-runnable", message: "" })).toBe(126);
  });
});
