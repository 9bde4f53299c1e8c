import { Command } from "commander";
import { auditNoun } from "./audit-command.js";
import { bindingNoun } from "./binding-command.js";
import type { CommandIo } from "./command-io.js";
import { completionNoun } from "./completion-command.js";
import { configNoun } from "./config-command.js";
import { credentialNoun } from "./credential-command.js";
import { addGlobalOptions } from "./global-options.js";
import { loginNoun } from "./login-command.js";
import type { Noun } from "./noun.js";
import { projectNoun } from "./project-command.js";
import { providersNoun } from "./providers-command.js";
import { sessionNoun } from "./session-command.js";
import type { Outcome } from "./verb.js";
import { cliVersion, versionNoun } from "./version-command.js";

// In help order. A new noun is one file and one entry here. Completion
// comes last so it sees every other command.
const nouns: readonly Noun[] = [
  loginNoun,
  configNoun,
  credentialNoun,
  bindingNoun,
  projectNoun,
  sessionNoun,
  auditNoun,
  providersNoun,
  versionNoun,
  completionNoun,
];

/**
 * The whole command line, built fresh for each run (commander keeps parse
 * state on its objects). Commander only parses and prints help; exit codes
 * are main's: it throws instead of exiting, and writes through `io`.
 */
export function buildProgram(io: CommandIo, outcome: Outcome): Command {
  const program = new Command("acpctl")
    .description("acpctl: store credentials in acp, bind them to projects and agents, and run sessions that get them")
    .version(cliVersion, "--version", "print acpctl's version")
    .showSuggestionAfterError(true);
  addGlobalOptions(program);
  for (const noun of nouns) noun.register(program, io, outcome);
  routeOutput(program, io);
  return program;
}

/**
 * Every command writes through `io` and throws rather than exits. Set on each
 * command after the tree is built, because commander copies these settings
 * only into subcommands created later; an error is followed by the usage
 * line of the command that failed.
 */
function routeOutput(command: Command, io: CommandIo): void {
  command.exitOverride();
  command.configureOutput({
    writeOut: (text) => io.stdout.write(text),
    writeErr: (text) => io.stderr.write(text),
    outputError: (text, write) => write(`${text}usage: ${commandPath(command)} ${command.usage()}\n`),
  });
  for (const child of command.commands) routeOutput(child, io);
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let at: Command | null = command; at !== null; at = at.parent) names.unshift(at.name());
  return names.join(" ");
}
