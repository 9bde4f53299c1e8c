/** Request field names, so the API can report them as field violations as-is. */
export type CredentialField = "provider" | "secret" | "url" | "email";

export interface Violation {
  readonly field: CredentialField;
  /** Never contains the secret or any part of it. */
  readonly description: string;
}
