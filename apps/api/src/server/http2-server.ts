import * as http2 from "node:http2";
import type * as net from "node:net";
import type { ConnectionLimits } from "./connection-limits.js";
import type { NodeHandler } from "./node-handler.js";
import type { EventLog } from "./throttled-event-log.js";

export interface Http2Server {
  /** Serves h2c on a socket whose preface the listener has seen; returns whether it has no open stream. */
  accept(socket: net.Socket): () => boolean;
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
  let incomplete = 0;
  const sessions = new Set<http2.ServerHttp2Session>();
  // Node creates the session and emits "session" synchronously inside "connection".
  let idleOfLast: () => boolean = () => true;
  server.on("session", (session) => {
    sessions.add(session);
    session.once("close", () => sessions.delete(session));
    idleOfLast = closeWhenIdle(session, limits.idleTimeoutMs, events);
  });
  // Before the request handler, so a refused stream never reaches it.
  server.prependListener("stream", (stream) => {
    if (incomplete >= limits.maxIncompleteRequests) {
      refused.add(stream);
      events.note("request rejected", {
        protocol: "h2",
        reason: "too many incomplete requests",
        limit: limits.maxIncompleteRequests,
      });
      stream.close(http2.constants.NGHTTP2_REFUSED_STREAM);
      return;
    }
    incomplete++;
    // A request (not its answer) must arrive within requestTimeout; a change
    // stream sent its request long ago and is left alone.
    const timer = setTimeout(() => {
      events.note("request rejected", { protocol: "h2", reason: "request timeout", http_status: 408 });
      stream.close(http2.constants.NGHTTP2_CANCEL);
    }, limits.requestTimeoutMs);
    timer.unref();
    let done = false;
    const received = () => {
      if (done) return;
      done = true;
      incomplete--;
      clearTimeout(timer);
    };
    if (stream.readableEnded) received();
    stream.once("end", received);
    stream.once("close", received);
  });
  server.on("sessionError", (error: NodeJS.ErrnoException) => {
    events.note("connection closed", { protocol: "h2", reason: error.code ?? "session error" });
  });
  return {
    accept(socket) {
      idleOfLast = () => true;
      server.emit("connection", socket);
      return idleOfLast;
    },
    drain() {
      for (const session of sessions) session.close();
    },
  };
}

/**
 * A session with no open stream for idleTimeoutMs gets GOAWAY. Pings do not
 * count: a client with nothing to ask reconnects when it has, and an
 * attacker's silent sessions do not pile up.
 */
function closeWhenIdle(session: http2.ServerHttp2Session, idleTimeoutMs: number, events: EventLog): () => boolean {
  let open = 0;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    timer = setTimeout(() => {
      events.note("connection closed", { protocol: "h2", reason: "idle", idle_ms: idleTimeoutMs });
      session.close();
      // A peer that never reads the GOAWAY must not hold the socket either.
      setTimeout(() => session.destroy(), 1_000).unref();
    }, idleTimeoutMs);
    timer.unref();
  };
  arm();
  session.on("stream", (stream) => {
    open++;
    clearTimeout(timer);
    stream.once("close", () => {
      open--;
      if (open === 0 && !session.closed) arm();
    });
  });
  session.once("close", () => clearTimeout(timer));
  return () => open === 0;
}
