import type { Command } from "commander";
import type { CommandIo } from "./command-io.js";
import type { Outcome } from "./verb.js";

/**
 * One file per noun (credential, binding, config, …) exports one of these;
 * the program lists them. A new noun is a new file and one line there.
 */
export interface Noun {
  register(program: Command, io: CommandIo, outcome: Outcome): void;
}
