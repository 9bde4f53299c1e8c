/**
 * What a connection is doing, as the connection cap sees it when it must
 * close one to make room.
 */
export type ConnectionUse =
  /** A request in flight: never closed to make room. */
  | { readonly kind: "busy" }
  /** Has not completed a request: silent, still sending headers, or a session that never asked. */
  | { readonly kind: "unused" }
  /** Has completed requests and has none in flight, since `since` (ms, monotonic). */
  | { readonly kind: "idle"; readonly since: number };

export const busy: ConnectionUse = { kind: "busy" };
export const unused: ConnectionUse = { kind: "unused" };

export interface TrackedConnection {
  use(): ConnectionUse;
  /** Closes it to make room: gracefully where the protocol can say so (GOAWAY), at once otherwise. */
  evict(): void;
}

/**
 * The connection to close at the cap, or none when every one is busy. An
 * unused one first, the oldest: a flood's sockets are what hold the cap
 * unused, and the newest unused one is most likely a client that has just
 * connected and is about to speak. Only when none is unused, the one idle
 * longest: a client that has been served holds a session it means to reuse,
 * and its next call may already be on the wire.
 */
export function connectionToEvict<K>(connections: Iterable<readonly [K, TrackedConnection]>): K | undefined {
  let idlest: K | undefined;
  let idleSince = Number.POSITIVE_INFINITY;
  for (const [key, connection] of connections) {
    const use = connection.use();
    if (use.kind === "unused") return key;
    if (use.kind === "idle" && use.since < idleSince) {
      idlest = key;
      idleSince = use.since;
    }
  }
  return idlest;
}
