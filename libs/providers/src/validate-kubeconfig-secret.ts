import { validateKubeconfig } from "@acp/kubeconfig";
import { CredentialSchema, type KubeconfigSummary } from "@acp/proto";
import { kubeconfigSummaryMessage } from "./kubeconfig-summary-message.js";
import type { CredentialSummary, SecretValidation } from "./secret-validation.js";

type KubeconfigSummaryCase = Extract<CredentialSummary, { value: KubeconfigSummary }>["case"];

// The oneof member is found through the schema rather than spelled out, so the
// name lives only in the proto.
const summaryCase = CredentialSchema.field.kubeconfig.localName as KubeconfigSummaryCase;

/** Stores the minified kubeconfig; every parser problem becomes its own entry. */
export function validateKubeconfigSecret(
  secret: string,
  options: { maxBytes: number; allowInsecure: boolean },
): SecretValidation {
  const result = validateKubeconfig(secret, options);
  if (!result.ok) {
    const problems = result.problems.map(({ path, message }) => (path === "" ? message : `${path}: ${message}`));
    // A rejection must always explain itself, even if the parser gave no reason.
    return { ok: false, problems: problems.length > 0 ? problems : ["secret is not a usable kubeconfig"] };
  }
  return {
    ok: true,
    secret: result.minified,
    summary: { case: summaryCase, value: kubeconfigSummaryMessage(result.summary) },
  };
}
