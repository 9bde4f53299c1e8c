// The CMD of the flagship tests: a stand-in for an agent such as Claude Code,
// run by `acp-runner run` with nothing but the environment and the workdir the
// runner gives it. It takes one JSON instruction per stdin line and answers
// each with one JSON line on stdout (the runner passes both straight through;
// its own logs go to stderr), so the test decides when each step happens while
// the MCP session stays open in between, as an agent's does for hours.
//
// Instructions: {"id", "op": "env" | "kubectl" | "mcp-start" | "call" | "exit", ...}
// It never prints a file's content or a variable other than the ones asked for.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import { readMcpLaunch } from "./mcp-config.js";
import { callTool, type McpSession, startMcpServer } from "./mcp-session.js";

const run = promisify(execFile);
let mcp: McpSession | undefined;

type Instruction =
  | { id: number; op: "env" }
  | { id: number; op: "kubectl"; args: string[] }
  | { id: number; op: "mcp-start"; server: string }
  | { id: number; op: "call"; tool: string; args?: Record<string, unknown> }
  | { id: number; op: "exit"; code: number };

function answer(message: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

async function perform(instruction: Instruction): Promise<Record<string, unknown>> {
  switch (instruction.op) {
    case "env":
      return {
        cwd: process.cwd(),
        KUBECONFIG: process.env.KUBECONFIG,
        ACP_MCP_CONFIG: process.env.ACP_MCP_CONFIG,
      };
    case "kubectl": {
      // No --kubeconfig: KUBECONFIG from the runner must be what reaches the cluster.
      const argv = ["kubectl", ...instruction.args];
      try {
        const { stdout, stderr } = await run("kubectl", instruction.args, { encoding: "utf8", timeout: 20_000 });
        return { argv, code: 0, stdout, stderr };
      } catch (error) {
        const failed = error as { code?: number; stdout?: string; stderr?: string };
        return { argv, code: failed.code ?? -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
      }
    }
    case "mcp-start": {
      // Exactly what the runner wrote in the workdir's .mcp.json, as Claude Code would start it.
      const launch = await readMcpLaunch(join(process.cwd(), ".mcp.json"), instruction.server, { cwd: process.cwd() });
      mcp = await startMcpServer(launch);
      const { tools } = await mcp.client.listTools();
      return {
        pid: mcp.pid,
        argv: [launch.command, ...launch.args],
        env: launch.env,
        tools: tools.map((tool) => tool.name),
      };
    }
    case "call": {
      if (mcp === undefined) throw new Error("no MCP server started");
      const result = await callTool(mcp, instruction.tool, instruction.args ?? {});
      return { pid: mcp.pid, closed: mcp.closed(), listChanged: mcp.listChangedAt().length, ...result };
    }
    case "exit":
      await mcp?.close();
      process.exit(instruction.code);
  }
}

// What an agent does when the runner stops it: close its MCP servers, then go.
process.on("SIGTERM", () => {
  answer({ event: "SIGTERM" });
  void (mcp?.close() ?? Promise.resolve()).finally(() => process.exit(143));
});

// One at a time, in order: the test waits for each answer before the next step.
let queue = Promise.resolve();
createInterface({ input: process.stdin }).on("line", (line) => {
  const instruction = JSON.parse(line) as Instruction;
  queue = queue.then(async () => {
    try {
      answer({ id: instruction.id, ok: true, ...(await perform(instruction)) });
    } catch (error) {
      answer({ id: instruction.id, ok: false, error: String(error) });
    }
  });
});
answer({ event: "started" });
