import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensurePrivateDir } from "@acp/secure-files";
import { afterEach, describe, expect, it } from "vitest";
import { captureLog, entriesOf, scratchDirs } from "./fixtures/scratch.js";
import { currentProcessIdentity } from "./process-identity.js";
import { writeRunnerRecord } from "./runner-record.js";
import { sweepStaleSecretsDirs } from "./sweep-stale-secrets-dirs.js";

const scratch = scratchDirs();
const runnerChild = fileURLToPath(new URL("./fixtures/runner-child.ts", import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

/** A runner in its own process, with its secrets directory applied; resolves once it printed that directory. */
async function startRunner(args: { runtime?: string; temp: string; workdir: string }) {
  const child = spawn(process.execPath, ["--import", "tsx", runnerChild, args.runtime ?? "", args.temp, args.workdir], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  let output = "";
  child.stdout!.setEncoding("utf8");
  child.stdout!.on("data", (chunk: string) => {
    output += chunk;
  });
  const deadline = Date.now() + 20_000;
  while (!output.includes("\n")) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`runner child did not start: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { child, path: (JSON.parse(output) as { path: string }).path };
}

async function kill(child: ChildProcess): Promise<void> {
  const exited = once(child, "exit");
  child.kill("SIGKILL");
  await exited;
}

/** The pid of a process that has exited, so nothing runs under it (until the pid is reused). */
function deadPid(): number {
  const done = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
  return Number(done.stdout.toString());
}

describe("sweepStaleSecretsDirs", () => {
  it("removes a killed runner's directory and restores its workdir MCP config, but not a live runner's", async () => {
    const root = scratch();
    const runtime = join(root, "run");
    mkdirSync(runtime, { mode: 0o700 });
    const temp = mkdtempSync(join(root, "tmp-"));
    const workdir = join(root, "work");
    mkdirSync(workdir);
    writeFileSync(join(workdir, ".mcp.json"), '{"mcpServers":{}}');
    const otherWork = join(root, "other-work");
    mkdirSync(otherWork);

    const [killed, live, killedInTemp] = await Promise.all([
      startRunner({ runtime, temp, workdir }),
      startRunner({ runtime, temp, workdir: otherWork }),
      startRunner({ temp, workdir: otherWork }),
    ]);
    expect(killedInTemp.path.startsWith(join(temp, "acp-runner-"))).toBe(true);
    expect(readFileSync(join(workdir, ".mcp.json"), "utf8")).toContain("openshift");
    const log = captureLog();
    expect(await sweepStaleSecretsDirs({ env: { XDG_RUNTIME_DIR: runtime, TMPDIR: temp }, log })).toEqual([]);

    await kill(killed.child);
    await kill(killedInTemp.child);
    const removed = await sweepStaleSecretsDirs({ env: { XDG_RUNTIME_DIR: runtime, TMPDIR: temp }, log });
    expect([...removed].sort()).toEqual([killed.path, killedInTemp.path].sort());
    expect(existsSync(killed.path)).toBe(false);
    expect(existsSync(killedInTemp.path)).toBe(false);
    expect(readFileSync(join(workdir, ".mcp.json"), "utf8")).toBe('{"mcpServers":{}}');
    expect(entriesOf(workdir)).toEqual([".mcp.json"]);
    expect(existsSync(join(live.path, "kubeconfig"))).toBe(true);
    expect(log.text()).not.toContain("child-secret");
  }, 60_000);

  it("takes a pid now used by another process (other start time) for a dead runner", async () => {
    const root = scratch();
    const temp = mkdtempSync(join(root, "tmp-"));
    const reused = await ensurePrivateDir(join(temp, "acp-runner-reused"));
    const self = await currentProcessIdentity();
    await writeRunnerRecord(reused, { owner: { ...self, startTime: "1" }, createdDir: true, kept: false });
    const dead = await ensurePrivateDir(join(temp, "acp-runner-dead"));
    await writeRunnerRecord(dead, { owner: { ...self, pid: deadPid() }, createdDir: true, kept: false });
    const mine = await ensurePrivateDir(join(temp, "acp-runner-mine"));
    await writeRunnerRecord(mine, { owner: self, createdDir: true, kept: false });
    const kept = await ensurePrivateDir(join(temp, "acp-runner-kept"));
    await writeRunnerRecord(kept, { owner: { ...self, pid: deadPid() }, createdDir: true, kept: true });

    const removed = await sweepStaleSecretsDirs({ env: { TMPDIR: temp }, log: captureLog() });
    expect([...removed].sort()).toEqual([dead, reused].sort());
    expect(entriesOf(temp)).toEqual(["acp-runner-kept", "acp-runner-mine"]);
  });

  it("never follows a symlink, and leaves what is not a runner's directory alone", async () => {
    const root = scratch();
    const temp = mkdtempSync(join(root, "tmp-"));
    const target = await ensurePrivateDir(join(root, "target"));
    await writeRunnerRecord(target, {
      owner: { ...(await currentProcessIdentity()), pid: deadPid() },
      createdDir: true,
      kept: false,
    });
    symlinkSync(target, join(temp, "acp-runner-link"));
    mkdirSync(join(temp, "acp-runner-open"), { mode: 0o755 });
    writeFileSync(join(temp, "acp-runner-open", "runner.pid"), "{}");
    const unrelated = await ensurePrivateDir(join(temp, "someone-else"));
    await writeRunnerRecord(unrelated, {
      owner: { ...(await currentProcessIdentity()), pid: deadPid() },
      createdDir: true,
      kept: false,
    });

    expect(await sweepStaleSecretsDirs({ env: { TMPDIR: temp }, log: captureLog() })).toEqual([]);
    expect(entriesOf(target)).toEqual(["runner.pid"]);
    expect(entriesOf(temp)).toEqual(["acp-runner-link", "acp-runner-open", "someone-else"]);
  });

  it("removes a directory without a pid file only once it is old enough to be no runner still starting", async () => {
    const root = scratch();
    const temp = mkdtempSync(join(root, "tmp-"));
    const orphan = await ensurePrivateDir(join(temp, "acp-runner-orphan"));
    const log = captureLog();
    expect(await sweepStaleSecretsDirs({ env: { TMPDIR: temp }, log })).toEqual([]);
    const old = new Date(Date.now() - 120_000);
    utimesSync(orphan, old, old);
    expect(await sweepStaleSecretsDirs({ env: { TMPDIR: temp }, log })).toEqual([orphan]);
  });
});
