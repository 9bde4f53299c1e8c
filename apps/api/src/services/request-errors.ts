import { BadRequestSchema } from "@acp/proto";
import type { FieldViolation } from "@acp/providers";
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";

export type { FieldViolation };

/**
 * InvalidArgument that names every bad field at once, so a client fixes its
 * request in one round trip. The message is for people reading a log or a
 * terminal; the google.rpc.BadRequest detail gives each problem on its own, so
 * a client can show one line per field without parsing the message.
 */
export function invalidArgument(violations: readonly FieldViolation[]): ConnectError {
  const text = violations.map((v) => `${v.field}: ${v.description}`).join("; ");
  const detail = create(BadRequestSchema, {
    fieldViolations: violations.map(({ field, description }) => ({ field, description })),
  });
  return new ConnectError(`invalid request: ${text}`, Code.InvalidArgument, undefined, [
    { desc: BadRequestSchema, value: detail },
  ]);
}

export function throwIfViolations(violations: readonly FieldViolation[]): void {
  if (violations.length > 0) throw invalidArgument(violations);
}

const maxEchoed = 64;

/**
 * Request text to quote in an error message: at most 64 characters, then an
 * ellipsis, so a huge value can never make a huge message (or log line).
 */
export function excerpt(text: string): string {
  return text.length <= maxEchoed ? text : `${text.slice(0, maxEchoed)}…`;
}

export function notFound(what: string, key: string): ConnectError {
  return new ConnectError(`${what} ${JSON.stringify(excerpt(key))} not found`, Code.NotFound);
}

export function alreadyExists(message: string): ConnectError {
  return new ConnectError(message, Code.AlreadyExists);
}
