import { type Command, Option } from "commander";
import type { ConnectionFlags } from "../config/index.js";
import { parseDuration } from "./duration-flag.js";

/** The flags every command accepts, before or after its own words. */
export interface GlobalOptions {
  readonly connection: ConnectionFlags;
  readonly http2: boolean;
  readonly requestTimeoutMs: number;
}

const defaultTimeout = "30s";

export function addGlobalOptions(program: Command): void {
  program
    .option("--server <url>", "API server (http://, https:// or h2c://); overrides ACP_SERVER and the context")
    .option("--context <name>", "config context to use instead of current-context; overrides ACP_SERVER and ACP_TOKEN")
    .option("--http2", "speak HTTP/2 to an http:// or https:// server (h2c:// always does)")
    .addOption(
      new Option("--request-timeout <duration>", "deadline of each API call, e.g. 10s or 2m").default(defaultTimeout),
    );
}

/** The global flags as the root command parsed them. */
export function globalOptions(command: Command): GlobalOptions {
  let root = command;
  while (root.parent) root = root.parent;
  const opts = root.opts<{ server?: string; context?: string; http2?: boolean; requestTimeout: string }>();
  return {
    connection: { server: opts.server, context: opts.context },
    http2: opts.http2 === true,
    requestTimeoutMs: parseDuration(opts.requestTimeout, "--request-timeout"),
  };
}
