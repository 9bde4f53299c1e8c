import * as http from "node:http";
import type * as net from "node:net";
import type { ConnectionLimits } from "./connection-limits.js";
import type { NodeHandler } from "./node-handler.js";
import type { EventLog } from "./throttled-event-log.js";

export interface Http1Server {
  /** Serves HTTP/1.1 on a socket the listener has already accepted; returns whether it has nothing in flight. */
  accept(socket: net.Socket): () => boolean;
  /** Stops keep-alive: idle connections end now, busy ones after their last response. */
  drain(): void;
  close(): void;
}

type Exchange = readonly [http.IncomingMessage, http.ServerResponse];

/** What Node answers itself on a bad request, so clients see the same as from a plain http.Server. */
const clientErrorResponses: Readonly<Record<string, string>> = {
  ERR_HTTP_REQUEST_TIMEOUT: "408 Request Timeout",
  HPE_HEADER_OVERFLOW: "431 Request Header Fields Too Large",
};

export function createHttp1Server(handler: NodeHandler, limits: ConnectionLimits, events: EventLog): Http1Server {
  let draining = false;
  // Requests per connection, the first one being served and the rest waiting:
  // one at a time, so a client that pipelines without reading the answers
  // gets no more work done than one that waits.
  const queues = new Map<net.Socket, Exchange[]>();
  const serveNext = (socket: net.Socket) => {
    const next = queues.get(socket)?.[0];
    if (next) return (handler as http.RequestListener)(...next);
    if (socket.isPaused()) socket.resume();
    if (draining) socket.end();
  };
  const server = http.createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // The timeouts above are enforced by this sweep; its period bounds how late.
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4))),
    },
    (req, res) => {
      const socket = req.socket;
      const queue = queues.get(socket);
      if (!queue) return res.destroy();
      if (draining) res.shouldKeepAlive = false;
      queue.push([req, res]);
      res.once("close", () => {
        queue.shift();
        serveNext(socket);
      });
      if (queue.length === 1) return (handler as http.RequestListener)(req, res);
      // Stop reading while an answer is unsent; what the parser already holds
      // still arrives, hence the hard cap.
      socket.pause();
      if (queue.length > limits.maxPipelinedRequests + 1) {
        events.note("connection closed", { reason: "too many pipelined requests", limit: limits.maxPipelinedRequests });
        socket.destroy();
      }
    },
  );
  server.on("clientError", (error: NodeJS.ErrnoException, socket: net.Socket) => {
    const code = error.code ?? "unknown";
    // A peer that resets or leaves mid-request is not a rejection.
    if (code === "ECONNRESET" || code === "EPIPE") return socket.destroy();
    const status = clientErrorResponses[code] ?? "400 Bad Request";
    events.note("request rejected", { protocol: "http/1.1", reason: code, http_status: Number(status.slice(0, 3)) });
    // Node's own handler checks the same: no answer may start inside one already begun.
    const res = Reflect.get(socket, "_httpMessage") as http.ServerResponse | undefined;
    if (socket.writable && !res?.headersSent) {
      socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
    }
    socket.destroy();
  });
  // Node enforces headersTimeout and requestTimeout only on connections it
  // tracks, and it starts tracking when the server emits "listening". This
  // server never listens (the dual-protocol listener hands it sockets), so
  // it is told, once, that it does.
  server.emit("listening");

  return {
    accept(socket) {
      const queue: Exchange[] = [];
      queues.set(socket, queue);
      socket.once("close", () => queues.delete(socket));
      server.emit("connection", socket);
      return () => queue.length === 0;
    },
    drain() {
      draining = true;
      for (const [socket, queue] of queues) if (queue.length === 0) socket.end();
    },
    close() {
      // Stops the timeout sweep; the server itself never listened.
      server.close(() => {});
    },
  };
}
