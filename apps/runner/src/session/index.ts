// One session's life: fetch, write, run CMD, follow the stream, wipe.
//
// What a session needs (the gRPC client, the schemas, the registry, the
// materializer) is loaded when a session starts, not when the runner does:
// `git-credential`, which git starts once per request, never pays for it.
// The bundle keeps modules reached only through import() unevaluated until then.
import type { Logger } from "../logging/index.js";
import type { PreparedSession } from "./prepare-session.js";
import type { RunOptions } from "./run-session.js";
import type { SessionContext, SessionOptions } from "./session-options.js";

export { exitCodes, type RunnerExitCode } from "./exit-codes.js";
export type { PreparedSession } from "./prepare-session.js";
export { reasonOf } from "./reason-of.js";
export type { RunOptions } from "./run-session.js";
export { RunnerError, UsageError } from "./runner-error.js";
export type { SessionContext, SessionOptions } from "./session-options.js";

export async function runSession(options: RunOptions, context: SessionContext): Promise<number> {
  return (await import("./run-session.js")).runSession(options, context);
}

export async function prepareSession(options: SessionOptions, context: SessionContext): Promise<PreparedSession> {
  return (await import("./prepare-session.js")).prepareSession(options, context);
}

export async function cleanSession(secretsDir: string, log: Logger): Promise<void> {
  return (await import("./clean-session.js")).cleanSession(secretsDir, log);
}
