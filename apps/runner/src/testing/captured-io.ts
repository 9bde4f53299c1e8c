import { Readable } from "node:stream";
import type { SessionApi, SessionApiOptions } from "../client/index.js";
import type { RunnerIo } from "../commands/index.js";
import { main } from "../main.js";

export interface CapturedIo extends RunnerIo {
  stdoutText(): string;
  stderrText(): string;
  /** Every SessionApiOptions the command opened an API with. */
  readonly opened: SessionApiOptions[];
}

export interface CapturedIoOptions extends Partial<RunnerIo> {
  /** What stdin holds. */
  readonly input?: string;
  /** The API `openApi` hands out; opening one without it fails the test. */
  readonly api?: SessionApi;
}

/** A RunnerIo whose output is kept for assertions, with the API of the test's choosing. */
export function capturedIo(options: CapturedIoOptions = {}): CapturedIo {
  let out = "";
  let err = "";
  const opened: SessionApiOptions[] = [];
  const { api, input, ...rest } = options;
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    stdin: Readable.from(input === undefined ? [] : [input]),
    env: {},
    cwd: process.cwd(),
    openApi: (apiOptions) => {
      opened.push(apiOptions);
      if (api === undefined) throw new Error("this test gave the command no API to open");
      return api;
    },
    now: Date.now,
    runnerCommand: [process.execPath, "/acp-runner.mjs"],
    ...rest,
    stdoutText: () => out,
    stderrText: () => err,
    opened,
  };
}

export interface RunnerResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs one acp-runner command line in-process. */
export async function runRunner(argv: readonly string[], options: CapturedIoOptions = {}): Promise<RunnerResult> {
  const io = capturedIo(options);
  const code = await main(argv, io);
  return { code, stdout: io.stdoutText(), stderr: io.stderrText() };
}
