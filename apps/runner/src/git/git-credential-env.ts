import { shellQuote } from "../materialize/index.js";

export interface GitCredentialEnvOptions {
  /** How to start the runner itself, e.g. [process.execPath, "/…/acp-runner.mjs"]. */
  readonly runnerCommand: readonly string[];
  readonly secretsDir: string;
  /** CMD's environment before these entries: GIT_CONFIG_COUNT entries already there are kept. */
  readonly baseEnv: NodeJS.ProcessEnv;
}

const countVar = "GIT_CONFIG_COUNT";

/**
 * The GIT_CONFIG_COUNT / GIT_CONFIG_KEY_n / GIT_CONFIG_VALUE_n variables to
 * add to CMD's environment so its git asks the runner for credentials. git
 * reads them as config of the highest scope, so no config file is written
 * and the user's own is never touched.
 *
 * Two entries: an empty `credential.helper`, which makes git drop the helpers
 * configured before it (the user's `store` or `cache` would otherwise be
 * asked first, and be handed the session's token to keep on disk when git
 * stores what worked), then the runner's helper. git appends the action
 * (`get`, `store`, `erase`) to the helper line.
 */
export function gitCredentialEnv(options: GitCredentialEnvOptions): Record<string, string> {
  const helper = [...options.runnerCommand, "git-credential", "--secrets-dir", options.secretsDir]
    .map(shellQuote)
    .join(" ");
  const entries: readonly (readonly [string, string])[] = [
    ["credential.helper", ""],
    ["credential.helper", `!${helper}`],
  ];
  const first = existingCount(options.baseEnv);
  const env: Record<string, string> = { [countVar]: String(first + entries.length) };
  entries.forEach(([key, value], offset) => {
    env[`GIT_CONFIG_KEY_${first + offset}`] = key;
    env[`GIT_CONFIG_VALUE_${first + offset}`] = value;
  });
  return env;
}

function existingCount(env: NodeJS.ProcessEnv): number {
  const text = env[countVar];
  // git counts an unset or empty GIT_CONFIG_COUNT as none.
  if (text === undefined || text === "") return 0;
  if (!/^\d+$/.test(text)) {
    throw new Error(`${countVar} is ${JSON.stringify(text)}, not a count; git itself would refuse to run with it`);
  }
  return Number(text);
}
