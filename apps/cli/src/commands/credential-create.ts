import { CredentialService } from "@acp/proto";
import type { Provider } from "@acp/providers";
import { UsageError } from "../io/index.js";
import type { OutputFormat } from "../output/index.js";
import { printCredentialWrite } from "./credential-output.js";
import type { GlobalOptions } from "./global-options.js";
import { collect, parseLabels } from "./label-flags.js";
import { withApi } from "./open-api.js";
import { addWriteOutputOption, outputOf } from "./output-option.js";
import { prepareSecret, requireKubeconfigForContext } from "./prepare-secret.js";
import { addProviderOption, providerOf, providersHelp } from "./provider-option.js";
import { addSecretOptions, parseSecretSource, readSecret, type SecretSource } from "./secret-source.js";
import type { Verb } from "./verb.js";

export interface CreateOptions {
  readonly globals: GlobalOptions;
  readonly output: OutputFormat;
  readonly name: string;
  readonly provider: Provider;
  readonly secret: SecretSource;
  readonly url: string;
  readonly email: string;
  readonly description: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly allowInsecure: boolean;
  readonly kubeContext: string | undefined;
}

export const credentialCreate: Verb<CreateOptions> = {
  spec: "create",
  summary: "store a credential (the secret from a file or stdin, never argv unless forced)",
  configure(command, registry) {
    command.requiredOption("--name <name>", "unique among your credentials: [a-z0-9._-], up to 63 characters");
    addProviderOption(command, registry, "what the credential is for");
    addSecretOptions(command);
    command
      .option("--url <url>", "the service's URL, where the provider uses one")
      .option("--email <email>", "the account's email, where the provider uses one")
      .option("--description <text>", "a note for people")
      .option("--label <key=value>", "a label; repeat for more", collect)
      .option("--allow-insecure", "accept transport risks the provider otherwise refuses (insecure-skip-tls-verify, …)")
      .option("--kube-context <name>", "upload this context of the kubeconfig instead of its current one");
    addWriteOutputOption(command);
    command.addHelpText("after", providersHelp(registry));
  },
  parse({ opts, globals }, registry) {
    const provider = providerOf(opts, registry);
    if (provider === undefined) throw new UsageError("--provider is required");
    const kubeContext = opts["kubeContext"] as string | undefined;
    requireKubeconfigForContext(provider, kubeContext);
    return {
      globals,
      output: outputOf(opts),
      name: opts["name"] as string,
      provider,
      secret: parseSecretSource(opts) ?? { kind: "prompt" },
      url: (opts["url"] as string | undefined) ?? "",
      email: (opts["email"] as string | undefined) ?? "",
      description: (opts["description"] as string | undefined) ?? "",
      labels: parseLabels((opts["label"] as string[] | undefined) ?? []),
      allowInsecure: opts["allowInsecure"] === true,
      kubeContext,
    };
  },
  async run(options, io) {
    // The secret is read and checked before connecting: a bad kubeconfig never costs a round trip.
    const raw = await readSecret(options.secret, io, `${options.provider.displayName} secret`);
    const secret = await prepareSecret(options.provider, raw, options);
    const credential = await withApi(io, options.globals, async (api) => {
      const { name, url, email, description, labels, allowInsecure } = options;
      const request = { name, provider: options.provider.type, secret, url, email, description, labels, allowInsecure };
      return (await api.client(CredentialService).createCredential(request)).credential;
    });
    printCredentialWrite(io, options.output, credential, "created");
    return 0;
  },
};
