/** Where text goes: process.stdout and stderr, or a test's buffer. */
export interface Writer {
  write(text: string): unknown;
}

/** Questions asked on the terminal; only used when stdin is a TTY. */
export interface Prompter {
  /** Reads one line without echoing it, for a token. */
  hidden(question: string): Promise<string>;
  /** Reads one visible line, for a yes/no question. */
  line(question: string): Promise<string>;
}

/**
 * The process as commands see it. Commands never reach for `process`
 * themselves, so a test drives every one in-process with captured output, a
 * chosen environment and scripted answers.
 */
export interface ProcessIo {
  readonly stdout: Writer;
  readonly stderr: Writer;
  /** Where secrets arrive when they are not in a file: `--secret-file -`, `login` off a terminal. */
  readonly stdin: AsyncIterable<Uint8Array | string>;
  /** Whether a person may be asked: prompts and confirmations happen only then. */
  readonly stdinIsTty: boolean;
  readonly prompt: Prompter;
  readonly env: Readonly<Record<string, string | undefined>>;
}
