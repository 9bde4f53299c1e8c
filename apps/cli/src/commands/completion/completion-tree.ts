import type { Command, Option } from "commander";

export interface CompletionOption {
  /** Every spelling: `--output` and `-o`. */
  readonly flags: readonly string[];
  readonly takesValue: boolean;
  /** The values commander accepts, e.g. the registry's provider short names; empty when any value goes. */
  readonly choices: readonly string[];
  /** A value that names a file (`--secret-file`), completed with file names. */
  readonly takesFile: boolean;
}

/** One command as a completion script needs it. */
export interface CompletionNode {
  /** Words from the root joined with "/", "" for acpctl itself; an alias gets a node of its own. */
  readonly path: string;
  /** Subcommands, then the choices of its first argument (`completion bash|zsh|fish`). */
  readonly words: readonly string[];
  /** Its own options and those of every command above it, which commander accepts anywhere. */
  readonly options: readonly CompletionOption[];
}

// Everything here ends up inside shell scripts, quoted or not: only plain
// words may, so an odd name can never become shell syntax.
const plainWord = /^[A-Za-z0-9._:+=-]+$/;

/** Walks commander's command tree: the library parses, this only reads what it was told. */
export function completionTree(program: Command): CompletionNode[] {
  const nodes: CompletionNode[] = [];
  const visit = (command: Command, path: string, inherited: readonly CompletionOption[]) => {
    const options = [...inherited, ...command.options.map(completionOption)];
    const children = command.commands;
    const argumentChoices = command.registeredArguments[0]?.argChoices ?? [];
    const words = [...children.map((child) => child.name()), ...argumentChoices];
    nodes.push({ path, words: words.map(checked), options: [...options, helpOption] });
    for (const child of children) {
      for (const name of [child.name(), ...child.aliases()]) {
        visit(child, path === "" ? checked(name) : `${path}/${checked(name)}`, options);
      }
    }
  };
  visit(program, "", []);
  return nodes;
}

const helpOption: CompletionOption = { flags: ["--help", "-h"], takesValue: false, choices: [], takesFile: false };

function completionOption(option: Option): CompletionOption {
  const flags = [option.long, option.short].filter((flag): flag is string => flag !== undefined).map(checked);
  return {
    flags,
    takesValue: option.required || option.optional,
    choices: (option.argChoices ?? []).map(checked),
    takesFile: option.long?.endsWith("-file") === true,
  };
}

function checked(word: string): string {
  if (!plainWord.test(word)) throw new Error(`${JSON.stringify(word)} cannot appear in a completion script`);
  return word;
}

/** Every option flag of a node, as words to offer. */
export function optionWords(node: CompletionNode): string[] {
  return node.options.flatMap((option) => option.flags.filter((flag) => flag.startsWith("--")));
}
