import type { Command } from "commander";

/** Where a command tree's help and errors go: the streams a `run(options, io)` is given. */
export interface OutputStreams {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/**
 * Makes every command of a commander tree write through `io` and throw
 * instead of exiting, so the bin decides the exit code and tests drive the
 * tree without spawning. An error is followed by the usage line of the
 * command that failed, as gh and kubectl print it. Call it after the tree is
 * built: commander copies these settings only into subcommands created later.
 */
export function routeOutput(command: Command, io: OutputStreams): void {
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
