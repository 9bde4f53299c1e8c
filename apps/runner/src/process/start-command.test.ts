import { spawnSync } from "node:child_process";
import { chmod, mkdtemp, readFile, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { exitCodeOf } from "./command-exit.js";
import { startCommand } from "./start-command.js";

const tsxLoader = import.meta.resolve("tsx");
const startCommandModule = new URL("./start-command.ts", import.meta.url).href;

let dir: string;
beforeEach(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), "acp-process-")));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function node(script: string, env: NodeJS.ProcessEnv = {}, cwd?: string) {
  return startCommand({ command: process.execPath, args: ["-e", script], env, cwd });
}

const exists = (path: string) =>
  readFile(path).then(
    () => true,
    () => false,
  );

describe("startCommand", () => {
  it("reports CMD's exit code", async () => {
    const cmd = node("process.exit(7)");
    expect(cmd.pid).toBeGreaterThan(0);
    const exit = await cmd.exited;
    expect(exit).toEqual({ kind: "exited", code: 7 });
    expect(exitCodeOf(exit)).toBe(7);
  });

  it("runs CMD with exactly the given env and cwd", async () => {
    const out = join(dir, "seen.json");
    const script = `require("fs").writeFileSync(${JSON.stringify(out)}, JSON.stringify({ cwd: process.cwd(), env: process.env }))`;
    const exit = await node(script, { ACP_TEST_VALUE: "from-runner" }, dir).exited;
    expect(exit).toEqual({ kind: "exited", code: 0 });
    const seen = JSON.parse(await readFile(out, "utf8"));
    expect(seen.cwd).toBe(dir);
    expect(seen.env.ACP_TEST_VALUE).toBe("from-runner");
    // Nothing of the runner's own environment leaks in.
    expect(seen.env.PATH).toBeUndefined();
  });

  it("passes the runner's stdin, stdout and stderr through to CMD", () => {
    // A runner of its own, so its stdio can be the test's pipes.
    const runner = `import { startCommand } from ${JSON.stringify(startCommandModule)};
      const cmd = startCommand({ command: process.execPath, env: {}, args: ["-e",
        "process.stdin.pipe(process.stdout); process.stdin.on('end', () => process.stderr.write('to-stderr'))"] });
      const exit = await cmd.exited;
      process.exitCode = exit.kind === "exited" ? exit.code : 99;`;
    const result = spawnSync(process.execPath, ["--import", tsxLoader, "--input-type=module", "-e", runner], {
      input: "line from stdin\n",
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(result.stderr).toBe("to-stderr");
    expect(result.stdout).toBe("line from stdin\n");
    expect(result.status).toBe(0);
  });

  it("reports a signal CMD died of, as 128+n", async () => {
    const cmd = node("process.kill(process.pid, 'SIGTERM'); setTimeout(() => {}, 10_000)");
    const exit = await cmd.exited;
    expect(exit).toEqual({ kind: "signaled", signal: "SIGTERM" });
    expect(exitCodeOf(exit)).toBe(143);
  });

  it("delivers a signal to CMD", async () => {
    const ready = join(dir, "ready");
    const marker = join(dir, "got-sighup");
    const cmd = node(
      `const fs = require("fs");
       process.on("SIGHUP", () => { fs.writeFileSync(${JSON.stringify(marker)}, "x"); process.exit(3); });
       fs.writeFileSync(${JSON.stringify(ready)}, "x");
       setTimeout(() => {}, 30_000);`,
    );
    await vi.waitFor(async () => expect(await exists(ready)).toBe(true), { timeout: 10_000, interval: 20 });
    cmd.signal("SIGHUP");
    expect(await cmd.exited).toEqual({ kind: "exited", code: 3 });
    expect(await exists(marker)).toBe(true);
  });

  it("terminate sends SIGTERM first, and a CMD that obeys it is not killed", async () => {
    const ready = join(dir, "ready");
    const cmd = node(
      `process.on("SIGTERM", () => process.exit(0));
       require("fs").writeFileSync(${JSON.stringify(ready)}, "x");
       setTimeout(() => {}, 30_000);`,
    );
    await vi.waitFor(async () => expect(await exists(ready)).toBe(true), { timeout: 10_000, interval: 20 });
    // A grace far longer than the test: if SIGKILL came, it did not come from the timer.
    expect(await cmd.terminate(60_000)).toEqual({ kind: "exited", code: 0 });
  });

  it("terminate escalates to SIGKILL when CMD ignores SIGTERM", async () => {
    const ready = join(dir, "ready");
    const ignored = join(dir, "ignored-sigterm");
    const cmd = node(
      `const fs = require("fs");
       process.on("SIGTERM", () => fs.writeFileSync(${JSON.stringify(ignored)}, "x"));
       fs.writeFileSync(${JSON.stringify(ready)}, "x");
       setInterval(() => {}, 1000);`,
    );
    await vi.waitFor(async () => expect(await exists(ready)).toBe(true), { timeout: 10_000, interval: 20 });
    const exit = await cmd.terminate(300);
    expect(exit).toEqual({ kind: "signaled", signal: "SIGKILL" });
    expect(exitCodeOf(exit)).toBe(137);
    // It did get the SIGTERM first.
    expect(await exists(ignored)).toBe(true);
    // Signals and terminate after the exit are harmless and answer the same exit.
    cmd.signal("SIGTERM");
    expect(await cmd.terminate(0)).toEqual(exit);
  });

  it("reports a command that is not found as 127, without rejecting", async () => {
    const cmd = startCommand({ command: join(dir, "no-such-command"), args: ["--token", "s3cret"], env: {} });
    const exit = await cmd.exited;
    expect(exit).toMatchObject({ kind: "failed-to-start", reason: "not-found" });
    expect(exitCodeOf(exit)).toBe(127);
    expect(JSON.stringify(exit)).not.toContain("s3cret");
    expect(cmd.pid).toBeUndefined();
    cmd.signal("SIGTERM");
    expect(await cmd.terminate(0)).toEqual(exit);
  });

  it("reports a file that cannot be executed as 126", async () => {
    const script = join(dir, "not-executable");
    await writeFile(script, "#!/bin/sh\nexit 0\n");
    await chmod(script, 0o600);
    const exit = await startCommand({ command: script, args: [], env: {} }).exited;
    expect(exit).toMatchObject({ kind: "failed-to-start", reason: "not-runnable" });
    expect(exitCodeOf(exit)).toBe(126);
  });

  it("does not call a missing working directory a missing command", async () => {
    const missing = join(dir, "gone");
    const exit = await node("process.exit(0)", {}, missing).exited;
    expect(exit).toMatchObject({ kind: "failed-to-start", reason: "not-runnable" });
    expect(exit.kind === "failed-to-start" && exit.message).toContain(missing);
  });
});
