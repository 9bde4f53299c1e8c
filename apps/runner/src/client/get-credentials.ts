import { GrpcCallError } from "@acp/grpc-client";
import { SessionState } from "@acp/proto";
import { createBackoff, pause } from "./backoff.js";
import { finalCallError, isTransient, runnerCallError } from "./runner-call-error.js";
import type { SessionApiContext } from "./session-api-context.js";
import { type SessionSnapshot, snapshotOf } from "./session-snapshot.js";

/**
 * One GetSessionCredentials, each attempt with its own deadline, retried
 * while the API is unavailable or slow until `deadline`. Rejects with a
 * RunnerCallError, or with `signal.reason` when aborted.
 */
export async function getCredentials(
  context: SessionApiContext,
  deadline: number,
  signal?: AbortSignal,
): Promise<SessionSnapshot> {
  const backoff = createBackoff(context.retry);
  let attempts = 0;
  let last: GrpcCallError | undefined;
  for (;;) {
    signal?.throwIfAborted();
    const now = Date.now();
    if (now >= deadline) {
      const cause = last ?? new GrpcCallError("GetSessionCredentials", 4, "the deadline passed before the first call");
      throw runnerCallError("unreachable", cause, { ...context, attempts });
    }
    attempts += 1;
    try {
      const answer = await context.calls.getSessionCredentials(
        {},
        { metadata: context.metadata, deadline: Math.min(deadline, now + context.callTimeoutMs), signal },
      );
      return snapshotOf(answer.session, answer.session?.state ?? SessionState.UNSPECIFIED, answer.credentials);
    } catch (error) {
      signal?.throwIfAborted();
      if (!(error instanceof GrpcCallError && isTransient(error)))
        throw finalCallError(error, { ...context, attempts });
      last = error;
    }
    await pause(Math.min(backoff.next(), deadline - Date.now()), signal);
  }
}
