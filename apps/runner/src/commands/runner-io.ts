import type { SessionApi, SessionApiOptions } from "../client/index.js";

/** Where text goes: process.stdout and stderr, or a test's buffer. */
export interface Writer {
  write(text: string): unknown;
}

/**
 * The process as commands see it. Commands never reach for `process`
 * themselves (signals aside, which only CMD's forwarding handles), so tests
 * drive each one in-process with captured output, a chosen environment and
 * an API of their choosing.
 */
export interface RunnerIo {
  readonly stdout: Writer;
  readonly stderr: Writer;
  /** git's request, for git-credential. */
  readonly stdin: AsyncIterable<Uint8Array | string>;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Undefined in the real process: the gRPC client is loaded only by the commands that call the API. */
  readonly openApi: ((options: SessionApiOptions) => SessionApi) | undefined;
  readonly now: () => number;
  /** How git starts this runner again as its credential helper: node and the bin, never a secret. */
  readonly runnerCommand: readonly string[];
}
