import { getCredentials } from "./get-credentials.js";
import { openSessionApiContext, type SessionApiOptions } from "./session-api-context.js";
import type { SessionSnapshot } from "./session-snapshot.js";
import { type WatchEnd, type WatchHandlers, watchCredentials } from "./watch-credentials.js";

/** The runner's side of SessionService, over gRPC, for one session token. */
export interface SessionApi {
  /** One call; UNAVAILABLE/DEADLINE_EXCEEDED retried with jittered, capped backoff until `deadline` (epoch ms). */
  getCredentials(deadline: number, signal?: AbortSignal): Promise<SessionSnapshot>;
  /**
   * Follows the change stream until it ends for good. Reconnects a broken stream with backoff, forever,
   * unless refused (UNAUTHENTICATED / PERMISSION_DENIED / NOT_FOUND), or the session ENDED, or `signal` aborts.
   */
  watch(handlers: WatchHandlers, signal: AbortSignal): Promise<WatchEnd>;
  /** Closes the channels; calls still open fail with CANCELLED. */
  close(): void;
}

/** Opens the channels lazily: nothing connects before the first call. Throws ServerUrlError for a bad URL. */
export function openSessionApi(options: SessionApiOptions): SessionApi {
  const context = openSessionApiContext(options);
  return {
    getCredentials: (deadline, signal) => getCredentials(context, deadline, signal),
    watch: (handlers, signal) => watchCredentials(context, handlers, signal),
    close: () => context.close(),
  };
}
