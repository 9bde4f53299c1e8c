export { type CommandExit, exitCodeOf, type StartFailure } from "./command-exit.js";
export { forwardSignals } from "./forward-signals.js";
export type { RunningCommand } from "./running-command.js";
export { type StartCommandOptions, startCommand } from "./start-command.js";
