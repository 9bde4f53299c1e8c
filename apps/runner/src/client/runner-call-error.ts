import { GrpcCallError } from "@acp/grpc-client";

export type RunnerCallErrorKind = "refused" | "unreachable" | "failed";

/**
 * Why a call to the API did not give the runner what it needs:
 * - refused: the API will not serve this token (UNAUTHENTICATED, PERMISSION_DENIED, NOT_FOUND): the session
 *   ended, or its token was revoked or expired; retrying cannot help.
 * - unreachable: still UNAVAILABLE or DEADLINE_EXCEEDED when the deadline came.
 * - failed: any other status, or an answer the runner cannot use.
 * The message names the status and the server's reason, never the token or a secret.
 */
export class RunnerCallError extends Error {
  override readonly name = "RunnerCallError";
  readonly kind: RunnerCallErrorKind;
  /** The canonical gRPC status name, e.g. "UNAUTHENTICATED", "UNAVAILABLE". */
  readonly code: string;

  constructor(kind: RunnerCallErrorKind, code: string, message: string) {
    super(message);
    this.kind = kind;
    this.code = code;
  }
}

const refusedCodes: ReadonlySet<string> = new Set(["UNAUTHENTICATED", "PERMISSION_DENIED", "NOT_FOUND"]);
const transientCodes: ReadonlySet<string> = new Set(["UNAVAILABLE", "DEADLINE_EXCEEDED"]);

export function isRefusal(error: GrpcCallError): boolean {
  return refusedCodes.has(error.codeName);
}

export function isTransient(error: GrpcCallError): boolean {
  return transientCodes.has(error.codeName);
}

/** A grpc call's failure as the runner reports it; `scrub` lists strings that must not appear (the token). */
export function runnerCallError(
  kind: RunnerCallErrorKind,
  error: GrpcCallError,
  context: { server: string; scrub: readonly string[]; attempts?: number },
): RunnerCallError {
  const reason = error.details === "" ? "" : `: ${error.details}`;
  const text = {
    refused: `${context.server} refused the session token (${error.codeName})${reason}`,
    unreachable: `${context.server} was not reachable before the deadline (${error.codeName} after ${context.attempts ?? 1} attempt${context.attempts === 1 ? "" : "s"})${reason}`,
    failed: `the call to ${context.server} failed (${error.codeName})${reason}`,
  }[kind];
  return new RunnerCallError(kind, error.codeName, scrubbed(text, context.scrub));
}

/** Classifies a grpc failure that ends a call for good (no retry left). */
export function finalCallError(
  error: unknown,
  context: { server: string; scrub: readonly string[]; attempts?: number },
): unknown {
  if (!(error instanceof GrpcCallError)) return error;
  const kind = isRefusal(error) ? "refused" : isTransient(error) ? "unreachable" : "failed";
  return runnerCallError(kind, error, context);
}

function scrubbed(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret !== "") out = out.replaceAll(secret, "[redacted]");
  return out;
}
