import { FieldRequirement } from "@acp/proto";
import type { CredentialField, FieldViolation } from "./field-violation.js";
import type { KnownFieldRequirement, Provider } from "./provider.js";
import { validateEmailAddress } from "./validate-email-address.js";
import { validateHttpsUrl } from "./validate-https-url.js";

/** Applies the provider's url and email requirements, then their formats. */
export function validateCredentialFields(
  provider: Provider,
  input: { url: string; email: string },
): FieldViolation<CredentialField>[] {
  return [
    ...validateField(provider, "url", input.url, provider.url, validateHttpsUrl),
    ...validateField(provider, "email", input.email, provider.email, validateEmailAddress),
  ];
}

function validateField(
  provider: Provider,
  field: CredentialField,
  value: string,
  requirement: KnownFieldRequirement,
  validateFormat: (value: string) => string | undefined,
): FieldViolation<CredentialField>[] {
  if (value === "") {
    return requirement === FieldRequirement.REQUIRED
      ? [{ field, description: `${field} is required for ${provider.displayName} credentials` }]
      : [];
  }
  if (requirement === FieldRequirement.UNUSED) {
    return [{ field, description: `${field} must be empty: ${provider.displayName} credentials do not use it` }];
  }
  const problem = validateFormat(value);
  return problem === undefined ? [] : [{ field, description: problem }];
}
