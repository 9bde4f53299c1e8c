import { gitCredentialEnv } from "../git/index.js";
import type { StartedSession } from "./start-session.js";

/**
 * What a process of the session gets on top of the environment it starts
 * in: the providers' variables, ACP_MCP_CONFIG, and git's credential helper
 * pointing back at this runner. The git entries come after any GIT_CONFIG_*
 * already in `baseEnv`, so the user's own stay in force.
 */
export function sessionEnv(
  session: StartedSession,
  runnerCommand: readonly string[],
  baseEnv: NodeJS.ProcessEnv,
): Record<string, string> {
  return {
    ...session.env,
    ...gitCredentialEnv({ runnerCommand, secretsDir: session.dir.path, baseEnv: { ...baseEnv, ...session.env } }),
  };
}
