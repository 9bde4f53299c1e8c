import { UserSchema, UserService } from "@acp/proto";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { parseEndpoint } from "../client/index.js";
import {
  type CliConfig,
  configLocation,
  currentContext,
  findContext,
  loadConfig,
  sameServer,
  saveConfig,
  type Target,
  withContext,
} from "../config/index.js";
import { CliError, readTextInput, UsageError } from "../io/index.js";
import { age, messageJson, type OutputFormat, renderTable } from "../output/index.js";
import type { CommandIo } from "./command-io.js";
import type { GlobalOptions } from "./global-options.js";
import type { Noun } from "./noun.js";
import { callApi, withApi } from "./open-api.js";
import { addOutputOption, outputOf, printResult } from "./output-option.js";
import { addVerb, type Verb } from "./verb.js";

/** Where login reads the token: never argv. */
export type TokenInput =
  | { readonly kind: "file"; readonly path: string }
  | { readonly kind: "stdin" }
  | { readonly kind: "ask" };

export interface LoginOptions {
  readonly globals: GlobalOptions;
  readonly token: TokenInput;
}

export const login: Verb<LoginOptions> = {
  spec: "login",
  summary: "check a token with the server and save it as a context (--server URL [--context NAME])",
  configure(command) {
    command.option("--token-file <path>", "read the token from PATH, or from stdin with -");
    command.addHelpText(
      "after",
      "\nOn a terminal the token is asked for without echo; otherwise it is read from --token-file or stdin.\n" +
        "The context is named after the server's host:port unless --context names it.\n",
    );
  },
  parse({ opts, globals }) {
    const path = opts["tokenFile"] as string | undefined;
    const token: TokenInput =
      path === undefined ? { kind: "ask" } : path === "-" ? { kind: "stdin" } : { kind: "file", path };
    return { globals, token };
  },
  async run(options, io) {
    const location = configLocation(io.env);
    const config = await loadConfig(location, io.stderr);
    const flags = options.globals.connection;
    const named = flags.context === undefined ? undefined : findContext(config, flags.context);
    const server = flags.server ?? named?.server ?? (io.env["ACP_SERVER"] || undefined);
    if (server === undefined) throw new UsageError("which server? give --server URL");
    const endpoint = parseEndpoint(server, options.globals.http2);
    if (!endpoint.ok) throw new UsageError(endpoint.problem);
    const token = (await readToken(options.token, io, server)).trim();
    if (token === "") throw new UsageError("no token given");
    const target: Target = { server, token, tokenSource: { kind: "login" } };
    const { user } = await callApi(io, target, options.globals, (api) => api.client(UserService).getCurrentUser({}));
    const name = flags.context ?? contextNameFor(config, server);
    await saveConfig(location, { ...withContext(config, { name, server, token }), currentContext: name });
    io.stdout.write(`Logged in to ${server} as ${user?.name ?? "?"} (context ${name}).\n`);
    return 0;
  },
};

function readToken(input: TokenInput, io: CommandIo, server: string): Promise<string> {
  switch (input.kind) {
    case "file":
      return readTextInput(input.path, io.stdin, "--token-file");
    case "stdin":
      return readTextInput("-", io.stdin, "--token-file");
    case "ask":
      return io.stdinIsTty
        ? io.prompt.hidden(`API token for ${server} (input hidden): `)
        : readTextInput("-", io.stdin, "stdin");
  }
}

/** A context already saved for this server keeps its name; otherwise the server's host:port names it. */
function contextNameFor(config: CliConfig, server: string): string {
  const current = currentContext(config);
  if (current !== undefined && sameServer(current.server, server)) return current.name;
  return config.contexts.find((context) => sameServer(context.server, server))?.name ?? new URL(server).host;
}

export interface LogoutOptions {
  readonly context: string | undefined;
}

export const logout: Verb<LogoutOptions> = {
  spec: "logout",
  summary: "forget the token of the current context (or of --context NAME); the context stays",
  parse: ({ globals }) => ({ context: globals.connection.context }),
  async run(options, io) {
    const location = configLocation(io.env);
    const config = await loadConfig(location, io.stderr);
    const name = options.context ?? config.currentContext;
    const context = name === undefined ? undefined : findContext(config, name);
    if (context === undefined) {
      throw new CliError(
        name === undefined ? "not logged in: no current context" : `no context named ${JSON.stringify(name)}`,
      );
    }
    await saveConfig(location, withContext(config, { ...context, token: undefined }));
    io.stdout.write(
      `Logged out of ${context.server} (context ${context.name}). The token itself stays valid until it is revoked.\n`,
    );
    return 0;
  },
};

export interface WhoamiOptions {
  readonly globals: GlobalOptions;
  readonly output: OutputFormat;
}

export const whoami: Verb<WhoamiOptions> = {
  spec: "whoami",
  summary: "show the user the token belongs to",
  configure: addOutputOption,
  parse: ({ opts, globals }) => ({ globals, output: outputOf(opts) }),
  async run(options, io) {
    const { user, server } = await withApi(io, options.globals, async (api, target) => ({
      user: (await api.client(UserService).getCurrentUser({})).user,
      server: target.server,
    }));
    if (user === undefined) throw new Error("GetCurrentUser answered without a user");
    printResult(io, options.output, {
      table: () =>
        renderTable(
          ["NAME", "ADMIN", "SERVER", "AGE", "ID"],
          [
            [
              user.name,
              user.admin ? "yes" : "no",
              server,
              age(user.createTime && timestampDate(user.createTime), io.now()),
              user.id,
            ],
          ],
        ),
      data: () => messageJson(UserSchema, user),
    });
    return 0;
  },
};

/** `acpctl login`, `logout` and `whoami`. */
export const loginNoun: Noun = {
  register(program, io, outcome) {
    addVerb(program, login, io, outcome);
    addVerb(program, logout, io, outcome);
    addVerb(program, whoami, io, outcome);
  },
};
