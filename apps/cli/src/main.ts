import { providers } from "@acp/providers/registry";
import { CommanderError } from "commander";
import type { ClientFactory } from "./client/index.js";
import { buildProgram, type CommandIo } from "./commands/index.js";
import { CliError, exitCodes, nodeProcessIo, type Writer } from "./io/index.js";

// For the snapshot builder only (tools/build/write-snapshot.mjs).
export { snapshotWarmup } from "./snapshot-warmup.js";

/**
 * The real process, the registry the proto defines, and Connect clients,
 * whose module (connect, node:http, every service's descriptors) loads only
 * when a command calls the API.
 */
export function defaultIo(): CommandIo {
  const clients: ClientFactory = async (target, options) =>
    (await import("./client/index.js")).createApiClients(target, options);
  // Assigned onto the process io, not spread: its stdin getters must stay getters.
  return Object.assign(nodeProcessIo(), { clients, registry: providers, now: () => new Date() });
}

/**
 * Runs one command line and resolves with the exit code: 0 done; 1 failed
 * (`error: …` on stderr); 2 the command line is wrong (with its usage line);
 * 4 no token, or the server refused it.
 */
export async function main(argv: readonly string[], io: CommandIo = defaultIo()): Promise<number> {
  const outcome = { exitCode: exitCodes.ok as number };
  try {
    const program = await buildProgram(io, outcome, argv);
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
