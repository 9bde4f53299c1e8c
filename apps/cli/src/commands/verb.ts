import type { ProviderRegistry } from "@acp/providers";
import type { Command } from "commander";
import { UsageError } from "../io/index.js";
import type { CommandIo } from "./command-io.js";
import { type GlobalOptions, globalOptions } from "./global-options.js";

/** What commander parsed for one verb, before the verb checks it. */
export interface VerbInput {
  /** Positional arguments, in order. */
  readonly args: readonly string[];
  /** The verb's own options, as commander names them (`--secret-file` is `secretFile`). */
  readonly opts: Readonly<Record<string, unknown>>;
  readonly globals: GlobalOptions;
}

/**
 * One command: commander parses the words, `parse` turns them into typed
 * options or throws UsageError (exit 2) before anything is read or sent, and
 * `run` does the work with everything outside reached through `io`. Tests
 * drive `run` with captured io; the program drives both.
 */
export interface Verb<Options> {
  /** Commander's name and arguments, e.g. "get <ref>". */
  readonly spec: string;
  readonly summary: string;
  /** Adds the verb's options and help; the registry supplies provider choices. */
  configure?(command: Command, registry: ProviderRegistry): void;
  parse(input: VerbInput, registry: ProviderRegistry): Options;
  run(options: Options, io: CommandIo): Promise<number>;
}

/** Where the action leaves its exit code for main. */
export interface Outcome {
  exitCode: number;
}

/**
 * Adds `verb` under `parent`. A UsageError from either step goes out through
 * commander, so it prints like commander's own (`error: …` and the usage
 * line) and exits 2.
 */
export function addVerb<Options>(parent: Command, verb: Verb<Options>, io: CommandIo, outcome: Outcome): Command {
  const command = parent.command(verb.spec).description(verb.summary);
  verb.configure?.(command, io.registry);
  command.action(async () => {
    try {
      const input: VerbInput = {
        args: command.processedArgs.map(String),
        opts: command.opts(),
        globals: globalOptions(command),
      };
      outcome.exitCode = await verb.run(verb.parse(input, io.registry), io);
    } catch (error) {
      if (error instanceof UsageError) command.error(`error: ${error.message}`, { exitCode: 2, code: "acpctl.usage" });
      throw error;
    }
  });
  return command;
}
