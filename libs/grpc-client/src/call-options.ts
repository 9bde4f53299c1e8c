import { Metadata } from "@grpc/grpc-js";
import { GrpcCallError } from "./grpc-call-error.js";

export interface GrpcCallOptions {
  /** Request headers, e.g. `{ authorization: "Bearer ..." }`. Keys are lower-cased. */
  readonly metadata?: Readonly<Record<string, string>>;
  /** When the call fails with DEADLINE_EXCEEDED: a Date or epoch milliseconds. */
  readonly deadline?: Date | number;
  /** Aborting cancels the call; it then fails with CANCELLED. */
  readonly signal?: AbortSignal;
}

export function callMetadata(headers: Readonly<Record<string, string>> = {}): Metadata {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(headers)) metadata.set(key.toLowerCase(), value);
  return metadata;
}

export function callOptionsOf(options: GrpcCallOptions): { deadline?: Date | number } {
  return options.deadline === undefined ? {} : { deadline: options.deadline };
}

export function cancelledBeforeStart(path: string): GrpcCallError {
  // grpc-js's own status for a call the caller cancelled.
  return new GrpcCallError(path, 1, "cancelled before it started");
}
