import { CredentialService } from "@acp/proto";
import { findCredential } from "./credential-ref.js";
import type { GlobalOptions } from "./global-options.js";
import { withApi } from "./open-api.js";
import type { Verb } from "./verb.js";

export interface TokenOptions {
  readonly globals: GlobalOptions;
  readonly ref: string;
}

export const credentialToken: Verb<TokenOptions> = {
  spec: "token <id|name>",
  summary: "print the stored secret, exactly and nothing else (the read is audited)",
  parse: ({ args, globals }) => ({ globals, ref: args[0]! }),
  async run(options, io) {
    const { secret } = await withApi(io, options.globals, async (api) => {
      const { id } = await findCredential(api, options.ref);
      return api.client(CredentialService).getCredentialSecret({ id });
    });
    // No newline of our own: `acpctl credential token x > file` writes the secret byte for byte.
    io.stdout.write(secret);
    return 0;
  },
};
