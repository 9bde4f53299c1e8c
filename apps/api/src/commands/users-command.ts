import { createUserWithToken } from "../services/index.js";
import { type Command, commandEntry, commandGroup, parseFlags, UsageError } from "./command.js";
import { withStore } from "./open-runtime.js";
import { runtimeConfig, runtimeFlags, runtimeUsage } from "./runtime-config.js";

interface CreateOptions {
  readonly name: string;
  readonly admin: boolean;
  readonly dataDir: string | undefined;
}

export const usersCreate: Command<CreateOptions> = {
  name: "users create",
  usage: `acp-api users create NAME [--admin] ${runtimeUsage}   prints the new user's API token, and only that`,
  parse(args) {
    const { values, positionals } = parseFlags(
      args,
      { options: { admin: { type: "boolean", default: false }, ...runtimeFlags }, allowPositionals: true },
      this.usage,
    );
    const [name, ...rest] = positionals;
    if (name === undefined || rest.length > 0) throw new UsageError(`usage: ${this.usage}`);
    return { name, admin: values.admin, dataDir: values["data-dir"] };
  },
  async run(options, io) {
    const created = await withStore(runtimeConfig(options, io.env), (store) =>
      createUserWithToken(store, {
        name: options.name,
        admin: options.admin,
        tokenDescription: "created by acp-api users create",
      }),
    );
    // stdout carries the token alone so that `TOKEN=$(acp-api users create …)` works.
    io.stdout.write(`${created.token}\n`);
    return 0;
  },
};

export const usersList: Command<{ readonly dataDir: string | undefined }> = {
  name: "users list",
  usage: `acp-api users list ${runtimeUsage}`,
  parse(args) {
    const { values } = parseFlags(args, { options: runtimeFlags }, this.usage);
    return { dataDir: values["data-dir"] };
  },
  async run(options, io) {
    const users = await withStore(runtimeConfig(options, io.env), (store) => store.users.list());
    for (const user of users) {
      io.stdout.write(`${user.id}\t${user.name}\t${user.admin ? "admin" : "user"}\t${user.createTime.toISOString()}\n`);
    }
    return 0;
  },
};

export const usersCommand = commandGroup("users", [commandEntry(usersCreate), commandEntry(usersList)]);
