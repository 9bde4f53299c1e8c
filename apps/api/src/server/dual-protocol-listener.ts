import * as net from "node:net";
import type { Logger } from "../logging/logger.js";
import { type ConnectionLimits, defaultConnectionLimits } from "./connection-limits.js";
import { busy, connectionToEvict, type TrackedConnection, unused } from "./connection-use.js";
import { createHttp1Server } from "./http1-server.js";
import { createHttp2Server } from "./http2-server.js";
import type { NodeHandler as Handler } from "./node-handler.js";
import { createEventLog } from "./throttled-event-log.js";

/** The client connection preface every h2c connection opens with (RFC 9113 §3.4). */
const h2Preface = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

export interface DualProtocolListener {
  readonly address: net.AddressInfo;
  /** Stops accepting, lets in-flight requests finish, then resolves. */
  close(): Promise<void>;
}

export interface ListenOptions {
  readonly limits?: ConnectionLimits;
  /** Where refused and timed-out connections are reported; silent when absent. */
  readonly logger?: Logger;
}

const silent: Logger = { info() {}, warn() {}, error() {} };

/**
 * Serves HTTP/1.1 and h2c on one plaintext port. Node 20 cannot do this with
 * allowHTTP1 (that only works with TLS/ALPN), so we peek at the first bytes:
 * gRPC clients send the HTTP/2 preface, curl and browsers send HTTP/1.1.
 */
export async function listenDualProtocol(
  host: string,
  port: number,
  handler: Handler,
  { limits = defaultConnectionLimits, logger = silent }: ListenOptions = {},
): Promise<DualProtocolListener> {
  const events = createEventLog(logger);
  // When each HTTP/1.1 connection last had a request reach the handler or end.
  const h1Served = new WeakMap<net.Socket, number>();
  const h1 = createHttp1Server(
    (req, res) => {
      const socket = req.socket as net.Socket;
      h1Served.set(socket, performance.now());
      res.once("close", () => h1Served.set(socket, performance.now()));
      handler(req, res);
    },
    limits,
    events,
  );
  const h2 = createHttp2Server(handler, limits, events);
  const acceptH1 = (socket: net.Socket): TrackedConnection => {
    const idle = h1.accept(socket);
    return {
      use() {
        if (!idle()) return busy;
        const since = h1Served.get(socket);
        return since === undefined ? unused : { kind: "idle", since };
      },
      evict: () => socket.destroy(),
    };
  };
  // Connections that have not yet sent a byte; nothing is in flight on them.
  const undecided = new Set<net.Socket>();
  // Every open connection, oldest first, with how it is used.
  const connections = new Map<net.Socket, TrackedConnection>();
  const server = net.createServer((socket) => {
    if (connections.size >= limits.maxConnections && !makeRoom()) {
      events.note("connection refused", { reason: "max connections", limit: limits.maxConnections });
      socket.destroy();
      return;
    }
    connections.set(socket, { use: () => unused, evict: () => socket.destroy() });
    socket.once("close", () => connections.delete(socket));
    socket.once("error", () => socket.destroy());
    undecided.add(socket);
    socket.once("close", () => undecided.delete(socket));
    // A client that connects and says nothing would otherwise hold a socket forever.
    socket.setTimeout(limits.headersTimeoutMs, () => {
      events.note("connection closed", { reason: "silent", timeout_ms: limits.headersTimeoutMs });
      socket.destroy();
    });
    sniff(socket, (isH2) => {
      socket.setTimeout(0);
      undecided.delete(socket);
      if (!connections.has(socket)) return;
      connections.set(socket, isH2 ? h2.accept(socket) : acceptH1(socket));
    });
  });

  /**
   * At the cap, a connection with nothing in flight makes room, one that has
   * never been served first (connection-use.ts has the order): one that
   * holds a slot without using it must not keep a working client out, nor
   * cost a served client its session. Refused only when every connection is
   * busy. An evicted session may take a moment to say GOAWAY; it no longer
   * counts.
   */
  const makeRoom = (): boolean => {
    const socket = connectionToEvict(connections);
    const connection = socket && connections.get(socket);
    if (socket === undefined || connection === undefined) return false;
    events.note("connection closed", { reason: "evicted at max connections", limit: limits.maxConnections });
    connections.delete(socket);
    connection.evict();
    return true;
  };

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });

  return {
    address: server.address() as net.AddressInfo,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      h2.drain();
      h1.drain();
      for (const socket of undecided) socket.destroy();
      const cut = setTimeout(() => {
        if (connections.size > 0) events.note("connections cut at shutdown", { open: connections.size });
        for (const socket of connections.keys()) socket.destroy();
      }, limits.drainTimeoutMs);
      await closed;
      clearTimeout(cut);
      h1.close();
      events.flush();
    },
  };
}

/**
 * Reads just enough bytes to decide, then puts them back. The socket is left
 * paused for HTTP/2, whose session reads it itself; resuming it here would
 * race the session and drop the preface.
 */
function sniff(socket: net.Socket, decide: (isH2: boolean) => void): void {
  let seen = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    seen = Buffer.concat([seen, chunk]);
    const n = Math.min(seen.length, h2Preface.length);
    const matches = seen.subarray(0, n).equals(h2Preface.subarray(0, n));
    if (matches && seen.length < h2Preface.length) return;
    socket.off("data", onData);
    socket.pause();
    socket.unshift(seen);
    decide(matches);
    if (!matches) socket.resume();
  };
  socket.on("data", onData);
}
