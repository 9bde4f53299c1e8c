// The process boundary: streams, environment, terminal, exit codes. A base
// layer: it imports nothing of the app, and everything may import it.
export { AuthError, CliError, type ExitCode, exitCodes, UsageError } from "./cli-error.js";
export { nodeProcessIo } from "./node-process-io.js";
export type { ProcessIo, Prompter, Writer } from "./process-io.js";
export { readAll, readTextInput } from "./read-input.js";
