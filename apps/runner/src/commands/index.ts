// Every command of acp-runner: a parse step and a run each.
export { buildProgram, runnerVersion } from "./program.js";
export type { RunnerIo, Writer } from "./runner-io.js";
export type { Outcome } from "./verb.js";
