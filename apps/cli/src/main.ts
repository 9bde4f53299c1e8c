import { providers } from "@acp/providers";
import { CommanderError } from "commander";
import { createApiClients } from "./client/index.js";
import { buildProgram, type CommandIo } from "./commands/index.js";
import { CliError, exitCodes, nodeProcessIo, type Writer } from "./io/index.js";

/** The real process, the registry the proto defines, and Connect clients. */
export function defaultIo(): CommandIo {
  return { ...nodeProcessIo(), clients: createApiClients, registry: providers, now: () => new Date() };
}

/**
 * Runs one command line and resolves with the exit code: 0 done; 1 failed
 * (`error: …` on stderr); 2 the command line is wrong (with its usage line);
 * 4 no token, or the server refused it.
 */
export async function main(argv: readonly string[], io: CommandIo = defaultIo()): Promise<number> {
  const outcome = { exitCode: exitCodes.ok as number };
  const program = buildProgram(io, outcome);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return outcome.exitCode;
  } catch (error) {
    return report(error, io.stderr);
  }
}

function report(error: unknown, stderr: Writer): number {
  // Commander has already printed its message (or the help it was asked for).
  if (error instanceof CommanderError) return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
  if (error instanceof CliError) {
    for (const problem of error.problems) stderr.write(`error: ${problem}\n`);
    for (const hint of error.hints) stderr.write(`${hint}\n`);
    return error.exitCode;
  }
  // A bug: its message, which never holds a secret, but not its stack.
  stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  return exitCodes.failure;
}
