import type { RunnerCallError, SessionApi, SessionSnapshot, WatchEnd, WatchHandlers } from "../client/index.js";

export interface FakeSessionApi extends SessionApi {
  /** getCredentials calls, with the deadline each was given. */
  readonly deadlines: number[];
  readonly closed: () => boolean;
}

/**
 * A SessionApi that answers getCredentials with `answer` (or throws it) and
 * whose watch sends nothing until aborted: for driving commands in-process
 * without a server.
 */
export function fakeSessionApi(answer: SessionSnapshot | RunnerCallError): FakeSessionApi {
  const deadlines: number[] = [];
  let closed = false;
  return {
    deadlines,
    closed: () => closed,
    async getCredentials(deadline: number) {
      deadlines.push(deadline);
      if (answer instanceof Error) throw answer;
      return answer;
    },
    watch(_handlers: WatchHandlers, signal: AbortSignal): Promise<WatchEnd> {
      return new Promise((resolve) => signal.addEventListener("abort", () => resolve({ kind: "aborted" })));
    },
    close() {
      closed = true;
    },
  };
}
