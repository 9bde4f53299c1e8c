import { GrpcCallError } from "@acp/grpc-client";
import { SessionState } from "@acp/proto";
import { createBackoff, pause } from "./backoff.js";
import { isRefusal, type RunnerCallError, runnerCallError } from "./runner-call-error.js";
import type { SessionApiContext } from "./session-api-context.js";
import { type SessionSnapshot, snapshotOf } from "./session-snapshot.js";

export interface WatchHandlers {
  /** Each complete bound set: the first after every (re)connect, then one per change. Awaited before the next. */
  onSnapshot(snapshot: SessionSnapshot): void | Promise<void>;
  /**
   * The stream broke and is reopened after `delayMs`. `code` is the gRPC status that broke it; "OK" when
   * the server closed it without saying ENDED; "UNAVAILABLE" too when the server began draining (GOAWAY).
   */
  onReconnecting?(info: { attempt: number; code: string; delayMs: number }): void;
  /** A reopened stream delivered its first set (called just before that set's onSnapshot). */
  onReconnected?(): void;
}

export type WatchEnd = { kind: "ended" } | { kind: "refused"; error: RunnerCallError } | { kind: "aborted" };

type StreamOutcome = WatchEnd | { kind: "broken"; code: string };

/**
 * Follows WatchSessionCredentials until the session ENDED, the API refuses
 * the token, or `signal` aborts. A broken stream is reopened with backoff,
 * forever; nothing is delivered meanwhile, so the caller keeps its last good
 * files. Rejects only when a handler throws or the API sends an answer the
 * runner cannot read.
 */
export async function watchCredentials(
  context: SessionApiContext,
  handlers: WatchHandlers,
  signal: AbortSignal,
): Promise<WatchEnd> {
  const backoff = createBackoff(context.reconnect);
  let broken = false;
  while (!signal.aborted) {
    const outcome = await followStream(context, signal, async (snapshot) => {
      backoff.reset();
      if (broken) {
        broken = false;
        handlers.onReconnected?.();
      }
      await handlers.onSnapshot(snapshot);
    });
    if (outcome.kind !== "broken") return outcome;
    if (signal.aborted) break;
    broken = true;
    const delayMs = backoff.next();
    handlers.onReconnecting?.({ attempt: backoff.attempts, code: outcome.code, delayMs });
    await pause(delayMs, signal);
  }
  return { kind: "aborted" };
}

/** One stream, from opening it to its end, however it ends. */
async function followStream(
  context: SessionApiContext,
  signal: AbortSignal,
  deliver: (snapshot: SessionSnapshot) => Promise<void>,
): Promise<StreamOutcome> {
  const call = new AbortController();
  const abortCall = () => call.abort();
  signal.addEventListener("abort", abortCall, { once: true });
  let drained = false;
  let stopWatchingConnection: (() => void) | undefined;
  try {
    const messages = context.stream.watchSessionCredentials({}, { metadata: context.metadata, signal: call.signal });
    for await (const message of messages) {
      if (message.state === SessionState.ENDED) return { kind: "ended" };
      const snapshot = snapshotOf(message.session, message.state, message.credentials);
      // A draining server (GOAWAY) keeps an open stream and waits for it to
      // end; leaving at once lets it stop, and takes us to a live replica.
      stopWatchingConnection ??= context.streamChannel.onceStateLeaves("READY", () => {
        drained = true;
        call.abort();
      });
      await deliver(snapshot);
    }
    return { kind: "broken", code: "OK" };
  } catch (error) {
    if (signal.aborted) return { kind: "aborted" };
    if (!(error instanceof GrpcCallError)) throw error;
    if (drained) return { kind: "broken", code: "UNAVAILABLE" };
    if (isRefusal(error)) return { kind: "refused", error: runnerCallError("refused", error, context) };
    return { kind: "broken", code: error.codeName };
  } finally {
    stopWatchingConnection?.();
    signal.removeEventListener("abort", abortCall);
  }
}
