import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { SecureFileError } from "@acp/secure-files";
import { describe, expect, it } from "vitest";
import { kubeconfigCredential } from "./fixtures/credentials.js";
import { captureLog, entriesOf, scratchDirs } from "./fixtures/scratch.js";
import { applied, modeOf } from "./fixtures/session.js";
import { currentProcessIdentity } from "./process-identity.js";
import { writeRunnerRecord } from "./runner-record.js";
import { openSecretsDir } from "./secrets-dir.js";
import { SessionFiles } from "./session-files.js";

const scratch = scratchDirs();

async function refusal(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

describe("openSecretsDir", () => {
  it("uses $XDG_RUNTIME_DIR/acp/<session-id>, 0700 at both levels, with a pid file naming this process", async () => {
    const runtime = join(scratch(), "run");
    mkdirSync(runtime, { mode: 0o700 });
    const dir = await openSecretsDir({ sessionId: "sess-42", env: { XDG_RUNTIME_DIR: runtime } });
    expect(dir.path).toBe(join(runtime, "acp", "sess-42"));
    expect(dir.created).toBe(true);
    expect(modeOf(join(runtime, "acp"))).toBe(0o700);
    expect(modeOf(dir.path)).toBe(0o700);
    const record = JSON.parse(readFileSync(join(dir.path, "runner.pid"), "utf8"));
    expect(record).toMatchObject({ pid: process.pid, uid: process.geteuid!(), createdDir: true, kept: false });
    expect(record.startTime).toMatch(/^\d+$/);
    expect(modeOf(join(dir.path, "runner.pid"))).toBe(0o600);
  });

  it("makes a new random acp-runner-* directory under the temp dir without XDG_RUNTIME_DIR", async () => {
    const temp = scratch();
    const first = await openSecretsDir({ sessionId: "s", env: { TMPDIR: temp } });
    const second = await openSecretsDir({ sessionId: "s", env: { TMPDIR: temp } });
    expect(first.path).toMatch(new RegExp(`^${temp}/acp-runner-`));
    expect(second.path).not.toBe(first.path);
    expect(modeOf(first.path)).toBe(0o700);
  });

  it("prefers an explicit directory, and keeps one that existed (created: false)", async () => {
    const given = join(scratch(), "given");
    mkdirSync(given, { mode: 0o700 });
    const runtime = scratch();
    const dir = await openSecretsDir({ explicit: given, sessionId: "s", env: { XDG_RUNTIME_DIR: runtime } });
    expect(dir.path).toBe(given);
    expect(dir.created).toBe(false);
    expect(entriesOf(runtime)).toEqual([]);
  });

  type Placement = (root: string) => { explicit?: string; env: NodeJS.ProcessEnv };
  it.each<[string, Placement]>([
    ["an explicit path", (root) => ({ explicit: join(root, "secrets"), env: {} })],
    ["the XDG session path", (root) => ({ env: { XDG_RUNTIME_DIR: root } })],
  ])("refuses a symlink planted at %s, naming it, and writes nothing into its target", async (_, options) => {
    const root = scratch();
    const target = join(root, "target");
    mkdirSync(target, { mode: 0o700 });
    const { explicit, env } = options(root);
    const planted = explicit ?? join(root, "acp", "s");
    mkdirSync(join(root, "acp"), { mode: 0o700 });
    symlinkSync(target, planted);
    const error = await refusal(openSecretsDir({ explicit, sessionId: "s", env }));
    expect(error).toBeInstanceOf(SecureFileError);
    expect((error as SecureFileError).code).toBe("symlink");
    expect(error.message).toContain(planted);
    expect(entriesOf(target)).toEqual([]);
  });

  it("refuses a session id that is not a bare name", async () => {
    const root = scratch();
    const error = await refusal(openSecretsDir({ sessionId: "../escape", env: { XDG_RUNTIME_DIR: root } }));
    expect((error as SecureFileError).code).toBe("bad-name");
    expect(existsSync(join(root, "escape"))).toBe(false);
  });

  it("refuses a directory a running runner holds, and one kept by prepare", async () => {
    const given = join(scratch(), "given");
    const first = await openSecretsDir({ explicit: given, sessionId: "s", env: {} });
    const busy = await refusal(openSecretsDir({ explicit: given, sessionId: "s", env: {} }));
    expect(busy.message).toBe(
      `${given} is in use by a running acp-runner (pid ${process.pid}); pick another --secrets-dir`,
    );
    await first.keepAfterExit();
    expect(JSON.parse(readFileSync(join(given, "runner.pid"), "utf8")).kept).toBe(true);
    const kept = await refusal(openSecretsDir({ explicit: given, sessionId: "s", env: {} }));
    expect(kept.message).toContain("acp-runner clean --secrets-dir");
  });

  it("takes over a directory a dead runner left, wiping its files and restoring its workdir config first", async () => {
    const root = scratch();
    const given = join(root, "given");
    const workdir = join(root, "work");
    mkdirSync(workdir);
    const dead = await openSecretsDir({ explicit: given, sessionId: "s", env: {} });
    const files = await SessionFiles.open({ dir: dead, workdir, log: captureLog() });
    applied(await files.apply([kubeconfigCredential("old-secret")]));
    expect(existsSync(join(workdir, ".mcp.json"))).toBe(true);
    const gone = Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]).stdout);
    const self = await currentProcessIdentity();
    await writeRunnerRecord(dead.path, { owner: { ...self, pid: gone }, createdDir: true, kept: false });

    const next = await openSecretsDir({ explicit: given, sessionId: "s", env: {} });
    // The dead runner made it, so removing it at the end falls to this one.
    expect(next.created).toBe(true);
    expect(entriesOf(given)).toEqual(["runner.pid"]);
    expect(entriesOf(workdir)).toEqual([]);
  });
});
