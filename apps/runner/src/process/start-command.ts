import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import type { CommandExit, StartFailure } from "./command-exit.js";
import type { RunningCommand } from "./running-command.js";

export interface StartCommandOptions {
  readonly command: string;
  readonly args: readonly string[];
  /** CMD's whole environment: nothing of the runner's own leaks in unless the caller put it here. */
  readonly env: NodeJS.ProcessEnv;
  readonly cwd?: string | undefined;
}

/**
 * Starts CMD with the runner's stdin, stdout and stderr, so an interactive
 * agent sees its terminal and the runner never buffers or reads its output.
 */
export function startCommand(options: StartCommandOptions): RunningCommand {
  let child: ChildProcess;
  try {
    child = spawn(options.command, [...options.args], {
      env: options.env,
      cwd: options.cwd,
      stdio: "inherit",
    });
  } catch (error) {
    // Arguments spawn refuses before trying (a NUL in a path, ...).
    return notStarted(failure(options, error));
  }
  return supervise(child, options);
}

function supervise(child: ChildProcess, options: StartCommandOptions): RunningCommand {
  let done: CommandExit | undefined;
  let started = false;
  const exited = new Promise<CommandExit>((resolve) => {
    const finish = (exit: CommandExit) => {
      if (done !== undefined) return;
      done = exit;
      resolve(exit);
    };
    child.once("spawn", () => {
      started = true;
    });
    // After a successful spawn, "error" only means a kill failed; the exit
    // that follows (or already came) is the outcome.
    child.on("error", (error) => {
      if (!started) finish(failure(options, error));
    });
    child.once("exit", (code, signal) => {
      if (signal !== null) finish({ kind: "signaled", signal });
      else finish({ kind: "exited", code: code ?? 1 });
    });
  });

  const signal = (name: NodeJS.Signals) => {
    if (done !== undefined || child.pid === undefined) return;
    child.kill(name);
  };

  return {
    pid: child.pid,
    exited,
    signal,
    terminate: async (graceMs) => {
      if (done !== undefined) return done;
      signal("SIGTERM");
      const escalation = setTimeout(() => signal("SIGKILL"), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(escalation);
      }
    },
  };
}

function notStarted(exit: CommandExit): RunningCommand {
  const exited = Promise.resolve(exit);
  return { pid: undefined, exited, signal: () => {}, terminate: () => exited };
}

/**
 * Only the errno name goes into the message: the command and cwd are the
 * user's own words, but Node's message would also be free to grow the args.
 */
function failure(options: StartCommandOptions, error: unknown): CommandExit {
  const code = errnoCode(error);
  // spawn says ENOENT for a missing cwd too; that is not "command not found".
  if (code === "ENOENT" && options.cwd !== undefined && !existsSync(options.cwd)) {
    return failedToStart("not-runnable", `could not start ${options.command}: directory ${options.cwd} does not exist`);
  }
  const reason: StartFailure = code === "ENOENT" ? "not-found" : "not-runnable";
  const what = code === "ENOENT" ? "command not found" : (code ?? "invalid arguments");
  return failedToStart(reason, `could not start ${options.command}: ${what}`);
}

function failedToStart(reason: StartFailure, message: string): CommandExit {
  return { kind: "failed-to-start", reason, message };
}

function errnoCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  return typeof error.code === "string" ? error.code : undefined;
}
