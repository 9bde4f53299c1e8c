import { findUser, issueApiToken, revokeApiToken } from "../services/index.js";
import { parseId } from "../storage/index.js";
import { type Command, commandEntry, commandGroup, parseFlags, UsageError } from "./command.js";
import { withStore } from "./open-runtime.js";
import { runtimeConfig, runtimeFlags, runtimeUsage } from "./runtime-config.js";

interface UserOptions {
  /** A user id or name. */
  readonly user: string;
  readonly dataDir: string | undefined;
}

function requireUser(value: string | undefined, usage: string): string {
  if (!value) throw new UsageError(`--user NAME is required\n\nusage: ${usage}`);
  return value;
}

export const tokensCreate: Command<UserOptions & { readonly description: string }> = {
  name: "tokens create",
  usage: `acp-api tokens create --user NAME [--description TEXT] ${runtimeUsage}   prints the new token, and only that`,
  parse(args) {
    const { values } = parseFlags(
      args,
      { options: { user: { type: "string" }, description: { type: "string", default: "" }, ...runtimeFlags } },
      this.usage,
    );
    return { user: requireUser(values.user, this.usage), description: values.description, dataDir: values["data-dir"] };
  },
  async run(options, io) {
    const issued = await withStore(runtimeConfig(options, io.env), async (store) =>
      issueApiToken(store.tokens, (await findUser(store.users, options.user)).id, options.description),
    );
    io.stdout.write(`${issued.token}\n`);
    return 0;
  },
};

export const tokensList: Command<UserOptions> = {
  name: "tokens list",
  usage: `acp-api tokens list --user NAME ${runtimeUsage}`,
  parse(args) {
    const { values } = parseFlags(args, { options: { user: { type: "string" }, ...runtimeFlags } }, this.usage);
    return { user: requireUser(values.user, this.usage), dataDir: values["data-dir"] };
  },
  async run(options, io) {
    const tokens = await withStore(runtimeConfig(options, io.env), async (store) =>
      store.tokens.list((await findUser(store.users, options.user)).id),
    );
    for (const t of tokens) {
      const state = t.revokeTime ? `revoked ${t.revokeTime.toISOString()}` : "active";
      io.stdout.write(`${t.id}\t${state}\t${t.createTime.toISOString()}\t${t.description}\n`);
    }
    return 0;
  },
};

export const tokensRevoke: Command<{ readonly id: string; readonly dataDir: string | undefined }> = {
  name: "tokens revoke",
  usage: `acp-api tokens revoke TOKEN_ID ${runtimeUsage}`,
  parse(args) {
    const { values, positionals } = parseFlags(args, { options: runtimeFlags, allowPositionals: true }, this.usage);
    const [id, ...rest] = positionals;
    if (id === undefined || rest.length > 0) throw new UsageError(`usage: ${this.usage}`);
    return { id, dataDir: values["data-dir"] };
  },
  async run(options, io) {
    const id = parseId("apiToken", options.id);
    if (id === undefined) throw new UsageError(`${JSON.stringify(options.id)} is not an API token id (tok_…)`);
    const revoked = await withStore(runtimeConfig(options, io.env), (store) => revokeApiToken(store.tokens, id));
    io.stderr.write(`revoked ${revoked.id}\n`);
    return 0;
  },
};

export const tokensCommand = commandGroup("tokens", [
  commandEntry(tokensCreate),
  commandEntry(tokensList),
  commandEntry(tokensRevoke),
]);
