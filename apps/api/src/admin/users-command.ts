import { parseArgs } from "node:util";
import { runtimeConfig } from "../config/runtime-config.js";
import { issueApiToken } from "../services/api-tokens.js";
import { checkName } from "../services/resource-name.js";
import { NameTakenError } from "../storage/store.js";
import { openConfiguredStore, UsageError } from "./open-runtime.js";

export const usersUsage = `acp-api users create NAME [--admin] [--data-dir DIR]   prints the new user's API token, and only that
acp-api users list [--data-dir DIR]`;

export async function usersCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { admin: { type: "boolean", default: false }, "data-dir": { type: "string" } },
    allowPositionals: true,
    strict: true,
  });
  const [verb, name, ...rest] = positionals;
  // A mistyped command must not create a database as a side effect.
  if (!["create", "list"].includes(verb ?? "")) throw new UsageError(usersUsage);
  const store = await openConfiguredStore(runtimeConfig({ dataDir: values["data-dir"] }, process.env));
  try {
    switch (verb) {
      case "create": {
        if (name === undefined || rest.length > 0) throw new UsageError("usage: acp-api users create NAME [--admin]");
        const problem = checkName(name)[0];
        if (problem) throw new UsageError(`NAME ${problem.description}`);
        try {
          const user = await store.users.create({ name, admin: values.admin });
          const issued = await issueApiToken(store.tokens, user.id, "created by acp-api users create");
          // stdout carries the token alone so that `TOKEN=$(acp-api users create …)` works.
          process.stdout.write(issued.token + "\n");
          return 0;
        } catch (err) {
          if (err instanceof NameTakenError) throw new UsageError(`a user named ${JSON.stringify(name)} already exists`);
          throw err;
        }
      }
      case "list": {
        for (const user of await store.users.list()) {
          process.stdout.write(`${user.id}\t${user.name}\t${user.admin ? "admin" : "user"}\t${user.createTime.toISOString()}\n`);
        }
        return 0;
      }
      default:
        throw new UsageError(usersUsage);
    }
  } finally {
    await store.close();
  }
}
