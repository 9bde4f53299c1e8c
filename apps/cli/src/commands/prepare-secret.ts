import { SecretFormat } from "@acp/proto";
import type { Provider } from "@acp/providers";
import { CliError, UsageError } from "../io/index.js";

export interface SecretChecks {
  readonly allowInsecure: boolean;
  /** Upload this kubeconfig context instead of the file's current one. */
  readonly kubeContext: string | undefined;
}

/** Whether the provider's secrets are kubeconfigs: found by secret format, whatever the provider is called. */
export function takesKubeconfig(provider: Provider): boolean {
  return provider.secretFormat === SecretFormat.KUBECONFIG_YAML;
}

export function requireKubeconfigForContext(provider: Provider, kubeContext: string | undefined): void {
  if (kubeContext !== undefined && !takesKubeconfig(provider)) {
    throw new UsageError(
      `--kube-context is for kubeconfig credentials; ${provider.displayName} secrets are not kubeconfigs`,
    );
  }
}

/**
 * What to send as the secret. A kubeconfig is validated here first, with the
 * library the server uses, so a bad file is refused without a round trip and
 * with the same path-named problems (`users[0].user.exec: …`); what is sent
 * is its minified form: the chosen context, its cluster and user, nothing of
 * the file's other contexts. The server validates again; other secrets are
 * left to it. The validator (a YAML parser and node:crypto) loads only for a
 * kubeconfig: every command of the credential noun would pay for it otherwise.
 */
export async function prepareSecret(provider: Provider, secret: string, checks: SecretChecks): Promise<string> {
  requireKubeconfigForContext(provider, checks.kubeContext);
  if (!takesKubeconfig(provider)) return secret;
  const { validateKubeconfig } = await import("@acp/kubeconfig");
  const result = validateKubeconfig(secret, {
    maxBytes: provider.maxSecretBytes,
    allowInsecure: checks.allowInsecure,
    context: checks.kubeContext,
  });
  if (!result.ok) {
    const problems = result.problems.map(({ path, message }) => (path === "" ? message : `${path}: ${message}`));
    throw new CliError(problems.length > 0 ? problems : ["the secret is not a usable kubeconfig"]);
  }
  return result.minified;
}
