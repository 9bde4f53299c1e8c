import { Readable } from "node:stream";
import type { CommandIo } from "../commands/index.js";

export interface CapturedIo extends CommandIo {
  stdoutText(): string;
  stderrText(): string;
  /** Resolves what `untilStopped()` returned, as a SIGTERM would. */
  stop(): void;
}

/** A CommandIo whose output is kept for assertions and whose stop signal the test sends. */
export function capturedIo(env: Readonly<Record<string, string | undefined>> = {}, stdin = ""): CapturedIo {
  let out = "";
  let err = "";
  let stop = () => {};
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  return {
    stdin: Readable.from([stdin]),
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    env,
    untilStopped: () => stopped,
    stdoutText: () => out,
    stderrText: () => err,
    stop: () => stop(),
  };
}
