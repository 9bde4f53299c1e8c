import { removePrivateDir } from "@acp/secure-files";
import { openSessionApi, RunnerCallError, type SessionApi, type SessionSnapshot } from "../client/index.js";
import { gitCredentialEnv } from "../git/index.js";
import { openSecretsDir, type SecretsDir, SessionFiles, sweepStaleSecretsDirs } from "../materialize/index.js";
import { exitCodes } from "./exit-codes.js";
import { ExpiryWarnings } from "./expiry-warnings.js";
import { reasonOf } from "./reason-of.js";
import { RunnerError } from "./runner-error.js";
import type { SessionContext, SessionOptions } from "./session-options.js";

/** A session whose credentials are on disk, with the API still open for the change stream. */
export interface StartedSession {
  readonly api: SessionApi;
  readonly snapshot: SessionSnapshot;
  readonly dir: SecretsDir;
  readonly files: SessionFiles;
  /** What CMD's environment gains: the providers' variables, ACP_MCP_CONFIG, git's credential helper. */
  readonly env: Readonly<Record<string, string>>;
  readonly paths: readonly string[];
  readonly expiry: ExpiryWarnings;
}

/**
 * The steps `run` and `prepare` share, in order: sweep what dead runners
 * left while fetching the credentials within the start deadline, warn about
 * any that expire before the session does, and write them. Nothing is left behind
 * when a step fails: the API is closed and whatever was written is wiped.
 */
export async function startSession(options: SessionOptions, context: SessionContext): Promise<StartedSession> {
  const { log } = context;
  const deadline = context.now() + options.startTimeoutMs;
  const api = (context.openApi ?? openSessionApi)({ server: options.server, token: options.token });
  try {
    // The sweep never fails (it logs instead), so it runs while the call is out.
    const [snapshot] = await Promise.all([fetchSnapshot(api, deadline, options), sweep(context)]);
    if (snapshot.state === "ended") {
      throw new RunnerError(`session ${snapshot.sessionId} has ended`, exitCodes.refused, {
        sessionId: snapshot.sessionId,
      });
    }
    const expiry = new ExpiryWarnings(log);
    expiry.check(snapshot);
    const dir = await openSecretsDir({
      explicit: options.secretsDir,
      sessionId: snapshot.sessionId,
      env: context.env,
      log,
    });
    const files = await openFiles(dir, options, context);
    try {
      const outcome = await files.apply(snapshot.credentials);
      if (!outcome.ok) {
        throw new RunnerError("the session's credentials cannot be set up together", exitCodes.failure, {
          problems: outcome.problems,
        });
      }
      log.info("credentials written", {
        sessionId: snapshot.sessionId,
        secretsDir: dir.path,
        credentials: snapshot.credentials.map((c) => c.name),
      });
      return { api, snapshot, dir, files, env: outcome.env, paths: outcome.files, expiry };
    } catch (error) {
      await files.wipe();
      throw error;
    }
  } catch (error) {
    api.close();
    throw error;
  }
}

/**
 * git's credential helper wiring goes in with the providers' variables, so
 * `<dir>/env` gives a process started later the same git as CMD's.
 */
async function openFiles(dir: SecretsDir, options: SessionOptions, context: SessionContext): Promise<SessionFiles> {
  const extraEnv = gitCredentialEnv({
    runnerCommand: options.runnerCommand,
    secretsDir: dir.path,
    baseEnv: context.env,
  });
  try {
    return await SessionFiles.open({ dir, workdir: options.workdir, log: context.log, extraEnv });
  } catch (error) {
    // Refused before anything of the session was written (a symlinked
    // .mcp.json, a workdir that is not one): only the directory to undo.
    if (dir.created) await removePrivateDir(dir.path).catch(() => undefined);
    throw error;
  }
}

async function sweep(context: SessionContext): Promise<void> {
  try {
    const removed = await sweepStaleSecretsDirs({ env: context.env, log: context.log });
    if (removed.length > 0) context.log.info("removed stale secrets directories", { paths: removed });
  } catch (error) {
    // Leftovers of a dead runner must not keep this session from starting.
    context.log.warn("could not sweep stale secrets directories", { reason: reasonOf(error) });
  }
}

async function fetchSnapshot(api: SessionApi, deadline: number, options: SessionOptions): Promise<SessionSnapshot> {
  try {
    return await api.getCredentials(deadline);
  } catch (error) {
    if (!(error instanceof RunnerCallError)) throw error;
    throw startFailure(error, options);
  }
}

function startFailure(error: RunnerCallError, options: SessionOptions): RunnerError {
  const fields = { server: options.server, code: error.code };
  switch (error.kind) {
    case "refused":
      return new RunnerError(
        `${options.server} refused the session token (${error.code}): the session has ended, or its token was revoked or has expired`,
        exitCodes.refused,
        fields,
      );
    case "unreachable":
      return new RunnerError(
        `cannot reach ${options.server} within the start timeout of ${options.startTimeoutMs / 1000}s (${error.code})`,
        exitCodes.unreachable,
        fields,
      );
    case "failed":
      return new RunnerError(`fetching the session's credentials failed: ${error.message}`, exitCodes.failure, fields);
  }
}
