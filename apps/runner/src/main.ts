import { realpathSync } from "node:fs";
import { CommanderError } from "commander";
import { buildProgram, type RunnerIo, type Writer } from "./commands/index.js";
import { exitCodes } from "./session/index.js";

// For the snapshot builder only (tools/build/write-snapshot.mjs).
export { snapshotWarmup } from "./snapshot-warmup.js";

/** The real process; the gRPC session API is loaded when a command needs it. */
export function defaultIo(): RunnerIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    openApi: undefined,
    now: Date.now,
    runnerCommand: [process.execPath, selfPath()],
  };
}

/** The bin git must start for the credential helper: the file node was started with, links resolved. */
function selfPath(): string {
  const bin = process.argv[1] ?? "";
  try {
    return realpathSync(bin);
  } catch {
    return bin;
  }
}

/**
 * Runs one command line and resolves with the exit code: CMD's own for
 * `run` (128+n when it died of signal n); 1 failed; 2 the command line is
 * wrong; 3 the session is over or its token refused; 4 the server could not
 * be reached in time.
 */
export async function main(argv: readonly string[], io: RunnerIo = defaultIo()): Promise<number> {
  const outcome = { exitCode: 0 };
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
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : exitCodes.usage;
  // A bug: its message, which never holds a secret, but not its stack.
  const message = error instanceof Error ? error.message : String(error);
  stderr.write(
    `${JSON.stringify({ time: new Date().toISOString(), level: "error", component: "acp-runner", msg: message })}\n`,
  );
  return exitCodes.failure;
}
