import { FieldRequirement, ProviderSpecSchema } from "@acp/proto";
import type { Provider } from "@acp/providers";
import { messageJson, type OutputFormat, renderTable } from "../output/index.js";
import type { Noun } from "./noun.js";
import { addOutputOption, outputOf, printResult } from "./output-option.js";
import { requiredFlags } from "./provider-option.js";
import { addVerb, type Verb } from "./verb.js";

export interface ProvidersOptions {
  readonly output: OutputFormat;
}

/** `acpctl providers`: the registry as the proto defines it; needs no server. */
export const providersVerb: Verb<ProvidersOptions> = {
  spec: "providers",
  summary: "list the credential providers: what each secret is and what a session gets from it",
  configure: addOutputOption,
  parse: ({ opts }) => ({ output: outputOf(opts) }),
  async run(options, io) {
    const all = io.registry.all();
    printResult(io, options.output, {
      table: () =>
        renderTable(
          ["NAME", "DISPLAY NAME", "REQUIRES", "ENV", "FILE", "GIT HOSTS", "MCP SERVER", "SECRET"],
          all.map((provider) => [
            provider.shortName,
            provider.displayName,
            requiredFlags(provider).join(",") || "-",
            provider.env.map((v) => v.name).join(",") || "-",
            provider.file?.name ?? "-",
            gitHosts(provider),
            provider.mcpServer ? `${provider.mcpServer.npmPackage}@${provider.mcpServer.version}` : "-",
            provider.secretHelp,
          ]),
        ),
      // The spec is a proto message: scripts get it exactly as the enum option declares it.
      data: () => ({
        providers: all.map((provider) => ({
          type: provider.enumValueName,
          spec: messageJson(ProviderSpecSchema, provider.spec),
        })),
      }),
    });
    return 0;
  },
};

function gitHosts(provider: Provider): string {
  if (provider.git === undefined) return "-";
  const hosts = provider.git.defaultHosts.join(",");
  // A git provider without default hosts offers its token to the credential's --url host.
  return hosts || (provider.url === FieldRequirement.REQUIRED ? "(--url host)" : "-");
}

export const providersNoun: Noun = {
  register(program, io, outcome) {
    addVerb(program, providersVerb, io, outcome);
  },
};
