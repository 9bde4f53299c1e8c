/** Request field names, so the API can report them as field violations as-is. */
export type CredentialField = "provider" | "secret" | "url" | "email";

/**
 * One problem with one request field: the one shape a problem has from the
 * validator to the client (a google.rpc.BadRequest field violation on the wire).
 */
export interface FieldViolation<Field extends string = string> {
  readonly field: Field;
  /** Never contains the secret or any part of it. */
  readonly description: string;
}
