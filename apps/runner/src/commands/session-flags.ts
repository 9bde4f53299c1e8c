import { isAbsolute, resolve } from "node:path";
import type { Command } from "commander";
import type { Logger } from "../logging/index.js";
import { type SessionOptions, UsageError } from "../session/index.js";
import { parseDuration } from "./duration-flag.js";
import { readTokenFile } from "./token-file.js";

/** The flags of `run` and `prepare`, checked but with the token not yet read. */
export interface SessionFlags {
  readonly server: string;
  readonly tokenFile: string;
  readonly secretsDir: string | undefined;
  readonly workdir: string | undefined;
  readonly startTimeoutMs: number;
}

export function addSessionFlags(command: Command): Command {
  return command
    .option("--server <url>", "acp-api, http://host:port or https://host:port (default: $ACP_SERVER)")
    .option(
      "--session-token-file <path>",
      "file holding the session's runner token, mode 0600 (default: $ACP_SESSION_TOKEN_FILE)",
    )
    .option(
      "--secrets-dir <dir>",
      "private directory for the files (default: $XDG_RUNTIME_DIR/acp/<session>, else a new temp dir)",
    )
    .option("--workdir <dir>", "where .mcp.json is merged (default: the current directory)")
    .option("--no-workdir-mcp", "leave the workdir alone; the MCP config is only at $ACP_MCP_CONFIG")
    .option("--start-timeout <duration>", "give up reaching the server after this, e.g. 30s", "30s");
}

interface RawSessionFlags {
  server?: string;
  sessionTokenFile?: string;
  secretsDir?: string;
  workdir?: string;
  workdirMcp: boolean;
  startTimeout: string;
}

/** The flags, with ACP_SERVER and ACP_SESSION_TOKEN_FILE standing in for the first two. */
export function parseSessionFlags(
  opts: Readonly<Record<string, unknown>>,
  env: NodeJS.ProcessEnv,
  cwd: string,
): SessionFlags {
  const raw = opts as unknown as RawSessionFlags;
  const server = nonEmpty(raw.server) ?? nonEmpty(env.ACP_SERVER);
  if (server === undefined) throw new UsageError("--server (or ACP_SERVER) is required");
  if (!/^https?:\/\/[^/]+\/?$/.test(server)) {
    throw new UsageError(`--server: expected http://host:port or https://host:port, got ${JSON.stringify(server)}`);
  }
  const tokenFile = nonEmpty(raw.sessionTokenFile) ?? nonEmpty(env.ACP_SESSION_TOKEN_FILE);
  if (tokenFile === undefined) throw new UsageError("--session-token-file (or ACP_SESSION_TOKEN_FILE) is required");
  if (raw.workdirMcp === false && raw.workdir !== undefined) {
    throw new UsageError("--workdir and --no-workdir-mcp exclude each other");
  }
  return {
    server: server.replace(/\/$/, ""),
    tokenFile: resolve(cwd, tokenFile),
    secretsDir: raw.secretsDir === undefined ? undefined : absolute(raw.secretsDir, cwd),
    workdir: raw.workdirMcp === false ? undefined : resolve(cwd, raw.workdir ?? "."),
    startTimeoutMs: parseDuration(raw.startTimeout, "--start-timeout"),
  };
}

/** The flags with the token read from its file. */
export async function sessionOptions(
  flags: SessionFlags,
  runnerCommand: readonly string[],
  log: Logger,
): Promise<SessionOptions> {
  const token = await readTokenFile(flags.tokenFile, log);
  return {
    server: flags.server,
    token,
    secretsDir: flags.secretsDir,
    workdir: flags.workdir,
    startTimeoutMs: flags.startTimeoutMs,
    runnerCommand,
  };
}

export function absolute(path: string, cwd: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
