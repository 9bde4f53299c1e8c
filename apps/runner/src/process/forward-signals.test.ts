import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { forwardSignals } from "./forward-signals.js";
import { startCommand } from "./start-command.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "acp-signals-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const exists = (path: string) =>
  readFile(path).then(
    () => true,
    () => false,
  );

/** A CMD that records the signal it got in a marker file, then exits 0. */
async function startRecordingCmd(signal: NodeJS.Signals) {
  const ready = join(dir, "ready");
  const marker = join(dir, `got-${signal}`);
  const cmd = startCommand({
    command: process.execPath,
    args: [
      "-e",
      `const fs = require("fs");
       process.on(${JSON.stringify(signal)}, () => { fs.writeFileSync(${JSON.stringify(marker)}, "x"); process.exit(0); });
       fs.writeFileSync(${JSON.stringify(ready)}, "x");
       setTimeout(() => {}, 30_000);`,
    ],
    env: {},
  });
  await vi.waitFor(async () => expect(await exists(ready)).toBe(true), { timeout: 10_000, interval: 20 });
  return { cmd, marker };
}

describe("forwardSignals", () => {
  it.each(["SIGINT", "SIGTERM", "SIGHUP"] as const)(
    "passes %s received by the runner on to CMD",
    async (signal) => {
      const { cmd, marker } = await startRecordingCmd(signal);
      const seen: NodeJS.Signals[] = [];
      const uninstall = forwardSignals(cmd, (received) => seen.push(received));
      try {
        // The test's own process plays the runner: with the handler in place
        // the signal does not end it.
        process.kill(process.pid, signal);
        expect(await cmd.exited).toEqual({ kind: "exited", code: 0 });
      } finally {
        uninstall();
      }
      expect(await exists(marker)).toBe(true);
      expect(seen).toEqual([signal]);
    },
    15_000,
  );

  it("removes exactly its own handlers", async () => {
    const before = ["SIGINT", "SIGTERM", "SIGHUP"].map((signal) => process.listenerCount(signal));
    const cmd = startCommand({ command: process.execPath, args: ["-e", ""], env: {} });
    const uninstall = forwardSignals(cmd);
    expect(process.listenerCount("SIGTERM")).toBe((before[1] ?? 0) + 1);
    uninstall();
    expect(["SIGINT", "SIGTERM", "SIGHUP"].map((signal) => process.listenerCount(signal))).toEqual(before);
    await cmd.exited;
  });
});
