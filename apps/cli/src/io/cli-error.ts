/**
 * Exit codes, as gh uses them: a script can tell a usage mistake (2) and a
 * missing or refused login (4) from everything else that failed (1).
 */
export const exitCodes = { ok: 0, failure: 1, usage: 2, auth: 4 } as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

/**
 * A failure meant for the person at the terminal: each line of `problems` is
 * printed as `error: <line>`, each hint after them as it is, and the process
 * exits with `exitCode`. Nothing here may carry a secret: these lines are
 * printed verbatim.
 */
export class CliError extends Error {
  override name = "CliError";
  readonly problems: readonly string[];

  constructor(
    problems: string | readonly string[],
    readonly exitCode: ExitCode = exitCodes.failure,
    readonly hints: readonly string[] = [],
  ) {
    const lines = typeof problems === "string" ? [problems] : problems;
    super(lines.join("; "));
    this.problems = lines;
  }
}

/** The command line itself is wrong: exit 2, with the command's usage line. */
export class UsageError extends CliError {
  override name = "UsageError";

  constructor(problem: string) {
    super(problem, exitCodes.usage);
  }
}

/** No token, or one the server refused: exit 4, pointing at `acpctl login`. */
export class AuthError extends CliError {
  override name = "AuthError";

  constructor(problem: string, hints: readonly string[]) {
    super(problem, exitCodes.auth, hints);
  }
}
