import { providers, validateCredentialInput } from "@acp/providers";
import type { CredentialSummary } from "./credential-to-proto.js";
import type { FieldViolation } from "../request-errors.js";

export interface CredentialInput {
  readonly provider: number;
  readonly secret: string;
  readonly url: string;
  readonly email: string;
  readonly allowInsecure: boolean;
}

export type CheckedInput =
  | { readonly ok: true; readonly secret: string; readonly summary: CredentialSummary }
  | { readonly ok: false; readonly violations: FieldViolation[] };

/** All provider knowledge comes from the registry; this only adapts its answer. */
export function checkCredentialInput(input: CredentialInput): CheckedInput {
  const provider = providers.get(input.provider);
  if (!provider) {
    const choices = providers.all().map((p) => p.shortName).join(", ");
    const description = input.provider === 0
      ? `must be set; one of ${choices}`
      : `unknown provider ${input.provider}; expected one of ${choices}`;
    return { ok: false, violations: [{ field: "provider", description }] };
  }
  const result = validateCredentialInput(provider, input);
  return result.ok
    ? { ok: true, secret: result.secret, summary: result.summary }
    : { ok: false, violations: [...result.violations] };
}
