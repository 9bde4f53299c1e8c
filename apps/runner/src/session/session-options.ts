import type { SessionApi, SessionApiOptions } from "../client/index.js";
import type { Logger } from "../logging/index.js";

/** What `run` and `prepare` share: where the session is and where its files go. */
export interface SessionOptions {
  readonly server: string;
  /** The runner token, read from its file; never logged. */
  readonly token: string;
  /** --secrets-dir; undefined picks the default ($XDG_RUNTIME_DIR/acp/<id>, else a new temp dir). */
  readonly secretsDir: string | undefined;
  /** Where .mcp.json is merged; undefined with --no-workdir-mcp. */
  readonly workdir: string | undefined;
  /** Fetching the credentials, retries included, must finish within this. */
  readonly startTimeoutMs: number;
  /** How git starts this runner again as its credential helper: node and the bin. */
  readonly runnerCommand: readonly string[];
}

/** The world outside, handed in so tests can drive a session in-process. */
export interface SessionContext {
  readonly env: NodeJS.ProcessEnv;
  readonly log: Logger;
  /** Undefined: the real gRPC client, loaded only when a session starts. */
  readonly openApi: ((options: SessionApiOptions) => SessionApi) | undefined;
  readonly now: () => number;
}
