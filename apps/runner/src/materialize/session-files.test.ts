import { existsSync, lstatSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { githubCredential, githubToken, jiraCredential, kubeconfigCredential } from "./fixtures/credentials.js";
import { captureLog, entriesOf, scratchDirs } from "./fixtures/scratch.js";
import { applied, modeOf, problemsOf, snapshot } from "./fixtures/session.js";
import { readGitCredentials } from "./git-credentials-file.js";
import { openSecretsDir } from "./secrets-dir.js";
import { SessionFiles } from "./session-files.js";

const scratch = scratchDirs();
const sessionFiles = ["env", "git-credentials.json", "mcp.json"];
const bookkeeping = ["runner.pid", "session.json"];

async function openSession(options: { workdir?: string; explicit?: string } = {}) {
  const root = scratch();
  const log = captureLog();
  const dir = await openSecretsDir({
    explicit: options.explicit ?? join(root, "secrets"),
    sessionId: "s-1",
    env: {},
  });
  const files = await SessionFiles.open({ dir, workdir: options.workdir, log });
  return { dir, files, log, root };
}

describe("SessionFiles.apply", () => {
  it("writes every provider file, env, git credentials and MCP config privately", async () => {
    const { dir, files, log } = await openSession();
    const token = githubToken("a");
    const outcome = applied(
      await files.apply([kubeconfigCredential("t1-secret"), githubCredential(token), jiraCredential("jira'tok")]),
    );
    expect(modeOf(dir.path)).toBe(0o700);
    expect(entriesOf(dir.path)).toEqual(
      [...bookkeeping, "env", "git-credentials.json", "kubeconfig", "mcp.json"].sort(),
    );
    for (const name of entriesOf(dir.path)) expect(modeOf(join(dir.path, name)), name).toBe(0o600);
    const kubeconfig = join(dir.path, "kubeconfig");
    expect(readFileSync(kubeconfig, "utf8")).toContain("token: t1-secret");
    expect(outcome.env).toMatchObject({
      KUBECONFIG: kubeconfig,
      GITHUB_TOKEN: token,
      JIRA_API_TOKEN: "jira'tok",
      ACP_MCP_CONFIG: join(dir.path, "mcp.json"),
    });
    expect(readFileSync(join(dir.path, "env"), "utf8")).toContain(`export JIRA_API_TOKEN='jira'\\''tok'\n`);
    expect(readFileSync(join(dir.path, "env"), "utf8")).toContain(`export ACP_MCP_CONFIG='${dir.path}/mcp.json'\n`);
    expect(JSON.parse(readFileSync(join(dir.path, "git-credentials.json"), "utf8"))).toEqual({
      hosts: [{ host: "github.com", username: "x-access-token", token, credentialName: "code" }],
    });
    expect(await readGitCredentials(dir.path)).toEqual([
      { host: "github.com", username: "x-access-token", token, credentialName: "code" },
    ]);
    const mcp = JSON.parse(readFileSync(join(dir.path, "mcp.json"), "utf8"));
    expect(Object.keys(mcp.mcpServers)).toEqual(["openshift"]);
    expect(mcp.mcpServers.openshift).toEqual({
      command: "npx",
      args: expect.arrayContaining(["-y", "kubernetes-mcp-server@0.0.66", "--kubeconfig", kubeconfig, "--read-only"]),
      env: { KUBECONFIG: kubeconfig },
    });
    expect(outcome.files).toEqual(
      ["kubeconfig", ...sessionFiles]
        .sort()
        .map((name) => join(dir.path, name))
        .sort(),
    );
    expect(outcome.changed).toEqual(["cluster", "code", "tracker"]);
    expect(log.text()).not.toContain("t1-secret");
    expect(log.text()).not.toContain(token);
  });

  it("rewrites only what changed: an unchanged file keeps its inode and mtime, a changed one gets a new inode", async () => {
    const { dir, files, log } = await openSession();
    const code = githubCredential(githubToken("a"));
    applied(await files.apply([kubeconfigCredential("t1-secret"), code]));
    const names = ["kubeconfig", ...sessionFiles];
    const first = snapshot(dir.path, names);

    expect(applied(await files.apply([kubeconfigCredential("t1-secret"), code])).changed).toEqual([]);
    expect(snapshot(dir.path, names)).toEqual(first);

    const rotated = applied(await files.apply([kubeconfigCredential("t2-secret"), code]));
    expect(rotated.changed).toEqual(["cluster"]);
    const second = snapshot(dir.path, names);
    expect(second.kubeconfig!.ino).not.toBe(first.kubeconfig!.ino);
    expect(second.kubeconfig!.text).toContain("token: t2-secret");
    // Paths only in the env and MCP config: the same bytes, so not touched.
    for (const name of sessionFiles) expect(second[name], name).toEqual(first[name]);
    expect(log.lines.filter((line) => line.msg === "credentials changed").map((line) => line.fields)).toEqual([
      { credentials: ["cluster", "code"] },
      { credentials: ["cluster"] },
    ]);
    expect(log.text()).not.toContain("t2-secret");
  });

  it("adds a credential bound mid-session and removes one unbound, with its file and MCP server", async () => {
    const { dir, files } = await openSession();
    const code = githubCredential(githubToken("a"));
    applied(await files.apply([code]));
    expect(existsSync(join(dir.path, "kubeconfig"))).toBe(false);
    expect(JSON.parse(readFileSync(join(dir.path, "mcp.json"), "utf8"))).toEqual({ mcpServers: {} });

    const added = applied(await files.apply([code, kubeconfigCredential("t1-secret")]));
    expect(added.changed).toEqual(["cluster"]);
    expect(added.env.KUBECONFIG).toBe(join(dir.path, "kubeconfig"));
    expect(Object.keys(JSON.parse(readFileSync(join(dir.path, "mcp.json"), "utf8")).mcpServers)).toEqual(["openshift"]);

    const removed = applied(await files.apply([code]));
    expect(removed.changed).toEqual(["cluster"]);
    expect(removed.env.KUBECONFIG).toBeUndefined();
    expect(existsSync(join(dir.path, "kubeconfig"))).toBe(false);
    expect(readFileSync(join(dir.path, "env"), "utf8")).not.toContain("KUBECONFIG");
    expect(JSON.parse(readFileSync(join(dir.path, "mcp.json"), "utf8"))).toEqual({ mcpServers: {} });
  });

  it("leaves the previous files untouched when the credentials conflict", async () => {
    const { dir, files, log } = await openSession();
    applied(await files.apply([kubeconfigCredential("t1-secret")]));
    const names = ["kubeconfig", ...sessionFiles];
    const before = snapshot(dir.path, names);
    const problems = problemsOf(
      await files.apply([kubeconfigCredential("t2-secret", "a"), kubeconfigCredential("t3-secret", "b")]),
    );
    expect(problems).toContain(`credentials "a" and "b" both set file ${join(dir.path, "kubeconfig")}`);
    expect(snapshot(dir.path, names)).toEqual(before);
    expect(log.text()).not.toMatch(/t[23]-secret/);
  });

  it("puts back what it had replaced when a later write of the same apply fails", async () => {
    const root = scratch();
    const workdir = join(root, "work");
    mkdirSync(workdir);
    const { dir, files } = await openSession({ workdir });
    const code = githubCredential(githubToken("a"));
    applied(await files.apply([code]));
    const before = snapshot(dir.path, sessionFiles);
    // The workdir goes away, so its write (the last one) fails after the private files were replaced.
    rmSync(workdir, { recursive: true });
    const problems = problemsOf(await files.apply([githubCredential(githubToken("b")), kubeconfigCredential("t1")]));
    expect(problems).toEqual([expect.stringContaining(join(workdir, ".mcp.json"))]);
    expect(existsSync(join(dir.path, "kubeconfig"))).toBe(false);
    const after = snapshot(dir.path, sessionFiles);
    for (const name of sessionFiles) expect(after[name]!.text, name).toBe(before[name]!.text);
    expect(entriesOf(dir.path)).toEqual([...bookkeeping, ...sessionFiles].sort());
  });

  it("refuses an empty secret for a file rather than writing an empty file", async () => {
    const { dir, files } = await openSession();
    applied(await files.apply([kubeconfigCredential("t1")]));
    const before = snapshot(dir.path, ["kubeconfig"]);
    const empty = { ...kubeconfigCredential("t1"), secret: "" };
    expect(problemsOf(await files.apply([empty]))).toEqual([expect.stringContaining("empty secret")]);
    expect(snapshot(dir.path, ["kubeconfig"])).toEqual(before);
  });
});

describe("SessionFiles.wipe", () => {
  it("removes every file and the directory it made, once, and refuses later applies", async () => {
    const { dir, files } = await openSession();
    applied(await files.apply([kubeconfigCredential("t1"), githubCredential(githubToken("a"))]));
    await files.wipe();
    expect(existsSync(dir.path)).toBe(false);
    await files.wipe();
    expect(problemsOf(await files.apply([kubeconfigCredential("t1")]))).toEqual([
      "the session's files were already wiped",
    ]);
    expect(existsSync(dir.path)).toBe(false);
  });

  it("empties a directory it was given but leaves the directory (it may be a mount) and other files", async () => {
    const root = scratch();
    const given = join(root, "mounted");
    mkdirSync(given, { mode: 0o700 });
    const { dir, files } = await openSession({ explicit: given });
    expect(dir.created).toBe(false);
    applied(await files.apply([kubeconfigCredential("t1")]));
    await files.wipe();
    expect(lstatSync(given).isDirectory()).toBe(true);
    expect(entriesOf(given)).toEqual([]);
  });
});
