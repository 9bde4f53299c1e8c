import { routeOutput } from "@acp/commander-io";
import { Command, type Option } from "commander";
import type { CommandIo } from "./command-io.js";
import { addGlobalOptions } from "./global-options.js";
import type { Noun } from "./noun.js";
import type { Outcome } from "./verb.js";
import { cliVersion } from "./version-command.js";

/**
 * A noun's module and the top-level words it registers. Each module loads
 * with import() only when its word is the one typed: in the bundle esbuild
 * then initializes a module on first use, so `credential list` never decodes
 * the other services' descriptors nor loads what other nouns need (the
 * kubeconfig parser, node:crypto, yaml's writer). program.test.ts holds each
 * `words` to what the noun really registers.
 */
export interface NounModule {
  readonly words: readonly string[];
  load(): Promise<Noun>;
  /** Reads the whole command tree (completion), so it loads every noun. */
  readonly seesAll?: true;
}

// In help order. A new noun is one file and one entry here. Completion
// comes last so it sees every other command.
export const nounModules: readonly NounModule[] = [
  { words: ["login", "logout", "whoami"], load: async () => (await import("./login-command.js")).loginNoun },
  { words: ["config"], load: async () => (await import("./config-command.js")).configNoun },
  { words: ["credential", "credentials"], load: async () => (await import("./credential-command.js")).credentialNoun },
  { words: ["bind", "unbind", "bindings"], load: async () => (await import("./binding-command.js")).bindingNoun },
  { words: ["project", "projects"], load: async () => (await import("./project-command.js")).projectNoun },
  { words: ["session", "sessions"], load: async () => (await import("./session-command.js")).sessionNoun },
  { words: ["audit"], load: async () => (await import("./audit-command.js")).auditNoun },
  { words: ["providers"], load: async () => (await import("./providers-command.js")).providersNoun },
  { words: ["version"], load: async () => (await import("./version-command.js")).versionNoun },
  {
    words: ["completion"],
    load: async () => (await import("./completion-command.js")).completionNoun,
    seesAll: true,
  },
];

/**
 * The command line for `argv`, built fresh for each run (commander keeps
 * parse state on its objects): every noun when the line names none of them
 * (help, a typo that wants suggestions, completion), else only the one it
 * names. Commander only parses and prints help; exit codes are main's: it
 * throws instead of exiting, and writes through `io`.
 */
export async function buildProgram(io: CommandIo, outcome: Outcome, argv: readonly string[]): Promise<Command> {
  const program = new Command("acpctl")
    .description("acpctl: store credentials in acp, bind them to projects and agents, and run sessions that get them")
    .version(cliVersion, "--version", "print acpctl's version")
    .showSuggestionAfterError(true);
  addGlobalOptions(program);
  const word = commandWord(program.options, argv);
  const named = nounModules.find((module) => word !== undefined && module.words.includes(word));
  const chosen = named === undefined || named.seesAll ? nounModules : [named];
  const nouns = await Promise.all(chosen.map((module) => module.load()));
  for (const noun of nouns) noun.register(program, io, outcome);
  routeOutput(program, io);
  return program;
}

/**
 * The first word of argv that is not a root option or its value, or
 * undefined when there is none or an option the root does not know comes
 * first (commander's error about it must not depend on what was loaded).
 */
export function commandWord(rootOptions: readonly Option[], argv: readonly string[]): string | undefined {
  for (let at = 0; at < argv.length; at++) {
    const arg = argv[at]!;
    if (arg === "--") return argv[at + 1];
    if (!arg.startsWith("-") || arg === "-") return arg;
    const [flag] = arg.split("=", 1);
    const option = rootOptions.find((o) => o.long === flag || o.short === flag);
    if (option === undefined) return undefined;
    if ((option.required || option.optional) && !arg.includes("=")) at++;
  }
  return undefined;
}
