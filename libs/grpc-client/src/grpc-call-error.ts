import { type ServiceError, status } from "@grpc/grpc-js";

/** A canonical gRPC status code name, e.g. "UNAVAILABLE" or "DEADLINE_EXCEEDED". */
export type GrpcCodeName = keyof typeof status;

/** The canonical name of a gRPC status code; "UNKNOWN" for a number outside the spec. */
export function grpcCodeName(code: number): GrpcCodeName {
  const name = (status as unknown as Record<number, string | undefined>)[code];
  return name === undefined ? "UNKNOWN" : (name as GrpcCodeName);
}

/**
 * A call that ended with a non-OK status. The message is the server's
 * status message only; metadata is kept off it, so whatever the caller sent
 * (a bearer token) cannot come back in an error text.
 */
export class GrpcCallError extends Error {
  override readonly name = "GrpcCallError";
  readonly code: number;
  readonly codeName: GrpcCodeName;
  /** The server's (or grpc-js's) status message. */
  readonly details: string;

  constructor(method: string, code: number, details: string) {
    super(`${method}: ${grpcCodeName(code)}${details === "" ? "" : `: ${details}`}`);
    this.code = code;
    this.codeName = grpcCodeName(code);
    this.details = details;
  }
}

export function isServiceError(error: unknown): error is ServiceError {
  return error instanceof Error && typeof (error as Partial<ServiceError>).code === "number" && "details" in error;
}

/** Wraps a grpc-js error; anything else (a serializer bug, say) stays as it is. */
export function toCallError(method: string, error: unknown): unknown {
  return isServiceError(error) ? new GrpcCallError(method, error.code, error.details) : error;
}
