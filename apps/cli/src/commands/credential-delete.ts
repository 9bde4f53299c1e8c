import { CredentialService } from "@acp/proto";
import { addYesOption, confirmDeletion, requireConfirmable } from "./confirm-delete.js";
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
  configure: addYesOption,
  parse: ({ args, opts, globals }) => ({ globals, ref: args[0]!, yes: opts["yes"] === true }),
  async run(options, io) {
    requireConfirmable(options.yes, io);
    return withApi(io, options.globals, async (api) => {
      const credential = await findCredential(api, options.ref);
      const what = `credential ${credential.name} (${credential.id})`;
      await confirmDeletion(options.yes, io, what, `Delete ${what} and all its bindings?`);
      await api.client(CredentialService).deleteCredential({ id: credential.id });
      io.stdout.write(`deleted ${what}\n`);
      return 0;
    });
  },
};
