// Every command of acpctl: one file per noun, each a parse step and a run.
export type { CommandIo } from "./command-io.js";
export { buildProgram } from "./program.js";
export type { Outcome } from "./verb.js";
