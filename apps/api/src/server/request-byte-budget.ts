import { Code, ConnectError } from "@connectrpc/connect";
import { tapChunks } from "./chunk-tap.js";

/**
 * Request bytes every call in flight holds, counted against one budget:
 * maxRequestBytes bounds a single body, but a hundred streams on each of many
 * connections, each sending almost that much, would not be bounded at all.
 */
export interface ByteBudget {
  /** Passes the body through, counting its bytes; past the budget the read fails with ResourceExhausted. */
  meter(body: AsyncIterable<Uint8Array>): { body: AsyncIterable<Uint8Array>; release(): void };
  /** Bytes held now, for tests and logs. */
  readonly held: number;
}

/**
 * A request's first 16 KiB are not counted: a small call must be served even
 * while large ones have used up the budget. Streams whose requests are
 * still arriving are capped in number (maxIncompleteRequests), which bounds
 * what these uncounted bytes can add up to.
 */
const uncounted = 16 * 1024;

export function createByteBudget(limit: number): ByteBudget {
  let held = 0;
  return {
    get held() {
      return held;
    },
    meter(body) {
      let mine = 0;
      let seen = 0;
      let released = false;
      return {
        body: tapChunks(body, {
          chunk(chunk) {
            if (released) return undefined;
            const counted = Math.min(chunk.byteLength, seen + chunk.byteLength - uncounted);
            seen += chunk.byteLength;
            if (counted <= 0) return chunk;
            if (held + counted > limit)
              throw new ConnectError(
                "server busy: too many request bytes in flight; retry later",
                Code.ResourceExhausted,
              );
            held += counted;
            mine += counted;
            // HTTP/2 hands out 16 KB views of 64 KB reads shared among streams:
            // a copy holds what was counted and lets the shared read go.
            return chunk.slice();
          },
        }),
        release() {
          if (released) return;
          released = true;
          held -= mine;
          mine = 0;
        },
      };
    },
  };
}
