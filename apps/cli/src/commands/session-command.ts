import { ListSessionsResponseSchema, SessionSchema, SessionService } from "@acp/proto";
import { create } from "@bufbuild/protobuf";
import { messageJson, type OutputFormat } from "../output/index.js";
import type { GlobalOptions } from "./global-options.js";
import { addLimitOption, collectPages, limitOf } from "./list-pages.js";
import type { Noun } from "./noun.js";
import { withApi } from "./open-api.js";
import { addOutputOption, addWriteOutputOption, outputOf, printResult } from "./output-option.js";
import { sessionCreate } from "./session-create.js";
import { resolutionText, sessionTable } from "./session-output.js";
import { addVerb, type Verb } from "./verb.js";

export interface SessionRefOptions {
  readonly globals: GlobalOptions;
  readonly output: OutputFormat;
  readonly id: string;
}

export const sessionGet: Verb<SessionRefOptions> = {
  spec: "get <id>",
  summary: "show a session: which credential it gets per provider, and what was left out and why",
  configure: addOutputOption,
  parse: ({ args, opts, globals }) => ({ globals, output: outputOf(opts), id: args[0]! }),
  async run(options, io) {
    const { session } = await withApi(io, options.globals, (api) =>
      api.client(SessionService).getSession({ id: options.id }),
    );
    if (session === undefined) throw new Error("GetSession answered without a session");
    printResult(io, options.output, {
      table: () => sessionTable([session], io.now()) + resolutionText(session, io.registry),
      data: () => messageJson(SessionSchema, session),
    });
    return 0;
  },
};

export interface SessionListOptions {
  readonly globals: GlobalOptions;
  readonly output: OutputFormat;
  readonly project: string | undefined;
  readonly limit: number | undefined;
}

export const sessionList: Verb<SessionListOptions> = {
  spec: "list",
  summary: "list the sessions of your projects (of every project, for admins), oldest first",
  configure(command) {
    command.option("--project <project>", "only this project's sessions (id or name)");
    addLimitOption(command, "sessions");
    addOutputOption(command);
  },
  parse: ({ opts, globals }) => ({
    globals,
    output: outputOf(opts),
    project: opts["project"] as string | undefined,
    limit: limitOf(opts),
  }),
  async run(options, io) {
    const sessions = await withApi(io, options.globals, (api) =>
      collectPages(async (pageSize, pageToken) => {
        const page = await api
          .client(SessionService)
          .listSessions({ projectId: options.project ?? "", pageSize, pageToken });
        return { items: page.sessions, nextPageToken: page.nextPageToken };
      }, options.limit),
    );
    if (options.output === "table" && sessions.length === 0) {
      io.stderr.write("No sessions found.\n");
      return 0;
    }
    printResult(io, options.output, {
      table: () => sessionTable(sessions, io.now()),
      data: () => messageJson(ListSessionsResponseSchema, create(ListSessionsResponseSchema, { sessions })),
    });
    return 0;
  },
};

export const sessionEnd: Verb<SessionRefOptions> = {
  spec: "end <id>",
  summary: "end a session: its runner token stops working and its runner wipes what it wrote",
  configure: addWriteOutputOption,
  parse: ({ args, opts, globals }) => ({ globals, output: outputOf(opts), id: args[0]! }),
  async run(options, io) {
    const { session } = await withApi(io, options.globals, (api) =>
      api.client(SessionService).endSession({ id: options.id }),
    );
    if (session === undefined) throw new Error("EndSession answered without a session");
    printResult(io, options.output, {
      table: () => `ended session ${session.id}\n`,
      data: () => messageJson(SessionSchema, session),
    });
    return 0;
  },
};

/** `acpctl session create|get|list|end`. */
export const sessionNoun: Noun = {
  register(program, io, outcome) {
    const noun = program
      .command("session")
      .alias("sessions")
      .description("agent runs in a project, each with a runner token that reads only its credentials");
    addVerb(noun, sessionCreate, io, outcome);
    addVerb(noun, sessionGet, io, outcome);
    addVerb(noun, sessionList, io, outcome);
    addVerb(noun, sessionEnd, io, outcome);
  },
};
