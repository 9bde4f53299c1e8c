import { reasonOf, UsageError } from "../session/index.js";
import { absolute } from "./session-flags.js";
import type { Verb } from "./verb.js";

export interface GitCredentialOptions {
  readonly action: string;
  readonly secretsDir: string;
}

/**
 * git's side of the credential helper that `run` wires into CMD's git. git
 * starts it once per request, so it does no more than read one file: nothing
 * here may reach the network.
 */
export const gitCredentialVerb: Verb<GitCredentialOptions> = {
  spec: "git-credential",
  summary: "answer git's credential requests from the secrets directory (git runs this, you need not)",
  configure(command) {
    command
      .argument("<action>", "what git asks: get (answered), store or erase (ignored)")
      .option("--secrets-dir <dir>", "the session's secrets directory (default: $ACP_SECRETS_DIR)");
  },
  parse({ args, opts }, io) {
    const dir = (opts.secretsDir as string | undefined) ?? io.env.ACP_SECRETS_DIR;
    if (dir === undefined || dir === "") throw new UsageError("--secrets-dir (or ACP_SECRETS_DIR) is required");
    return { action: args[0]!, secretsDir: absolute(dir, io.cwd) };
  },
  async run(options, io, log) {
    let input = "";
    for await (const chunk of io.stdin)
      input += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    try {
      // Loaded here, not with the program: git starts this once per request.
      const { answerGitCredential } = await import("../git/index.js");
      io.stdout.write(await answerGitCredential({ action: options.action, input, secretsDir: options.secretsDir }));
      return 0;
    } catch (error) {
      // git goes on without a credential; the reason names the file, never its content.
      log.error("git credential helper could not answer", { secretsDir: options.secretsDir, reason: reasonOf(error) });
      return 1;
    }
  },
};
