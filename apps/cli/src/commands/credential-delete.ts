import { CliError, UsageError } from "../io/index.js";
import { findCredential } from "./credential-ref.js";
import type { GlobalOptions } from "./global-options.js";
import { withApi } from "./open-api.js";
import type { Verb } from "./verb.js";

export interface DeleteOptions {
  readonly globals: GlobalOptions;
  readonly ref: string;
  readonly yes: boolean;
}

export const credentialDelete: Verb<DeleteOptions> = {
  spec: "delete <id|name>",
  summary: "delete a credential and its bindings (asks first, unless --yes)",
  configure: (command) => command.option("-y, --yes", "do not ask; needed when stdin is not a terminal"),
  parse: ({ args, opts, globals }) => ({ globals, ref: args[0]!, yes: opts["yes"] === true }),
  async run(options, io) {
    // Refused before any call: a script that forgot --yes must not half-run.
    if (!options.yes && !io.stdinIsTty) {
      throw new UsageError("refusing to delete without --yes: stdin is not a terminal to confirm on");
    }
    return withApi(io, options.globals, async (api) => {
      const credential = await findCredential(api, options.ref);
      const what = `credential ${credential.name} (${credential.id})`;
      if (!options.yes) {
        const answer = await io.prompt.line(`Delete ${what} and all its bindings? [y/N] `);
        if (!/^y(es)?$/i.test(answer.trim())) throw new CliError(`${what} was not deleted`);
      }
      await api.credentials.deleteCredential({ id: credential.id });
      io.stdout.write(`deleted ${what}\n`);
      return 0;
    });
  },
};
