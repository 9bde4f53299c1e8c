import { lstat, mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ProviderType } from "@acp/proto";
import { describe, expect, it } from "vitest";
import {
  gone,
  type RunnerSession,
  readReport,
  runnerLoader,
  sessionCmdArgs,
  spawnRunner,
  useRunnerWorld,
} from "../testing/index.js";

// The built runner against a real API, with a small node script as CMD that
// looks at the session from the inside. Every argv spawned and every line a
// runner logged is checked for every secret at the end.
const suite = useRunnerWorld();
const world = () => suite.world();
const place = () => suite.place();

function runArgs(session: RunnerSession, ...rest: string[]) {
  return ["run", "--server", world().api.url, "--session-token-file", session.tokenFile, ...rest];
}

describe("acp-runner run, end to end", () => {
  it("gives CMD its credentials privately, exits with CMD's code, and leaves nothing behind", async () => {
    const session = await world().session([ProviderType.GITHUB, ProviderType.JIRA, ProviderType.KUBECONFIG]);
    const where = await place();
    const userMcp = '{\n  "mcpServers": { "mine": { "command": "echo", "args": ["hi"] } },\n  "keep": true\n}\n';
    await writeFile(join(where.workdir, ".mcp.json"), userMcp, { mode: 0o640 });

    const runner = spawnRunner(
      [...runArgs(session, "--workdir", where.workdir), ...sessionCmdArgs("observe", where.report, "7")],
      where.env,
    );
    const { code, stderr } = await runner.done;
    expect(code, stderr).toBe(7);

    const seen = readReport(where.report)!;
    const github = session.credential(ProviderType.GITHUB);
    const jira = session.credential(ProviderType.JIRA);
    const kube = session.credential(ProviderType.KUBECONFIG);
    expect(seen.cwd).toBe(where.workdir);
    expect(seen.env.GITHUB_TOKEN).toBe(github.secret);
    expect(seen.env.GH_TOKEN).toBe(github.secret);
    expect(seen.env.JIRA_API_TOKEN).toBe(jira.secret);
    expect(seen.env.JIRA_EMAIL).toBe(jira.email);
    // The default directory, under XDG_RUNTIME_DIR and named for the session.
    expect(seen.dir).toBe(join(where.runtime, "acp", session.id));
    expect(seen.dirMode).toBe(0o700);
    expect(seen.env.KUBECONFIG).toBe(join(seen.dir!, "kubeconfig"));
    expect(seen.env.ACP_MCP_CONFIG).toBe(join(seen.dir!, "mcp.json"));
    for (const [name, file] of Object.entries(seen.files)) {
      expect(file.file, name).toBe(true);
      expect(file.mode, name).toBe(0o600);
    }
    expect(seen.files.kubeconfig?.contents).toBe(kube.secret);
    // <dir>/env, for processes started later, says what CMD's env says.
    const envFile = seen.files.env!.contents;
    expect(envFile).toContain(`export KUBECONFIG='${seen.env.KUBECONFIG}'`);
    expect(envFile).toContain(`export GITHUB_TOKEN='${github.secret}'`);
    expect(envFile).toContain(`export GIT_CONFIG_COUNT='${seen.env.GIT_CONFIG_COUNT}'`);
    expect(JSON.parse(seen.files["git-credentials.json"]!.contents).hosts).toEqual([
      expect.objectContaining({ host: "github.com", username: "x-access-token", token: github.secret }),
    ]);
    // git's helper is this runner, by path, with nothing secret on its command line.
    const helper = Object.entries(seen.env).find(([k, v]) => k.startsWith("GIT_CONFIG_VALUE_") && v.startsWith("!"));
    expect(helper?.[1]).toBe(`!'${process.execPath}' '${runnerLoader}' 'git-credential' '--secrets-dir' '${seen.dir}'`);

    // The user's .mcp.json was the base: their entries kept, ours added, pinned, with the kubeconfig.
    const merged = JSON.parse(seen.workdirMcp!);
    expect(merged.keep).toBe(true);
    expect(merged.mcpServers.mine).toEqual({ command: "echo", args: ["hi"] });
    const server = merged.mcpServers.openshift;
    expect(server.command).toBe("npx");
    expect(server.args).toEqual(
      expect.arrayContaining(["-y", "kubernetes-mcp-server@0.0.66", "--kubeconfig", seen.env.KUBECONFIG]),
    );
    expect(server.env).toEqual({ KUBECONFIG: seen.env.KUBECONFIG });
    expect(JSON.parse(seen.files["mcp.json"]!.contents).mcpServers).toEqual({ openshift: server });

    // Nothing of the session remains; the user's file is back byte for byte, mode included.
    expect(await gone(seen.dir!)).toBe(true);
    expect(await readdir(join(where.runtime, "acp"))).toEqual([]);
    expect(await readFile(join(where.workdir, ".mcp.json"), "utf8")).toBe(userMcp);
    expect((await lstat(join(where.workdir, ".mcp.json"))).mode & 0o777).toBe(0o640);
    expect(stderr).toMatch(/"msg":"ready"/);
  });

  it("with --no-workdir-mcp leaves the workdir alone and writes only $ACP_MCP_CONFIG", async () => {
    const session = await world().session([ProviderType.KUBECONFIG]);
    const where = await place();
    const runner = spawnRunner(
      [...runArgs(session, "--no-workdir-mcp"), ...sessionCmdArgs("observe", where.report, "0")],
      where.env,
      where.workdir,
    );
    const { code, stderr } = await runner.done;
    expect(code, stderr).toBe(0);
    const seen = readReport(where.report)!;
    expect(seen.workdirMcp).toBeUndefined();
    expect(JSON.parse(seen.files["mcp.json"]!.contents).mcpServers.openshift.command).toBe("npx");
    expect(await readdir(where.workdir)).toEqual([]);
  });

  it("refuses a symlink planted at the secrets directory, naming it, and writes nothing through it", async () => {
    const session = await world().session([ProviderType.KUBECONFIG]);
    const where = await place();
    const elsewhere = join(where.base, "elsewhere");
    await mkdir(elsewhere, { mode: 0o700 });
    await mkdir(join(where.runtime, "acp"), { mode: 0o700 });
    const planted = join(where.runtime, "acp", session.id);
    await symlink(elsewhere, planted);
    const explicit = join(where.base, "explicit-link");
    await symlink(elsewhere, explicit);
    for (const extra of [[], ["--secrets-dir", explicit]]) {
      const runner = spawnRunner(
        [...runArgs(session, "--workdir", where.workdir, ...extra), ...sessionCmdArgs("observe", where.report, "0")],
        where.env,
      );
      const { code, stderr } = await runner.done;
      expect(code, stderr).toBe(1);
      expect(stderr).toContain(extra.length === 0 ? planted : explicit);
      expect(readReport(where.report)).toBeUndefined();
      expect(await readdir(elsewhere)).toEqual([]);
    }
    expect(await readdir(where.workdir)).toEqual([]);
  });

  it("refuses a symlink planted at each file target, naming it, and writes nothing through it", async () => {
    const session = await world().session([ProviderType.GITHUB, ProviderType.KUBECONFIG]);
    for (const target of ["kubeconfig", "env", "git-credentials.json", "mcp.json", "workdir .mcp.json"]) {
      const where = await place();
      const victim = join(where.base, "victim");
      await writeFile(victim, "untouched\n", { mode: 0o600 });
      const dir = join(where.base, "secrets");
      await mkdir(dir, { mode: 0o700 });
      const link = target === "workdir .mcp.json" ? join(where.workdir, ".mcp.json") : join(dir, target);
      await symlink(victim, link);
      const runner = spawnRunner(
        [
          ...runArgs(session, "--secrets-dir", dir, "--workdir", where.workdir),
          ...sessionCmdArgs("observe", where.report, "0"),
        ],
        where.env,
      );
      const { code, stderr } = await runner.done;
      expect(code, `${target}: ${stderr}`).toBe(1);
      expect(stderr, target).toContain(link);
      expect(readReport(where.report), target).toBeUndefined();
      expect(await readFile(victim, "utf8"), target).toBe("untouched\n");
    }
  });
});
