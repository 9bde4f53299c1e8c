import type { Command } from "commander";
import { createLogger, type Logger } from "../logging/index.js";
import { exitCodes, RunnerError, UsageError } from "../session/index.js";
import type { RunnerIo } from "./runner-io.js";

/** What commander parsed for one command. */
export interface VerbInput {
  readonly args: readonly string[];
  readonly opts: Readonly<Record<string, unknown>>;
}

/**
 * One command: `parse` turns commander's words into typed options or throws
 * UsageError (exit 2) before anything is read or sent, and `run` does the
 * work with everything outside reached through `io`.
 */
export interface Verb<Options> {
  readonly spec: string;
  readonly summary: string;
  configure?(command: Command): void;
  parse(input: VerbInput, io: RunnerIo): Options;
  run(options: Options, io: RunnerIo, log: Logger): Promise<number>;
}

/** Where the action leaves its exit code for main. */
export interface Outcome {
  exitCode: number;
}

/**
 * Adds `verb` under `program`. A UsageError goes out through commander, so
 * it prints like commander's own (`error: …` and the usage line); any other
 * failure is one structured log line and its exit code (1 unless it says).
 */
export function addVerb<Options>(program: Command, verb: Verb<Options>, io: RunnerIo, outcome: Outcome): Command {
  const command = program.command(verb.spec).description(verb.summary);
  verb.configure?.(command);
  command.action(async () => {
    const log = createLogger((line) => io.stderr.write(`${line}\n`));
    try {
      const options = verb.parse({ args: command.args, opts: command.opts() }, io);
      outcome.exitCode = await verb.run(options, io, log);
    } catch (error) {
      if (error instanceof UsageError)
        command.error(`error: ${error.message}`, { exitCode: 2, code: "acp-runner.usage" });
      if (error instanceof RunnerError) {
        log.error(error.message, { exitCode: error.exitCode, ...error.fields });
        outcome.exitCode = error.exitCode;
        return;
      }
      // Anything else: an unsafe path, a file that cannot be written, or a
      // bug. Its message names paths and codes, never a secret; not its stack.
      log.error(error instanceof Error ? error.message : String(error), { exitCode: exitCodes.failure });
      outcome.exitCode = exitCodes.failure;
    }
  });
  return command;
}
