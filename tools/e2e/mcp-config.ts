import { readFile } from "node:fs/promises";
import { type McpLaunch, type McpSession, startMcpServer } from "./mcp-session.js";

interface McpJsonEntry {
  readonly command: string;
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

// Claude Code expands ${VAR} and ${VAR:-default} in an entry's command, args and env.
function expand(value: string, env: NodeJS.ProcessEnv): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_, name: string, fallback?: string) => {
    const found = env[name];
    if (found !== undefined) return found;
    if (fallback !== undefined) return fallback;
    throw new Error(`.mcp.json refers to \${${name}}, which is not set`);
  });
}

/** The launch an `.mcp.json` entry describes, as a client that honours the file would run it. */
export async function readMcpLaunch(
  mcpJsonPath: string,
  serverName: string,
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<McpLaunch> {
  const document = JSON.parse(await readFile(mcpJsonPath, "utf8")) as { mcpServers?: Record<string, McpJsonEntry> };
  const entry = document.mcpServers?.[serverName];
  if (entry === undefined) throw new Error(`${mcpJsonPath} has no mcpServers.${serverName}`);
  if (typeof entry.command !== "string") throw new Error(`mcpServers.${serverName}.command is not a string`);
  const env = options.env ?? process.env;
  return {
    command: expand(entry.command, env),
    args: (entry.args ?? []).map((a) => expand(a, env)),
    env: Object.fromEntries(Object.entries(entry.env ?? {}).map(([k, v]) => [k, expand(v, env)])),
    baseEnv: env,
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  };
}

/** Starts the server exactly as the `.mcp.json` entry says: its command, args and env over `options.env`. */
export async function startMcpServerFromConfig(
  mcpJsonPath: string,
  serverName: string,
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<McpSession> {
  return startMcpServer(await readMcpLaunch(mcpJsonPath, serverName, options));
}
