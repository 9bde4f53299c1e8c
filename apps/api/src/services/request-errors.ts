import { Code, ConnectError } from "@connectrpc/connect";

/** One problem with one request field, named as the client sent it. */
export interface FieldViolation {
  readonly field: string;
  readonly description: string;
}

/**
 * InvalidArgument that names every bad field at once, so a client fixes its
 * request in one round trip rather than one error at a time.
 */
export function invalidArgument(violations: readonly FieldViolation[]): ConnectError {
  const text = violations.map((v) => `${v.field}: ${v.description}`).join("; ");
  return new ConnectError(`invalid request: ${text}`, Code.InvalidArgument);
}

export function throwIfViolations(violations: readonly FieldViolation[]): void {
  if (violations.length > 0) throw invalidArgument(violations);
}

export function notFound(what: string, key: string): ConnectError {
  return new ConnectError(`${what} ${JSON.stringify(key)} not found`, Code.NotFound);
}
