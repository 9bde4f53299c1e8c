import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect } from "vitest";
import type { AgentAnswer, AgentRunner } from "./agent-runner.js";
import type { RecordedRequest } from "./fake-cluster/index.js";
import { type CommandRun, type FlagshipWorld, walkthroughNames } from "./flagship-world.js";

export const fromMcpServer = (r: RecordedRequest) => r.userAgent.startsWith("kubernetes-mcp-server");
export const fromKubectl = (r: RecordedRequest) => r.userAgent.startsWith("kubectl");
export const usesToken = (label: string) => (r: RecordedRequest) =>
  r.authorized && r.token.kind === "known" && r.token.label === label;

/** Sends an instruction that must succeed; the runner's log comes with a failure. */
export async function askOk(runner: AgentRunner, instruction: Record<string, unknown>): Promise<AgentAnswer> {
  const answer = await runner.ask(instruction);
  expect(answer.ok, `${JSON.stringify(instruction)}: ${answer.error}\n${runner.stderr()}`).toBe(true);
  return answer;
}

/** namespaces_list through the agent's open MCP session: answered by the same process, with `label` only. */
export async function expectMcpLists(world: FlagshipWorld, runner: AgentRunner, label: string, pid: unknown) {
  const since = world.cluster.cursor();
  const answer = await askOk(runner, { op: "call", tool: "namespaces_list" });
  expect(answer.isError, String(answer.text)).toBe(false);
  expect(answer.pid).toBe(pid);
  expect(answer.closed).toBe(false);
  for (const name of world.cluster.namespaces) expect(answer.text).toContain(`name: ${name}\n`);
  const listed = world.cluster.requests(since).filter((r) => fromMcpServer(r) && r.path === "/api/v1/namespaces");
  expect(listed.length, world.cluster.formatLog(since)).toBeGreaterThan(0);
  expect(listed.every(usesToken(label)), world.cluster.formatLog(since)).toBe(true);
  return answer;
}

/** A running session as the walkthrough leaves it: the agent has the MCP server from .mcp.json open. */
export interface AgentSession {
  readonly sessionId: string;
  readonly runner: AgentRunner;
  /** $KUBECONFIG of CMD: the runner's file in the secrets directory. */
  readonly kubeconfig: string;
  /** The MCP server's process, as the agent's transport spawned it. */
  readonly mcpPid: number;
  /** `acpctl credential update <credential> --secret-file` with the user's kubeconfig for `token`. */
  upload(token: string): Promise<void>;
}

async function succeeded(what: string, run: Promise<CommandRun>): Promise<CommandRun> {
  const result = await run;
  if (result.code !== 0) throw new Error(`${what} exited ${result.code}: ${result.stderr}`);
  return result;
}

/** The walkthrough's steps with `token`: create, bind, session, `acp-runner run`, then the agent starts the MCP server. */
export async function startAgentSession(world: FlagshipWorld, token: string): Promise<AgentSession> {
  const { credential, project } = walkthroughNames;
  const userKubeconfig = join(world.home, ".kube", "config");
  const upload = async (next: string, verb: "create" | "update") => {
    await writeFile(userKubeconfig, world.kubeconfigFor(next), { mode: 0o600 });
    const args =
      verb === "create"
        ? ["credential", "create", "--name", credential, "--provider", "kubeconfig", "--secret-file", userKubeconfig]
        : ["credential", "update", credential, "--secret-file", userKubeconfig];
    await succeeded(`credential ${verb}`, world.acpctl(args));
  };
  await upload(token, "create");
  await succeeded("bind", world.acpctl(["bind", credential, "--project", project]));
  const tokenFile = join(world.home, ".acp", "session.token");
  const created = await succeeded(
    "session create",
    world.acpctl(["session", "create", "--project", project, "--token-file", tokenFile]),
  );
  world.secrets.push((await readFile(tokenFile, "utf8")).trim());
  const runner = world.startRunner(tokenFile);
  const env = await askOk(runner, { op: "env" });
  const mcp = await askOk(runner, { op: "mcp-start", server: "openshift" });
  return {
    sessionId: created.stdout.trim(),
    runner,
    kubeconfig: String(env.KUBECONFIG),
    mcpPid: Number(mcp.pid),
    upload: (next) => upload(next, "update"),
  };
}
