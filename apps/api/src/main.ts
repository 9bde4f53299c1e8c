import { Code, ConnectError } from "@connectrpc/connect";
import { type CommandIo, commands, UsageError } from "./commands/index.js";

const usage = `acp-api: the acp credential API\n\n${commands.map((c) => c.usage).join("\n\n")}`;

// The caller asked for something that cannot be done as asked; like a usage
// error, retrying the same command line will not help.
const callerCodes = new Set([Code.InvalidArgument, Code.NotFound, Code.AlreadyExists, Code.FailedPrecondition]);

/** The process as commands see it. */
export const processIo: CommandIo = {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  untilStopped: () =>
    new Promise<void>((resolve) => {
      // Later signals are absorbed while the first one drains.
      process.on("SIGTERM", () => resolve());
      process.on("SIGINT", () => resolve());
    }),
};

export async function main(argv: readonly string[], io: CommandIo = processIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    io.stdout.write(`${usage}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`acp-api: unknown command ${JSON.stringify(name)}\n\n${usage}\n`);
    return 2;
  }
  try {
    return await command.invoke(args, io);
  } catch (err) {
    const message = err instanceof ConnectError ? err.rawMessage : err instanceof Error ? err.message : String(err);
    io.stderr.write(`acp-api ${name}: ${message}\n`);
    return err instanceof UsageError || (err instanceof ConnectError && callerCodes.has(err.code)) ? 2 : 1;
  }
}
