import type { Credential } from "@acp/proto";

/** The `summary` oneof of the stored Credential. */
export type CredentialSummary = Credential["summary"];

/** What a secret-format validator returns; problems become `secret` violations. */
export type SecretValidation =
  | { readonly ok: true; readonly secret: string; readonly summary: CredentialSummary }
  | { readonly ok: false; readonly problems: readonly string[] };

export const noSummary: CredentialSummary = { case: undefined };

export function secretProblem(problem: string): SecretValidation {
  return { ok: false, problems: [problem] };
}
