import { Readable } from "node:stream";
import { providers } from "@acp/providers";
import { createApiClients } from "../client/index.js";
import type { CommandIo } from "../commands/index.js";
import { main } from "../main.js";

export interface CapturedIo extends CommandIo {
  stdoutText(): string;
  stderrText(): string;
  /** Every question asked on the "terminal", in order. */
  readonly questions: string[];
}

export interface CapturedIoOptions extends Partial<CommandIo> {
  /** What stdin holds; a string is one chunk. */
  readonly input?: string;
  /** Answers typed at the "terminal", in order; giving any makes stdin a TTY. */
  readonly answers?: readonly string[];
}

/** A CommandIo whose output is kept for assertions and whose terminal answers from a script. */
export function capturedIo(options: CapturedIoOptions = {}): CapturedIo {
  let out = "";
  let err = "";
  const questions: string[] = [];
  const answers = [...(options.answers ?? [])];
  const ask = async (question: string) => {
    questions.push(question);
    const answer = answers.shift();
    if (answer === undefined) throw new Error(`unexpected question: ${question}`);
    return answer;
  };
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    stdin: Readable.from(options.input === undefined ? [] : [options.input]),
    stdinIsTty: options.answers !== undefined,
    prompt: { hidden: ask, line: ask },
    env: {},
    clients: createApiClients,
    registry: providers,
    now: () => new Date(),
    ...options,
    stdoutText: () => out,
    stderrText: () => err,
    questions,
  };
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs one acpctl command line in-process. */
export async function runCli(argv: readonly string[], options: CapturedIoOptions = {}): Promise<CliResult> {
  const io = capturedIo(options);
  const code = await main(argv, io);
  return { code, stdout: io.stdoutText(), stderr: io.stderrText() };
}
