import type { WatchEnd } from "../client/index.js";
import { type CommandExit, exitCodeOf, forwardSignals, type RunningCommand, startCommand } from "../process/index.js";
import { exitCodes } from "./exit-codes.js";
import { LiveFiles } from "./live-files.js";
import { reasonOf } from "./reason-of.js";
import type { SessionContext, SessionOptions } from "./session-options.js";
import { type StartedSession, startSession } from "./start-session.js";

export interface RunOptions extends SessionOptions {
  readonly command: string;
  readonly args: readonly string[];
  /** How long CMD has between SIGTERM and SIGKILL when the session ends under it. */
  readonly graceMs: number;
}

type Ending =
  | { kind: "cmd"; exit: CommandExit }
  | { kind: "watch"; end: WatchEnd | { kind: "failed"; reason: string } };

/**
 * One session from start to wipe: the credentials are written before CMD
 * starts, kept current while it runs, and removed when it exits or the
 * session ends, whichever comes first. Resolves with the runner's exit code.
 */
export async function runSession(options: RunOptions, context: SessionContext): Promise<number> {
  const { log } = context;
  const session = await startSession(options, context);
  const live = new LiveFiles(session.files, session.expiry, log);
  const abort = new AbortController();
  let stopForwarding = () => {};
  try {
    const cmd = startCommand({
      command: options.command,
      args: options.args,
      env: commandEnv(session, context),
      cwd: options.workdir,
    });
    stopForwarding = forwardSignals(cmd, (signal) => log.info("forwarding signal to CMD", { signal }));
    log.info("ready", { sessionId: session.snapshot.sessionId, secretsDir: session.dir.path, pid: cmd.pid });
    const watching = session.api
      .watch({ onSnapshot: (snapshot) => live.apply(snapshot), ...reconnectLogging(context) }, abort.signal)
      .catch((error: unknown) => ({ kind: "failed" as const, reason: reasonOf(error) }));
    let ending: Ending = await Promise.race([
      cmd.exited.then((exit) => ({ kind: "cmd" as const, exit })),
      watching.then((end) => ({ kind: "watch" as const, end })),
    ]);
    if (ending.kind === "watch" && ending.end.kind !== "ended" && ending.end.kind !== "refused") {
      // The stream gave up without a verdict on the session: keep the last good files for CMD.
      log.error("stopped following credential changes; the files keep their last content", endFields(ending.end));
      ending = { kind: "cmd", exit: await cmd.exited };
    }
    if (ending.kind === "watch") return await endUnderCommand(ending.end, cmd, live, options, context);
    await live.wipe();
    const code = exitCodeOf(ending.exit);
    log.info("CMD exited; session files removed", { exitCode: code, ...exitFields(ending.exit) });
    return code;
  } finally {
    abort.abort();
    stopForwarding();
    await live.wipe();
    session.api.close();
  }
}

/** The session ended (or its token stopped working) while CMD runs: secrets first, then CMD. */
async function endUnderCommand(
  end: WatchEnd | { kind: "failed"; reason: string },
  cmd: RunningCommand,
  live: LiveFiles,
  options: RunOptions,
  context: SessionContext,
): Promise<number> {
  await live.wipe();
  context.log.warn("session over; files removed, stopping CMD", { ...endFields(end), graceMs: options.graceMs });
  const exit = await cmd.terminate(options.graceMs);
  context.log.info("CMD stopped", exitFields(exit));
  return exitCodes.refused;
}

function commandEnv(session: StartedSession, context: SessionContext): NodeJS.ProcessEnv {
  return { ...context.env, ...session.env };
}

function reconnectLogging(context: SessionContext) {
  return {
    onReconnecting: (info: { attempt: number; code: string; delayMs: number }) =>
      context.log.warn("credential stream broken; reconnecting, files keep their last content", info),
    onReconnected: () => context.log.info("credential stream reconnected"),
  };
}

function endFields(end: WatchEnd | { kind: "failed"; reason: string }) {
  switch (end.kind) {
    case "refused":
      return { end: end.kind, code: end.error.code, reason: end.error.message };
    case "failed":
      return { end: end.kind, reason: end.reason };
    default:
      return { end: end.kind };
  }
}

function exitFields(exit: CommandExit) {
  switch (exit.kind) {
    case "exited":
      return { exit: exit.kind, code: exit.code };
    case "signaled":
      return { exit: exit.kind, signal: exit.signal };
    case "failed-to-start":
      return { exit: exit.kind, reason: exit.message };
  }
}
