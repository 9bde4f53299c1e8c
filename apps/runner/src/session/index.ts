// One session's life: fetch, write, run CMD, follow the stream, wipe.
export { cleanSession } from "./clean-session.js";
export { exitCodes, type RunnerExitCode } from "./exit-codes.js";
export { type PreparedSession, prepareSession } from "./prepare-session.js";
export { reasonOf } from "./reason-of.js";
export { type RunOptions, runSession } from "./run-session.js";
export { RunnerError, UsageError } from "./runner-error.js";
export type { SessionContext, SessionOptions } from "./session-options.js";
