import { SecretFormat } from "@acp/proto";
import type { CredentialField, FieldViolation } from "./field-violation.js";
import type { Provider } from "./provider.js";
import { type CredentialSummary, type SecretValidation, secretProblem } from "./secret-validation.js";
import { validateCredentialFields } from "./validate-credential-fields.js";
import { validateKubeconfigSecret } from "./validate-kubeconfig-secret.js";
import { validateOpaqueToken } from "./validate-opaque-token.js";
import { validateServiceAccountJson } from "./validate-service-account-json.js";

export interface SecretFields {
  readonly secret: string;
  readonly url: string;
  readonly email: string;
  readonly allowInsecure: boolean;
}

export type CredentialValidation =
  | {
      readonly ok: true;
      /** What to store: the minified kubeconfig, the token without one trailing line break, or the JSON as given. */
      readonly secret: string;
      readonly summary: CredentialSummary;
    }
  | { readonly ok: false; readonly violations: readonly FieldViolation<CredentialField>[] };

/**
 * Validates a credential before it is stored. `provider` is undefined when the
 * request named no known provider, which is itself reported. Every violation
 * is returned at once so a user fixes a request in one round.
 */
export function validateCredentialInput(provider: Provider | undefined, input: SecretFields): CredentialValidation {
  if (provider === undefined) {
    return {
      ok: false,
      violations: [{ field: "provider", description: "provider must be one of the known providers" }],
    };
  }
  const violations: FieldViolation<CredentialField>[] = validateCredentialFields(provider, input);
  const secret = validateSecret(provider, input);
  if (!secret.ok) violations.push(...secret.problems.map((description) => ({ field: "secret" as const, description })));
  if (violations.length > 0 || !secret.ok) return { ok: false, violations };
  return { ok: true, secret: secret.secret, summary: secret.summary };
}

function validateSecret(provider: Provider, { secret, allowInsecure }: SecretFields): SecretValidation {
  // Before any parsing, so an oversized upload never reaches a parser.
  const bytes = Buffer.byteLength(secret, "utf8");
  if (bytes > provider.maxSecretBytes) {
    const limit = provider.maxSecretBytes;
    return secretProblem(`secret is ${bytes} bytes; ${provider.displayName} secrets may be at most ${limit} bytes`);
  }
  if (secret.trim() === "") return secretProblem("secret is empty");
  switch (provider.secretFormat) {
    case SecretFormat.OPAQUE_TOKEN:
      return validateOpaqueToken(secret);
    case SecretFormat.SERVICE_ACCOUNT_JSON:
      return validateServiceAccountJson(secret);
    case SecretFormat.KUBECONFIG_YAML:
      return validateKubeconfigSecret(secret, { maxBytes: provider.maxSecretBytes, allowInsecure });
    default: {
      // A new SecretFormat needs a validator here; the registry cannot invent one.
      const unhandled: never = provider.secretFormat;
      throw new Error(`no validator for SecretFormat ${String(unhandled)}`);
    }
  }
}
