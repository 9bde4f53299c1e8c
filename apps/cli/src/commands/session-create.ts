import { CreateSessionResponseSchema, SessionService } from "@acp/proto";
import { create } from "@bufbuild/protobuf";
import { durationFromMs, timestampDate } from "@bufbuild/protobuf/wkt";
import { preparePrivateFile } from "../config/index.js";
import { CliError, UsageError } from "../io/index.js";
import { expiry, messageJson, type OutputFormat } from "../output/index.js";
import { parseDuration } from "./duration-flag.js";
import type { GlobalOptions } from "./global-options.js";
import { withApi } from "./open-api.js";
import { addWriteOutputOption, outputOf, printResult } from "./output-option.js";
import type { Verb } from "./verb.js";

export interface SessionCreateOptions {
  readonly globals: GlobalOptions;
  readonly output: OutputFormat;
  readonly project: string;
  readonly agent: string;
  readonly name: string;
  readonly ttlMs: number | undefined;
  /** Where the runner token goes instead of stdout. */
  readonly tokenFile: string | undefined;
}

export const sessionCreate: Verb<SessionCreateOptions> = {
  spec: "create",
  summary: "start a session and get its runner token, shown once (editors and owners of the project)",
  configure(command) {
    command
      .requiredOption("--project <project>", "the project (id or name) the session runs in")
      .option("--agent <agent>", "the agent it runs; the project's bindings for that agent apply")
      .option("--ttl <duration>", "how long the runner token works, e.g. 8h, 30m, 7d or 1h30m (default 24h)")
      .option("--name <name>", "a name for people")
      .option(
        "--token-file <path>",
        "write the runner token to PATH (mode 0600, in a private directory) and print only the session id",
      );
    addWriteOutputOption(command);
  },
  parse({ opts, globals }) {
    const ttl = opts["ttl"] as string | undefined;
    const tokenFile = opts["tokenFile"] as string | undefined;
    if (tokenFile === "-")
      throw new UsageError("--token-file - would print the token: leave --token-file out for that");
    return {
      globals,
      output: outputOf(opts),
      project: opts["project"] as string,
      agent: (opts["agent"] as string | undefined) ?? "",
      name: (opts["name"] as string | undefined) ?? "",
      ttlMs: ttl === undefined ? undefined : parseDuration(ttl, "--ttl"),
      tokenFile,
    };
  },
  async run(options, io) {
    // The file's directory is made or checked first: a token shown once must have somewhere to go.
    const writeToken = options.tokenFile === undefined ? undefined : await tokenFileWriter(options.tokenFile);
    return withApi(io, options.globals, async (api) => {
      const { project, agent, name, ttlMs } = options;
      const ttl = ttlMs === undefined ? undefined : durationFromMs(ttlMs);
      const response = await api.client(SessionService).createSession({ projectId: project, agent, name, ttl });
      const session = response.session;
      if (session === undefined) throw new Error("CreateSession answered without a session");
      if (writeToken !== undefined) {
        try {
          await writeToken(response.runnerToken);
        } catch (error) {
          // Nobody can use a session whose only token is lost: end it rather than leave it running.
          await api
            .client(SessionService)
            .endSession({ id: session.id })
            .catch(() => undefined);
          const problems = error instanceof CliError ? error.problems : [String(error)];
          throw new CliError([...problems, `session ${session.id} was ended, as its runner token could not be kept`]);
        }
      }
      const shown = writeToken === undefined ? response : create(CreateSessionResponseSchema, { session });
      printResult(io, options.output, {
        table: () => {
          if (writeToken !== undefined) return `${session.id}\n`;
          const expires = expiry(session.expireTime && timestampDate(session.expireTime), io.now());
          return `created session ${session.id} in project ${session.projectId} (expires ${expires})\nrunner token (shown once): ${response.runnerToken}\n`;
        },
        data: () => messageJson(CreateSessionResponseSchema, shown),
      });
      return 0;
    });
  },
};

async function tokenFileWriter(path: string): Promise<(token: string) => Promise<void>> {
  try {
    return await preparePrivateFile(path);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    throw new CliError(error.problems, error.exitCode, [
      "--token-file needs a directory only you can open, e.g. one made with `mkdir -m 700 DIR`; nothing was created",
    ]);
  }
}
