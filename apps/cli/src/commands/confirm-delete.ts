import type { Command } from "commander";
import { CliError, UsageError } from "../io/index.js";
import type { CommandIo } from "./command-io.js";

/** `-y, --yes` on a delete verb. */
export function addYesOption(command: Command): void {
  command.option("-y, --yes", "do not ask; needed when stdin is not a terminal");
}

/**
 * Checked before any call: without --yes a deletion is confirmed on the
 * terminal, and with no terminal it is refused (exit 2), so a script that
 * forgot --yes never half-runs.
 */
export function requireConfirmable(yes: boolean, io: CommandIo): void {
  if (!yes && !io.stdinIsTty) {
    throw new UsageError("refusing to delete without --yes: stdin is not a terminal to confirm on");
  }
}

/** Asks `question` unless --yes was given; anything but y or yes fails with nothing deleted. */
export async function confirmDeletion(yes: boolean, io: CommandIo, what: string, question: string): Promise<void> {
  if (yes) return;
  const answer = await io.prompt.line(`${question} [y/N] `);
  if (!/^y(es)?$/i.test(answer.trim())) throw new CliError(`${what} was not deleted`);
}
