/**
 * The runner's own exit codes. CMD's code passes through unchanged (128+n
 * when it died of signal n), so these sit where a shell's would not clash
 * with a typical CMD: a script can tell "the session is over or refused" (3)
 * and "the server could not be reached" (4) from CMD's own failures.
 */
export const exitCodes = { failure: 1, usage: 2, refused: 3, unreachable: 4 } as const;

export type RunnerExitCode = (typeof exitCodes)[keyof typeof exitCodes];
