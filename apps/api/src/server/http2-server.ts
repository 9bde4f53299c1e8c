import * as http2 from "node:http2";
import type * as net from "node:net";
import type { ConnectionLimits } from "./connection-limits.js";
import { busy, type TrackedConnection, unused } from "./connection-use.js";
import type { NodeHandler } from "./node-handler.js";
import type { EventLog } from "./throttled-event-log.js";

export interface Http2Server {
  /** Serves h2c on a socket whose preface the listener has seen; returns how its session is used. */
  accept(socket: net.Socket): TrackedConnection;
  /** GOAWAY to every session: streams already started run to completion. */
  drain(): void;
}

export function createHttp2Server(handler: NodeHandler, limits: ConnectionLimits, events: EventLog): Http2Server {
  const refused = new WeakSet<http2.ServerHttp2Stream>();
  const server = http2.createServer(
    {
      settings: { maxConcurrentStreams: limits.maxConcurrentStreams },
      maxSessionMemory: limits.maxSessionMemoryMb,
    },
    (req, res) => {
      if (!refused.has(req.stream)) handler(req, res);
    },
  );
  // Streams whose request is still arriving, by session, oldest first, each
  // with what releases its place.
  const pending = new Map<http2.Http2Session, Map<http2.ServerHttp2Stream, () => void>>();
  let incomplete = 0;
  const sessions = new Set<http2.ServerHttp2Session>();
  // Node creates the session and emits "session" synchronously inside "connection".
  let lastSession: TrackedConnection | undefined;
  server.on("session", (session) => {
    sessions.add(session);
    session.once("close", () => sessions.delete(session));
    lastSession = watchSession(session, limits.idleTimeoutMs, events);
  });

  /**
   * At the cap, the session holding the most incomplete requests gives up
   * its newest one to a session holding none, or at least two fewer:
   * refusing newcomers instead would let one client that fills the cap (any
   * user can) keep every other client out until the request timeout. A
   * client whose calls finish at once holds none when it asks, so it always
   * gets in. The margin of two keeps a flood's own sessions, once within one
   * of each other, from resetting each other's streams in turn.
   */
  const makeRoomFor = (session: http2.Http2Session): boolean => {
    const mine = pending.get(session)?.size ?? 0;
    let most = mine === 0 ? 0 : mine + 1;
    let hog: Map<http2.ServerHttp2Stream, () => void> | undefined;
    for (const streams of pending.values()) {
      if (streams.size > most) {
        most = streams.size;
        hog = streams;
      }
    }
    const newest = hog === undefined ? undefined : [...hog].at(-1);
    if (newest === undefined) return false;
    const [stream, release] = newest;
    release();
    events.note("request rejected", {
      protocol: "h2",
      reason: "incomplete request evicted",
      limit: limits.maxIncompleteRequests,
    });
    stream.close(http2.constants.NGHTTP2_ENHANCE_YOUR_CALM);
    return true;
  };

  const admit = (stream: http2.ServerHttp2Stream, session: http2.Http2Session) => {
    let mine = pending.get(session);
    if (mine === undefined) {
      mine = new Map();
      pending.set(session, mine);
    }
    const streams = mine;
    incomplete++;
    // A request (not its answer) must arrive within requestTimeout; a change
    // stream sent its request long ago and is left alone.
    const timer = setTimeout(() => {
      events.note("request rejected", { protocol: "h2", reason: "request timeout", http_status: 408 });
      stream.close(http2.constants.NGHTTP2_CANCEL);
    }, limits.requestTimeoutMs);
    timer.unref();
    const release = () => {
      if (!streams.delete(stream)) return;
      incomplete--;
      clearTimeout(timer);
      if (streams.size === 0 && pending.get(session) === streams) pending.delete(session);
    };
    streams.set(stream, release);
    if (stream.readableEnded) release();
    stream.once("end", release);
    stream.once("close", release);
  };

  // Before the request handler, so a refused stream never reaches it.
  server.prependListener("stream", (stream) => {
    const session = stream.session;
    if (session === undefined) return;
    if (incomplete >= limits.maxIncompleteRequests && !makeRoomFor(session)) {
      refused.add(stream);
      events.note("request rejected", {
        protocol: "h2",
        reason: "too many incomplete requests",
        limit: limits.maxIncompleteRequests,
      });
      stream.close(http2.constants.NGHTTP2_REFUSED_STREAM);
      return;
    }
    admit(stream, session);
  });
  server.on("sessionError", (error: NodeJS.ErrnoException) => {
    events.note("connection closed", { protocol: "h2", reason: error.code ?? "session error" });
  });
  return {
    accept(socket) {
      lastSession = undefined;
      server.emit("connection", socket);
      return lastSession ?? { use: () => unused, evict: () => socket.destroy() };
    },
    drain() {
      for (const session of sessions) session.close();
    },
  };
}

/**
 * A session with no open stream for idleTimeoutMs gets GOAWAY. Pings do not
 * count: a client with nothing to ask reconnects when it has, and an
 * attacker's silent sessions do not pile up. Also tells the connection cap
 * whether the session has been served, so a client's reused session is not
 * taken for a silent one.
 */
function watchSession(session: http2.ServerHttp2Session, idleTimeoutMs: number, events: EventLog): TrackedConnection {
  let open = 0;
  let served = 0;
  let since = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const goAway = () => {
    session.close();
    // A peer that never reads the GOAWAY must not hold the socket either.
    setTimeout(() => session.destroy(), 1_000).unref();
  };
  const arm = () => {
    timer = setTimeout(() => {
      events.note("connection closed", { protocol: "h2", reason: "idle", idle_ms: idleTimeoutMs });
      goAway();
    }, idleTimeoutMs);
    timer.unref();
  };
  arm();
  session.on("stream", (stream) => {
    open++;
    clearTimeout(timer);
    stream.once("close", () => {
      open--;
      // Refused, evicted and timed-out streams do not make a session a served one.
      if (stream.rstCode === http2.constants.NGHTTP2_NO_ERROR) served++;
      since = performance.now();
      if (open === 0 && !session.closed) arm();
    });
  });
  session.once("close", () => clearTimeout(timer));
  return {
    use: () => (open > 0 ? busy : served === 0 ? unused : { kind: "idle", since }),
    evict: () => (served === 0 ? session.destroy() : goAway()),
  };
}
