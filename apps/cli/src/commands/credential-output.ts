import { type Credential, CredentialSchema, type KubeconfigSummary, KubeconfigSummarySchema } from "@acp/proto";
import type { ProviderRegistry } from "@acp/providers";
import { isMessage } from "@bufbuild/protobuf";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { age, expiry, messageJson, type OutputFormat, renderTable } from "../output/index.js";
import type { CommandIo } from "./command-io.js";
import { printResult } from "./output-option.js";

const header = ["NAME", "PROVIDER", "SUMMARY", "EXPIRES", "AGE", "ID"];

/** The credential table: what each one is for and when it stops working, never a secret. */
export function credentialTable(credentials: readonly Credential[], registry: ProviderRegistry, now: Date): string {
  return renderTable(
    header,
    credentials.map((credential) => [
      credential.name,
      providerLabel(registry, credential.provider),
      summaryText(credential),
      expiry(expiresAt(credential), now),
      age(credential.createTime && timestampDate(credential.createTime), now),
      credential.id,
    ]),
  );
}

/** The short name users type; a number the registry does not know (a newer server) is shown as such. */
export function providerLabel(registry: ProviderRegistry, type: number): string {
  return registry.get(type)?.shortName ?? `unknown (${type})`;
}

// The summary oneof is matched by message type rather than by its case name,
// which is spelled like a provider.
function kubeconfigOf(credential: Credential): KubeconfigSummary | undefined {
  const value = credential.summary.value;
  return isMessage(value, KubeconfigSummarySchema) ? value : undefined;
}

function summaryText(credential: Credential): string {
  const kubeconfig = kubeconfigOf(credential);
  if (kubeconfig !== undefined) {
    return kubeconfig.namespace === "" ? kubeconfig.server : `${kubeconfig.server} namespace=${kubeconfig.namespace}`;
  }
  return [credential.url, credential.email].filter((part) => part !== "").join(" ");
}

/** The token's exp or the client certificate's notAfter, whichever the kubeconfig has. */
function expiresAt(credential: Credential): Date | undefined {
  const kubeconfig = kubeconfigOf(credential);
  const at = kubeconfig?.tokenExpireTime ?? kubeconfig?.clientCertificateExpireTime;
  return at && timestampDate(at);
}

/** A write's result: one line for people, the credential itself for -o json|yaml. */
export function printCredentialWrite(
  io: CommandIo,
  output: OutputFormat,
  credential: Credential | undefined,
  verb: string,
): void {
  if (credential === undefined) throw new Error(`the server answered without the ${verb} credential`);
  printResult(io, output, {
    table: () => `${verb} credential ${credential.name} (${credential.id})\n`,
    data: () => messageJson(CredentialSchema, credential),
  });
}
