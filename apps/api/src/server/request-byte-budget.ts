import { Code, ConnectError } from "@connectrpc/connect";

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
 * A request's first bytes are not counted: a small call must be served even
 * while large ones have used up the budget, and that much per stream is what
 * HTTP/2 flow control lets a peer send unasked anyway.
 */
const uncounted = 64 * 1024;

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
        body: (async function* () {
          for await (const chunk of body) {
            if (released) return;
            const counted = Math.min(chunk.byteLength, seen + chunk.byteLength - uncounted);
            seen += chunk.byteLength;
            if (counted > 0) {
              if (held + counted > limit)
                throw new ConnectError(
                  "server busy: too many request bytes in flight; retry later",
                  Code.ResourceExhausted,
                );
              held += counted;
              mine += counted;
            }
            yield chunk;
          }
        })(),
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
