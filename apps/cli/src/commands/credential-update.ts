import { CredentialService, UpdateCredentialRequestSchema } from "@acp/proto";
import { InvalidArgumentError } from "commander";
import { CliError, UsageError } from "../io/index.js";
import type { OutputFormat } from "../output/index.js";
import { printCredentialWrite } from "./credential-output.js";
import { findCredential } from "./credential-ref.js";
import type { GlobalOptions } from "./global-options.js";
import { collect, parseLabels } from "./label-flags.js";
import { withApi } from "./open-api.js";
import { addWriteOutputOption, outputOf } from "./output-option.js";
import { prepareSecret } from "./prepare-secret.js";
import { addSecretOptions, parseSecretSource, readSecret, type SecretSource } from "./secret-source.js";
import type { Verb } from "./verb.js";

/** Only what the flags name: each present field is one path of the update mask. */
export interface CredentialChanges {
  readonly name?: string;
  readonly secret?: SecretSource;
  readonly url?: string;
  readonly email?: string;
  readonly description?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly allowInsecure?: boolean;
}

export interface UpdateOptions {
  readonly globals: GlobalOptions;
  readonly output: OutputFormat;
  readonly ref: string;
  readonly changes: CredentialChanges;
  readonly kubeContext: string | undefined;
}

// Mask paths are the request's proto field names, read from the schema so
// `allowInsecure` cannot drift from `allow_insecure`.
const fields = UpdateCredentialRequestSchema.field;
const maskPaths: Record<keyof CredentialChanges, string> = {
  name: fields.name.name,
  secret: fields.secret.name,
  url: fields.url.name,
  email: fields.email.name,
  description: fields.description.name,
  labels: fields.labels.name,
  allowInsecure: fields.allowInsecure.name,
};

export const credentialUpdate: Verb<UpdateOptions> = {
  spec: "update <id|name>",
  summary: "change a credential: only the fields given are changed",
  configure(command) {
    command.option("--name <name>", "rename it");
    addSecretOptions(command);
    command
      .option("--url <url>", "the service's URL; empty to clear")
      .option("--email <email>", "the account's email; empty to clear")
      .option("--description <text>", "a note for people; empty to clear")
      .option("--label <key=value>", "replace the labels with these; repeat for more", collect)
      .option("--allow-insecure [bool]", "true or false (write --allow-insecure=false)", parseBoolean)
      .option("--kube-context <name>", "with a new kubeconfig: upload this context instead of its current one");
    addWriteOutputOption(command);
  },
  parse({ args, opts, globals }) {
    const text = (key: string) => opts[key] as string | undefined;
    const labels = opts["label"] as string[] | undefined;
    const changes: CredentialChanges = {
      ...defined("name", text("name")),
      ...defined("secret", parseSecretSource(opts)),
      ...defined("url", text("url")),
      ...defined("email", text("email")),
      ...defined("description", text("description")),
      ...defined("labels", labels && parseLabels(labels)),
      ...defined("allowInsecure", opts["allowInsecure"] as boolean | undefined),
    };
    if (Object.keys(changes).length === 0) {
      throw new UsageError(
        "nothing to update; give at least one of --name, --secret-file, --url, --email, --description, --label, --allow-insecure",
      );
    }
    const kubeContext = text("kubeContext");
    if (kubeContext !== undefined && changes.secret === undefined)
      throw new UsageError("--kube-context needs a new secret (--secret-file)");
    return { globals, output: outputOf(opts), ref: args[0]!, changes, kubeContext };
  },
  async run(options, io) {
    const { changes } = options;
    // Read before connecting, so a prompt comes first and a bad file fails fast.
    const raw = changes.secret && (await readSecret(changes.secret, io, "new secret"));
    const credential = await withApi(io, options.globals, async (api) => {
      const current = await findCredential(api, options.ref);
      let secret: string | undefined;
      if (raw !== undefined) {
        const provider = io.registry.get(current.provider);
        if (provider === undefined)
          throw new CliError(`credential ${current.name} has a provider this acpctl does not know; upgrade acpctl`);
        const allowInsecure = changes.allowInsecure ?? current.allowInsecure;
        secret = await prepareSecret(provider, raw, { allowInsecure, kubeContext: options.kubeContext });
      }
      const paths = (Object.keys(changes) as (keyof CredentialChanges)[]).map((key) => maskPaths[key]);
      const { secret: _source, ...plain } = changes;
      const request = { ...plain, id: current.id, secret: secret ?? "", updateMask: { paths } };
      return (await api.client(CredentialService).updateCredential(request)).credential;
    });
    printCredentialWrite(io, options.output, credential, "updated");
    return 0;
  },
};

/** `{ [key]: value }` when the flag was given, `{}` when not, so absent flags never reach the mask. */
function defined<K extends keyof CredentialChanges>(
  key: K,
  value: CredentialChanges[K] | undefined,
): Partial<CredentialChanges> {
  return value === undefined ? {} : { [key]: value };
}

function parseBoolean(value: string | undefined): boolean {
  if (value === undefined || value === "true") return true;
  if (value === "false") return false;
  throw new InvalidArgumentError("expected true or false");
}
