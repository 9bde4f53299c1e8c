import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { type CallToolResult, ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";

/** How to start a stdio MCP server: what one `.mcp.json` entry holds. */
export interface McpLaunch {
  readonly command: string;
  readonly args: readonly string[];
  /** Added on top of `baseEnv`, as Claude Code does with an entry's env. */
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** The environment the server inherits; the test's own when absent. */
  readonly baseEnv?: NodeJS.ProcessEnv;
}

export interface McpSession {
  readonly client: Client;
  /** The spawned process (npx, the npm wrapper or the server itself, whichever `command` is). */
  readonly pid: number;
  /** How many notifications/tools/list_changed arrived, with their times. */
  listChangedAt(): readonly number[];
  /** Whatever the process wrote to stderr (the server logs nothing there by default). */
  stderr(): string;
  /** Whether the transport saw the process go away. */
  closed(): boolean;
  close(): Promise<void>;
}

function definedEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

export async function startMcpServer(launch: McpLaunch): Promise<McpSession> {
  const transport = new StdioClientTransport({
    command: launch.command,
    args: [...launch.args],
    env: { ...definedEnv(launch.baseEnv ?? process.env), ...launch.env },
    ...(launch.cwd === undefined ? {} : { cwd: launch.cwd }),
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-16_384);
  });
  let closed = false;
  const client = new Client({ name: "acp-e2e", version: "0.0.0" });
  client.onclose = () => {
    closed = true;
  };
  const listChanged: number[] = [];
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
    listChanged.push(Date.now());
  });
  try {
    await client.connect(transport);
  } catch (error) {
    await transport.close();
    throw new Error(`MCP server ${launch.command} did not initialize: ${String(error)}\n${stderr}`);
  }
  return {
    client,
    pid: transport.pid!,
    listChangedAt: () => [...listChanged],
    stderr: () => stderr,
    closed: () => closed,
    close: () => client.close(),
  };
}

export interface ToolText {
  readonly isError: boolean;
  /** The text parts of the result, joined. */
  readonly text: string;
}

/** Calls a tool and returns its text; a protocol error rejects, a tool error comes back with isError. */
export async function callTool(
  session: McpSession,
  name: string,
  args: Record<string, unknown> = {},
  timeoutMs = 15_000,
): Promise<ToolText> {
  const result = (await session.client.callTool({ name, arguments: args }, undefined, {
    timeout: timeoutMs,
  })) as CallToolResult;
  const text = result.content
    .map((part) => (part.type === "text" ? part.text : ""))
    .filter((t) => t !== "")
    .join("\n");
  return { isError: result.isError === true, text };
}
