import type { CommandExit } from "./command-exit.js";

export interface RunningCommand {
  /** Undefined when the command could not be started. */
  readonly pid: number | undefined;
  /** Never rejects. */
  readonly exited: Promise<CommandExit>;
  /** Sends `name` to CMD; does nothing once CMD has exited. */
  signal(name: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL after `graceMs` if still running; resolves when CMD has exited. */
  terminate(graceMs: number): Promise<CommandExit>;
}
