import { type RunOptions, runSession, UsageError } from "../session/index.js";
import { parseDuration } from "./duration-flag.js";
import { addSessionFlags, parseSessionFlags, type SessionFlags, sessionOptions } from "./session-flags.js";
import type { Verb } from "./verb.js";

export interface RunCommandOptions {
  readonly flags: SessionFlags;
  readonly graceMs: number;
  readonly command: string;
  readonly args: readonly string[];
}

export const runVerb: Verb<RunCommandOptions> = {
  spec: "run",
  summary: "write the session's credentials, run CMD with them kept current, then wipe them",
  configure(command) {
    addSessionFlags(command)
      .option("--grace <duration>", "time CMD has between SIGTERM and SIGKILL when the session ends", "10s")
      .argument("<cmd...>", "the command to run, after --")
      // Everything after CMD is CMD's own, flags included.
      .passThroughOptions()
      .usage("[options] -- CMD [ARGS...]");
  },
  parse({ args, opts }, io) {
    const [command, ...rest] = args;
    if (command === undefined || command === "")
      throw new UsageError("CMD is required: run [options] -- CMD [ARGS...]");
    return {
      flags: parseSessionFlags(opts, io.env, io.cwd),
      graceMs: parseDuration(String(opts.grace), "--grace"),
      command,
      args: rest,
    };
  },
  async run(options, io, log) {
    const session = await sessionOptions(options.flags, io.runnerCommand, log);
    const run: RunOptions = {
      ...session,
      command: options.command,
      args: options.args,
      graceMs: options.graceMs,
    };
    return runSession(run, { env: io.env, log, openApi: io.openApi, now: io.now });
  },
};
