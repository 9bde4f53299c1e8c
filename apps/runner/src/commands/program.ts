import { routeOutput } from "@acp/commander-io";
import { Command } from "commander";
import { cleanVerb } from "./clean-command.js";
import { gitCredentialVerb } from "./git-credential-command.js";
import { prepareVerb } from "./prepare-command.js";
import { runVerb } from "./run-command.js";
import type { RunnerIo } from "./runner-io.js";
import { addVerb, type Outcome } from "./verb.js";

export const runnerVersion = "0.0.0";

/**
 * The whole command line, built fresh for each run (commander keeps parse
 * state on its objects). Commander only parses and prints help; exit codes
 * are main's: it throws instead of exiting, and writes through `io`.
 */
export function buildProgram(io: RunnerIo, outcome: Outcome): Command {
  const program = new Command("acp-runner")
    .description("acp-runner: turn an acp session's credentials into private files, env and MCP config for CMD")
    .version(runnerVersion, "--version", "print acp-runner's version")
    // `run`'s CMD keeps its own flags: options are the runner's only before it.
    .enablePositionalOptions()
    .showSuggestionAfterError(true);
  addVerb(program, runVerb, io, outcome);
  addVerb(program, prepareVerb, io, outcome);
  addVerb(program, cleanVerb, io, outcome);
  addVerb(program, gitCredentialVerb, io, outcome);
  routeOutput(program, io);
  return program;
}
