import { execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startTestApi, type TestApi } from "@acp/api-harness";
import { type AgentRunner, startAgentRunner } from "./agent-runner.js";
import { type FakeCluster, startFakeCluster } from "./fake-cluster/index.js";
import { kubeconfigYaml } from "./kubeconfig-file.js";
import { repoRoot } from "./pinned-mcp-server.js";

// The bins users run (package.json "bin"): shell launchers onto each bundle's startup snapshot.
const cliBin = fileURLToPath(new URL("../../apps/cli/bin/acpctl", import.meta.url));
const runnerBin = fileURLToPath(new URL("../../apps/runner/bin/acp-runner", import.meta.url));
const agentScript = fileURLToPath(new URL("./flagship-agent.ts", import.meta.url));
const execFileText = promisify(execFile);

/** The names the README's walkthrough uses, so its commands are the ones the tests run. */
export const walkthroughNames = { user: "alice", project: "team-a", credential: "team-a-cluster" } as const;

export interface CommandRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A token as `oc whoami -t` prints one; random per run, so finding it anywhere is a real leak. */
export function openshiftToken(): string {
  return `sha256~${randomBytes(32).toString("base64url")}`;
}

/**
 * One API, one fake cluster and one user who logged in with the real acpctl,
 * as in the README: the project exists (an admin made it, with the user as its
 * owner), the rest is the user's. Every command line is recorded as the user
 * would type it (`acpctl ...`, `acp-runner ...`, `kubectl ...`) with its
 * output, so a test can check the README against them and every text for leaks.
 */
export interface FlagshipWorld {
  readonly api: TestApi;
  readonly cluster: FakeCluster;
  /** The user's HOME, outside the repository; holds ~/.kube/config and acpctl's config. */
  readonly home: string;
  /** The agent's workdir: inside the repository, where npx finds the pinned MCP server offline. */
  readonly workdir: string;
  /** The runner's XDG_RUNTIME_DIR: its secrets directory is <runtimeDir>/acp/<session-id>. */
  readonly runtimeDir: string;
  readonly ran: readonly (readonly string[])[];
  /** Every output of every command run, runners and API log not included (see secretTexts). */
  readonly outputs: readonly string[];
  /** Every secret of this world so far (cluster tokens, the user's and admin's API tokens, runner tokens). */
  readonly secrets: string[];
  acpctl(args: readonly string[]): Promise<CommandRun>;
  /** The admin's acpctl, through ACP_SERVER and ACP_TOKEN (never argv). */
  acpctlAsAdmin(args: readonly string[]): Promise<CommandRun>;
  /** `kubectl ARGS` with KUBECONFIG as given, e.g. to export a minified kubeconfig the way `oc config view` does. */
  kubectl(args: readonly string[], kubeconfig: string): Promise<CommandRun>;
  /** The user's kubeconfig as `oc login` leaves it: several contexts, the current one for the fake cluster. */
  kubeconfigFor(token: string): string;
  /** `acp-runner run --server ... --session-token-file FILE --workdir ... -- <the flagship agent>`. */
  startRunner(sessionTokenFile: string): AgentRunner;
  /** The texts no secret may appear in: the API's log, every runner's stderr and stdout, every command's output. */
  secretTexts(): string[];
  stop(): Promise<void>;
}

export async function startFlagshipWorld(firstClusterToken: string): Promise<FlagshipWorld> {
  const [api, cluster] = await Promise.all([startTestApi(), startFakeCluster({ token: firstClusterToken })]);
  const root = await mkdtemp(join(tmpdir(), "acp-flagship-"));
  const home = join(root, "home");
  const runtimeDir = join(root, "run");
  await mkdir(join(home, ".kube"), { recursive: true, mode: 0o700 });
  await mkdir(runtimeDir, { mode: 0o700 });
  await mkdir(join(repoRoot(), ".cache"), { recursive: true });
  const workdir = await mkdtemp(join(repoRoot(), ".cache", "e2e-flagship-"));
  const ran: string[][] = [];
  const outputs: string[] = [];
  const runners: AgentRunner[] = [];
  const secrets = [firstClusterToken, api.adminToken];
  const userEnv = { PATH: process.env.PATH ?? "", HOME: home, ACPCTL_CONFIG: join(home, ".config", "acpctl.yaml") };

  const spawnCli = async (args: readonly string[], env: Record<string, string>): Promise<CommandRun> => {
    ran.push(["acpctl", ...args]);
    const child = spawn(cliBin, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, "close")) as [number | null];
    outputs.push(stdout, stderr);
    return { code, stdout, stderr };
  };

  const world: FlagshipWorld = {
    api,
    cluster,
    home,
    workdir,
    runtimeDir,
    ran,
    outputs,
    secrets,
    acpctl: (args) => spawnCli(args, userEnv),
    acpctlAsAdmin: (args) =>
      spawnCli(args, {
        PATH: userEnv.PATH,
        HOME: home,
        ACPCTL_CONFIG: join(root, "admin-acpctl.yaml"),
        ACP_SERVER: api.url,
        ACP_TOKEN: api.adminToken,
      }),
    async kubectl(args, kubeconfig) {
      ran.push(["kubectl", ...args]);
      const { stdout, stderr } = await execFileText("kubectl", [...args], {
        env: { PATH: userEnv.PATH, HOME: home, KUBECONFIG: kubeconfig },
        encoding: "utf8",
        timeout: 20_000,
      });
      // Its stdout is the user's own export (the kubeconfig to upload): a secret by design, not a leak.
      outputs.push(stderr);
      return { code: 0, stdout, stderr };
    },
    kubeconfigFor: (token) => kubeconfigYaml({ server: cluster.url, caPem: cluster.caPem, token, namespace: "team-a" }),
    startRunner(sessionTokenFile) {
      const args = ["run", "--server", api.url, "--session-token-file", sessionTokenFile, "--workdir", workdir, "--"];
      const cmd = [process.execPath, "--import", "tsx", agentScript];
      ran.push(["acp-runner", ...args, ...cmd]);
      const runner = startAgentRunner({
        argv: [runnerBin, ...args, ...cmd],
        env: { PATH: userEnv.PATH, HOME: home, XDG_RUNTIME_DIR: runtimeDir },
        cwd: workdir,
      });
      runners.push(runner);
      return runner;
    },
    secretTexts: () => [api.log(), ...runners.flatMap((r) => [r.stderr(), r.stdout()]), ...outputs],
    async stop() {
      for (const runner of runners) await runner.kill();
      await Promise.all([api.stop(), cluster.stop()]);
      await rm(root, { recursive: true, force: true });
      await rm(workdir, { recursive: true, force: true });
    },
  };

  // As the README's walkthrough begins: an admin made the project, the user logged in.
  const userToken = await api.createUser(walkthroughNames.user);
  secrets.push(userToken);
  const tokenFile = join(root, "alice.token");
  await writeFile(tokenFile, `${userToken}\n`, { mode: 0o600 });
  const created = await world.acpctlAsAdmin([
    "project",
    "create",
    walkthroughNames.project,
    "--owner",
    walkthroughNames.user,
  ]);
  const login = await world.acpctl(["login", "--server", api.url, "--token-file", tokenFile]);
  for (const [what, result] of [
    ["project create", created],
    ["login", login],
  ] as const) {
    if (result.code !== 0) throw new Error(`acpctl ${what} exited ${result.code}: ${result.stderr}`);
  }
  return world;
}
