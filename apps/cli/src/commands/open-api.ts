import { type ApiClients, describeCallError } from "../client/index.js";
import { configLocation, loadConfig, resolveTarget, type Target } from "../config/index.js";
import { AuthError } from "../io/index.js";
import type { CommandIo } from "./command-io.js";
import type { GlobalOptions } from "./global-options.js";

/**
 * Runs `use` with clients for the server and token the flags, environment
 * and config choose. Without a server or a token it fails with exit 4
 * before any call, pointing at `acpctl login`.
 */
export async function withApi<T>(
  io: CommandIo,
  globals: GlobalOptions,
  use: (api: ApiClients, target: Target) => Promise<T>,
): Promise<T> {
  const config = await loadConfig(configLocation(io.env), io.stderr);
  const resolution = resolveTarget(config, globals.connection, io.env);
  if (resolution.kind === "no-server") {
    throw new AuthError(`not logged in: ${resolution.reason}`, [
      "run `acpctl login --server URL`, or set ACP_SERVER and ACP_TOKEN",
    ]);
  }
  if (resolution.kind === "no-token") {
    throw new AuthError(`no token for ${resolution.server}: ${resolution.reason}`, [
      `run \`acpctl login --server ${resolution.server}\`, or set ACP_TOKEN`,
    ]);
  }
  return callApi(io, resolution.target, globals, (api) => use(api, resolution.target));
}

/**
 * Runs `use` with clients for `target`, closes them after, and turns any
 * failed call into the CliError that says what to do about it.
 */
export async function callApi<T>(
  io: CommandIo,
  target: Target,
  globals: GlobalOptions,
  use: (api: ApiClients) => Promise<T>,
): Promise<T> {
  let api: ApiClients | undefined;
  try {
    api = await io.clients(target, { timeoutMs: globals.requestTimeoutMs, http2: globals.http2 });
    return await use(api);
  } catch (error) {
    throw await describeCallError(error, target, globals.requestTimeoutMs);
  } finally {
    api?.close();
  }
}
