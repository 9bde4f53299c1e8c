import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SecureFileError } from "@acp/secure-files";
import { describe, expect, it } from "vitest";
import { githubCredential, githubToken, kubeconfigCredential } from "./fixtures/credentials.js";
import { captureLog, entriesOf, scratchDirs } from "./fixtures/scratch.js";
import { applied, modeOf, problemsOf } from "./fixtures/session.js";
import { openSecretsDir } from "./secrets-dir.js";
import { SessionFiles } from "./session-files.js";

const scratch = scratchDirs();

// Odd spacing, key order and a trailing comment-free newline-less end: the restore must give back these exact bytes.
const userConfig = `{"theme":  "dark",
  "mcpServers": {"docs": {"command": "docs-mcp", "args": []}, "openshift": {"command": "old"}}}`;

function workspace() {
  const root = scratch();
  const workdir = join(root, "work");
  mkdirSync(workdir);
  return { root, workdir, mcp: join(workdir, ".mcp.json") };
}

async function open(root: string, workdir: string) {
  const log = captureLog();
  const dir = await openSecretsDir({ explicit: join(root, "secrets"), sessionId: "s-1", env: {} });
  return { dir, log, files: await SessionFiles.open({ dir, workdir, log }) };
}

describe("the workdir's .mcp.json", () => {
  it("is merged over the user's (theirs kept, ours win with a warning) and restored byte for byte", async () => {
    const { root, workdir, mcp } = workspace();
    writeFileSync(mcp, userConfig);
    chmodSync(mcp, 0o644);
    const { files, log } = await open(root, workdir);
    const outcome = applied(await files.apply([kubeconfigCredential("t1-secret")]));
    expect(outcome.files).toContain(mcp);
    const merged = JSON.parse(readFileSync(mcp, "utf8"));
    expect(merged.theme).toBe("dark");
    expect(Object.keys(merged.mcpServers)).toEqual(["docs", "openshift"]);
    expect(merged.mcpServers.docs).toEqual({ command: "docs-mcp", args: [] });
    expect(merged.mcpServers.openshift.command).toBe("npx");
    expect(merged.mcpServers.openshift.env.KUBECONFIG).toMatch(/\/kubeconfig$/);
    expect(modeOf(mcp)).toBe(0o600);
    expect(log.lines.filter((line) => line.level === "warn")).toEqual([
      expect.objectContaining({ fields: { server: "openshift", path: mcp } }),
    ]);
    // The same servers again: the file is not rewritten (same inode and mtime).
    const written = lstatSync(mcp, { bigint: true });
    applied(await files.apply([kubeconfigCredential("t1-secret")]));
    const again = lstatSync(mcp, { bigint: true });
    expect([again.ino, again.mtimeNs]).toEqual([written.ino, written.mtimeNs]);
    // A second apply with the same conflict does not warn again.
    applied(await files.apply([kubeconfigCredential("t2-secret")]));
    expect(log.lines.filter((line) => line.level === "warn")).toHaveLength(1);

    await files.wipe();
    expect(readFileSync(mcp, "utf8")).toBe(userConfig);
    expect(modeOf(mcp)).toBe(0o644);
    expect(entriesOf(workdir)).toEqual([".mcp.json"]);
  });

  it("is ours alone when the user had none, follows servers added and removed, and is gone after the wipe", async () => {
    const { root, workdir, mcp } = workspace();
    const { files } = await open(root, workdir);
    const code = githubCredential(githubToken("a"));
    applied(await files.apply([code]));
    expect(existsSync(mcp)).toBe(false);
    applied(await files.apply([code, kubeconfigCredential("t1")]));
    expect(Object.keys(JSON.parse(readFileSync(mcp, "utf8")).mcpServers)).toEqual(["openshift"]);
    applied(await files.apply([code]));
    expect(existsSync(mcp)).toBe(false);
    applied(await files.apply([code, kubeconfigCredential("t1")]));
    await files.wipe();
    expect(entriesOf(workdir)).toEqual([]);
  });

  it("goes back to the user's own bytes when the last server is unbound mid-session", async () => {
    const { root, workdir, mcp } = workspace();
    writeFileSync(mcp, userConfig);
    const { files } = await open(root, workdir);
    applied(await files.apply([kubeconfigCredential("t1")]));
    applied(await files.apply([]));
    expect(readFileSync(mcp, "utf8")).toBe(userConfig);
  });

  it("is refused, with nothing written, when it is a symlink at the start", async () => {
    const { root, workdir, mcp } = workspace();
    const elsewhere = join(root, "elsewhere.json");
    writeFileSync(elsewhere, "{}");
    symlinkSync(elsewhere, mcp);
    const error = await open(root, workdir).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(SecureFileError);
    expect((error as SecureFileError).path).toBe(mcp);
    expect(readFileSync(elsewhere, "utf8")).toBe("{}");
  });

  it("is refused when a symlink is planted there mid-session, and nothing is written through it", async () => {
    const { root, workdir, mcp } = workspace();
    const { dir, files } = await open(root, workdir);
    applied(await files.apply([kubeconfigCredential("t1")]));
    const kubeconfigBefore = readFileSync(join(dir.path, "kubeconfig"), "utf8");
    const elsewhere = join(root, "elsewhere.json");
    writeFileSync(elsewhere, "{}");
    rmSync(mcp);
    symlinkSync(elsewhere, mcp);
    expect(problemsOf(await files.apply([kubeconfigCredential("t2")]))).toEqual([`${mcp} is a symbolic link`]);
    expect(readFileSync(elsewhere, "utf8")).toBe("{}");
    expect(lstatSync(mcp).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir.path, "kubeconfig"), "utf8")).toBe(kubeconfigBefore);
  });

  it("is refused when the user's file is not a JSON object, before anything is written", async () => {
    const { root, workdir, mcp } = workspace();
    writeFileSync(mcp, "not json: secret-looking-text");
    const error = await open(root, workdir).then(
      () => undefined,
      (thrown: unknown) => thrown as Error,
    );
    expect(error?.message).toBe(`${mcp} is not valid JSON; fix it or run with --no-workdir-mcp`);
    expect(readFileSync(mcp, "utf8")).toBe("not json: secret-looking-text");
  });

  it("is not touched at all without a workdir (--no-workdir-mcp)", async () => {
    const { root, workdir } = workspace();
    const log = captureLog();
    const dir = await openSecretsDir({ explicit: join(root, "secrets"), sessionId: "s-1", env: {} });
    const files = await SessionFiles.open({ dir, workdir: undefined, log });
    const outcome = applied(await files.apply([kubeconfigCredential("t1")]));
    expect(outcome.files.every((path) => path.startsWith(dir.path))).toBe(true);
    expect(outcome.env.ACP_MCP_CONFIG).toBe(join(dir.path, "mcp.json"));
    expect(entriesOf(workdir)).toEqual([]);
  });
});
