import { CredentialSchema, CredentialService, ListCredentialsResponseSchema } from "@acp/proto";
import type { Provider } from "@acp/providers";
import { create } from "@bufbuild/protobuf";
import { messageJson, type OutputFormat } from "../output/index.js";
import { credentialTable } from "./credential-output.js";
import { findCredential } from "./credential-ref.js";
import type { GlobalOptions } from "./global-options.js";
import { addLimitOption, collectPages, limitOf } from "./list-pages.js";
import { withApi } from "./open-api.js";
import { addOutputOption, outputOf, printResult } from "./output-option.js";
import { addProviderOption, providerOf } from "./provider-option.js";
import type { Verb } from "./verb.js";

export interface ListOptions {
  readonly globals: GlobalOptions;
  readonly output: OutputFormat;
  readonly provider: Provider | undefined;
  readonly limit: number | undefined;
  readonly allOwners: boolean;
}

export const credentialList: Verb<ListOptions> = {
  spec: "list",
  summary: "list your credentials (every user's with --all-owners, admins only)",
  configure(command, registry) {
    addProviderOption(command, registry, "only this provider's credentials");
    addLimitOption(command, "credentials");
    command.option("--all-owners", "every user's credentials (admins only)");
    addOutputOption(command);
  },
  parse: ({ opts, globals }, registry) => ({
    globals,
    output: outputOf(opts),
    provider: providerOf(opts, registry),
    limit: limitOf(opts),
    allOwners: opts["allOwners"] === true,
  }),
  async run(options, io) {
    const credentials = await withApi(io, options.globals, (api) =>
      collectPages(async (pageSize, pageToken) => {
        const page = await api.client(CredentialService).listCredentials({
          pageSize,
          pageToken,
          provider: options.provider?.type ?? 0,
          allOwners: options.allOwners,
        });
        return { items: page.credentials, nextPageToken: page.nextPageToken };
      }, options.limit),
    );
    if (options.output === "table" && credentials.length === 0) {
      io.stderr.write("No credentials found.\n");
      return 0;
    }
    printResult(io, options.output, {
      table: () => credentialTable(credentials, io.registry, io.now()),
      data: () => messageJson(ListCredentialsResponseSchema, create(ListCredentialsResponseSchema, { credentials })),
    });
    return 0;
  },
};

export interface GetOptions {
  readonly globals: GlobalOptions;
  readonly output: OutputFormat;
  readonly ref: string;
}

export const credentialGet: Verb<GetOptions> = {
  spec: "get <id|name>",
  summary: "show one credential (never its secret; see `credential token`)",
  configure: addOutputOption,
  parse: ({ args, opts, globals }) => ({ globals, output: outputOf(opts), ref: args[0]! }),
  async run(options, io) {
    const credential = await withApi(io, options.globals, (api) => findCredential(api, options.ref));
    printResult(io, options.output, {
      table: () => credentialTable([credential], io.registry, io.now()),
      data: () => messageJson(CredentialSchema, credential),
    });
    return 0;
  },
};
