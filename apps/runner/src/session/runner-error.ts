import { exitCodes, type RunnerExitCode } from "./exit-codes.js";

/**
 * A failure that ends the runner with `exitCode`. Its message is logged as
 * it is, so it must never hold a secret: it names paths, flags and status
 * codes only.
 */
export class RunnerError extends Error {
  override name = "RunnerError";

  constructor(
    message: string,
    readonly exitCode: RunnerExitCode = exitCodes.failure,
    readonly fields: Readonly<Record<string, string | number | readonly string[]>> = {},
  ) {
    super(message);
  }
}

/** The command line is wrong: exit 2, with the command's usage line. */
export class UsageError extends RunnerError {
  override name = "UsageError";

  constructor(message: string) {
    super(message, exitCodes.usage);
  }
}
