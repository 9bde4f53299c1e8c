import { exportLines } from "./export-lines.js";
import type { SessionContext, SessionOptions } from "./session-options.js";
import { startSession } from "./start-session.js";

/** What `prepare` left on disk, for processes the caller starts itself. */
export interface PreparedSession {
  readonly sessionId: string;
  readonly secretsDir: string;
  readonly env: Readonly<Record<string, string>>;
  readonly files: readonly string[];
  /** `env` as `export` lines, quoted as `<dir>/env` is. */
  readonly exportLines: string;
}

/**
 * The start of `run` without CMD: the files stay where they are, not kept
 * current, until `clean` removes them.
 */
export async function prepareSession(options: SessionOptions, context: SessionContext): Promise<PreparedSession> {
  const session = await startSession(options, context);
  session.api.close();
  await session.dir.keepAfterExit();
  context.log.info("prepared; remove with acp-runner clean", { secretsDir: session.dir.path });
  return {
    sessionId: session.snapshot.sessionId,
    secretsDir: session.dir.path,
    env: session.env,
    exportLines: exportLines(session.env),
    files: session.paths,
  };
}
