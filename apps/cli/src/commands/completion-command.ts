import { Argument, type Command } from "commander";
import { bashScript, completionTree, fishScript, zshScript } from "./completion/index.js";
import type { Noun } from "./noun.js";
import { addVerb, type Verb } from "./verb.js";

const shells = { bash: bashScript, zsh: zshScript, fish: fishScript } as const;

type Shell = keyof typeof shells;

export interface CompletionOptions {
  readonly shell: Shell;
}

/** The verb reads the finished program, so it is made once the program exists. */
export function completionVerb(program: Command): Verb<CompletionOptions> {
  return {
    spec: "completion",
    summary: "print a shell completion script (bash, zsh or fish)",
    configure(command) {
      command.addArgument(new Argument("<shell>", "the shell to complete for").choices(Object.keys(shells)));
      command.addHelpText(
        "after",
        "\nLoad it with:\n  bash: source <(acpctl completion bash)\n  zsh:  source <(acpctl completion zsh)\n  fish: acpctl completion fish | source\n",
      );
    },
    parse: ({ args }) => ({ shell: args[0] as Shell }),
    async run(options, io) {
      io.stdout.write(shells[options.shell](completionTree(program)));
      return 0;
    },
  };
}

export const completionNoun: Noun = {
  register(program, io, outcome) {
    addVerb(program, completionVerb(program), io, outcome);
  },
};
