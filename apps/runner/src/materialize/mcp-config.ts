import type { PlannedMcpServer } from "@acp/providers";

/** `<secrets-dir>/mcp.json`, for `claude --mcp-config "$ACP_MCP_CONFIG"`. */
export const mcpConfigName = "mcp.json";

/** One entry of `mcpServers`, in the form Claude Code reads. */
export interface McpServerEntry {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

export type McpServerEntries = Readonly<Record<string, McpServerEntry>>;

export function mcpServerEntries(servers: readonly PlannedMcpServer[]): McpServerEntries {
  return Object.fromEntries(
    servers.map(({ name, command, args, env }) => [name, { command, args: [...args], env: { ...env } }]),
  );
}

export function renderMcpConfig(entries: McpServerEntries): string {
  return renderJson({ mcpServers: entries });
}

/** The user's `.mcp.json`, parsed: its other keys are kept as they are, its servers are the base of ours. */
export interface McpBase {
  readonly fields: Readonly<Record<string, unknown>>;
  readonly servers: Readonly<Record<string, unknown>>;
}

export const emptyMcpBase: McpBase = { fields: {}, servers: {} };

/** Throws a message naming `path` (never its contents) when it is not a JSON object with an object `mcpServers`. */
export function parseMcpBase(bytes: Uint8Array, path: string): McpBase {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch {
    throw new Error(`${path} is not valid JSON; fix it or run with --no-workdir-mcp`);
  }
  if (!isObject(value)) throw new Error(`${path} does not hold a JSON object; fix it or run with --no-workdir-mcp`);
  const servers = value.mcpServers ?? {};
  if (!isObject(servers)) {
    throw new Error(`${path} has an mcpServers that is not an object; fix it or run with --no-workdir-mcp`);
  }
  return { fields: value, servers };
}

/** The user's config with our servers added; ours win, and `replaced` names the user's entries they displaced. */
export function mergeMcpConfig(base: McpBase, entries: McpServerEntries): { text: string; replaced: string[] } {
  const replaced = Object.keys(entries).filter((name) => Object.hasOwn(base.servers, name));
  return { text: renderJson({ ...base.fields, mcpServers: { ...base.servers, ...entries } }), replaced };
}

function renderJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
