import {
  type CliConfig,
  configLocation,
  findContext,
  loadConfig,
  saveConfig,
  withoutContext,
} from "../config/index.js";
import { CliError } from "../io/index.js";
import { type OutputFormat, renderTable } from "../output/index.js";
import type { CommandIo } from "./command-io.js";
import type { Noun } from "./noun.js";
import { addOutputOption, outputOf, printResult } from "./output-option.js";
import { addVerb, type Verb } from "./verb.js";

export interface GetContextsOptions {
  readonly output: OutputFormat;
}

export const getContexts: Verb<GetContextsOptions> = {
  spec: "get-contexts",
  summary: "list the saved contexts (never their tokens)",
  configure: addOutputOption,
  parse: ({ opts }) => ({ output: outputOf(opts) }),
  async run(options, io) {
    const config = await readConfig(io);
    printResult(io, options.output, {
      table: () =>
        renderTable(
          ["CURRENT", "NAME", "SERVER", "LOGGED IN"],
          config.contexts.map((c) => [
            c.name === config.currentContext ? "*" : "",
            c.name,
            c.server,
            c.token ? "yes" : "no",
          ]),
        ),
      data: () => ({
        currentContext: config.currentContext ?? "",
        contexts: config.contexts.map((c) => ({ name: c.name, server: c.server, loggedIn: c.token !== undefined })),
      }),
    });
    return 0;
  },
};

export const showCurrentContext: Verb<Record<string, never>> = {
  spec: "current-context",
  summary: "print the name of the current context",
  parse: () => ({}),
  async run(_options, io) {
    const config = await readConfig(io);
    if (config.currentContext === undefined)
      throw new CliError("current-context is not set; see `acpctl config get-contexts`");
    io.stdout.write(`${config.currentContext}\n`);
    return 0;
  },
};

export interface ContextNameOptions {
  readonly name: string;
}

export const useContext: Verb<ContextNameOptions> = {
  spec: "use-context <name>",
  summary: "make NAME the current context",
  parse: ({ args }) => ({ name: args[0]! }),
  async run(options, io) {
    const location = configLocation(io.env);
    const config = await loadConfig(location, io.stderr);
    requireContext(config, options.name);
    await saveConfig(location, { ...config, currentContext: options.name });
    io.stdout.write(`Switched to context ${options.name}.\n`);
    return 0;
  },
};

export const deleteContext: Verb<ContextNameOptions> = {
  spec: "delete-context <name>",
  summary: "remove context NAME and its token from the config",
  parse: ({ args }) => ({ name: args[0]! }),
  async run(options, io) {
    const location = configLocation(io.env);
    const config = await loadConfig(location, io.stderr);
    requireContext(config, options.name);
    await saveConfig(location, withoutContext(config, options.name));
    io.stdout.write(`deleted context ${options.name}\n`);
    return 0;
  },
};

/** `acpctl config get-contexts|current-context|use-context|delete-context`. */
export const configNoun: Noun = {
  register(program, io, outcome) {
    const noun = program
      .command("config")
      .description("saved servers and tokens (contexts), as kubectl config keeps them");
    addVerb(noun, getContexts, io, outcome);
    addVerb(noun, showCurrentContext, io, outcome);
    addVerb(noun, useContext, io, outcome);
    addVerb(noun, deleteContext, io, outcome);
  },
};

function readConfig(io: CommandIo): Promise<CliConfig> {
  return loadConfig(configLocation(io.env), io.stderr);
}

function requireContext(config: CliConfig, name: string): void {
  if (findContext(config, name) === undefined) {
    throw new CliError(`no context named ${JSON.stringify(name)}; see \`acpctl config get-contexts\``);
  }
}
