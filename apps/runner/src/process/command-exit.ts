import { constants } from "node:os";

/**
 * How CMD ended. A spawn failure is an outcome like any other rather than a
 * rejection, so the runner always reaches its cleanup with one value to turn
 * into its own exit code.
 */
export type CommandExit =
  | { readonly kind: "exited"; readonly code: number }
  | { readonly kind: "signaled"; readonly signal: NodeJS.Signals }
  | { readonly kind: "failed-to-start"; readonly reason: StartFailure; readonly message: string };

/** "not-found" is the shell's 127 (no such file); anything else (EACCES, ENOEXEC, ...) is its 126. */
export type StartFailure = "not-found" | "not-runnable";

// The shell's conventions, so `acp-runner run -- CMD` exits as `sh -c CMD` would.
const notFoundCode = 127;
const notRunnableCode = 126;
const signalBase = 128;

export function exitCodeOf(exit: CommandExit): number {
  switch (exit.kind) {
    case "exited":
      return exit.code;
    case "signaled":
      return signalBase + constants.signals[exit.signal];
    case "failed-to-start":
      return exit.reason === "not-found" ? notFoundCode : notRunnableCode;
  }
}
