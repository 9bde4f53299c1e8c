import { parseArgs } from "node:util";
import { runtimeConfig } from "../config/runtime-config.js";
import { issueApiToken } from "../services/api-tokens.js";
import { openConfiguredStore, UsageError } from "./open-runtime.js";

export const tokensUsage = `acp-api tokens create --user NAME [--description TEXT]   prints the new token, and only that
acp-api tokens list --user NAME
acp-api tokens revoke TOKEN_ID`;

export async function tokensCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { user: { type: "string" }, description: { type: "string", default: "" }, "data-dir": { type: "string" } },
    allowPositionals: true,
    strict: true,
  });
  const [verb, id] = positionals;
  // A mistyped command must not create a database as a side effect.
  if (!["create", "list", "revoke"].includes(verb ?? "")) throw new UsageError(tokensUsage);
  const store = await openConfiguredStore(runtimeConfig({ dataDir: values["data-dir"] }, process.env));
  try {
    const userNamed = async () => {
      if (!values.user) throw new UsageError(`--user NAME is required\n${tokensUsage}`);
      const user = await store.users.getByName(values.user);
      if (!user) throw new UsageError(`no user named ${JSON.stringify(values.user)}`);
      return user;
    };
    switch (verb) {
      case "create": {
        const issued = await issueApiToken(store.tokens, (await userNamed()).id, values.description);
        process.stdout.write(issued.token + "\n");
        return 0;
      }
      case "list": {
        for (const t of await store.tokens.list((await userNamed()).id)) {
          const state = t.revokeTime ? `revoked ${t.revokeTime.toISOString()}` : "active";
          process.stdout.write(`${t.id}\t${state}\t${t.createTime.toISOString()}\t${t.description}\n`);
        }
        return 0;
      }
      case "revoke": {
        if (!id) throw new UsageError(`usage: acp-api tokens revoke TOKEN_ID`);
        const revoked = await store.tokens.revoke(id);
        if (!revoked) throw new UsageError(`no API token with id ${JSON.stringify(id)}`);
        process.stderr.write(`revoked ${revoked.id}\n`);
        return 0;
      }
      default:
        throw new UsageError(tokensUsage);
    }
  } finally {
    await store.close();
  }
}
