import { type PreparedSession, prepareSession, UsageError } from "../session/index.js";
import { addSessionFlags, parseSessionFlags, type SessionFlags, sessionOptions } from "./session-flags.js";
import type { Verb } from "./verb.js";

export interface PrepareCommandOptions {
  readonly flags: SessionFlags;
  readonly output: "env" | "json";
}

export const prepareVerb: Verb<PrepareCommandOptions> = {
  spec: "prepare",
  summary: "write the session's credentials and print their environment; `clean` removes them",
  configure(command) {
    addSessionFlags(command).option("-o, --output <format>", "env (export lines) or json", "env");
  },
  parse({ opts }, io) {
    const output = String(opts.output);
    if (output !== "env" && output !== "json") {
      throw new UsageError(`--output: expected env or json, got ${JSON.stringify(output)}`);
    }
    return { flags: parseSessionFlags(opts, io.env, io.cwd), output };
  },
  async run(options, io, log) {
    const session = await sessionOptions(options.flags, io.runnerCommand, log);
    const prepared = await prepareSession(session, { env: io.env, log, openApi: io.openApi, now: io.now });
    io.stdout.write(formatPrepared(prepared, options.output));
    return 0;
  },
};

/** stdout is for the caller's eval or parser, so it holds the environment and nothing else. */
export function formatPrepared(prepared: PreparedSession, output: "env" | "json"): string {
  if (output === "env") return prepared.exportLines;
  const env = Object.fromEntries(Object.entries(prepared.env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return `${JSON.stringify({ env, secretsDir: prepared.secretsDir, files: prepared.files })}\n`;
}
