import * as http from "node:http";
import * as http2 from "node:http2";
import * as net from "node:net";
import type { NodeHandler as Handler } from "./node-handler.js";

/** The client connection preface every h2c connection opens with (RFC 9113 §3.4). */
const h2Preface = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

export interface DualProtocolListener {
  readonly address: net.AddressInfo;
  /** Stops accepting, lets in-flight requests finish, then resolves. */
  close(): Promise<void>;
}

/**
 * Serves HTTP/1.1 and h2c on one plaintext port. Node 20 cannot do this with
 * allowHTTP1 (that only works with TLS/ALPN), so we peek at the first bytes:
 * gRPC clients send the HTTP/2 preface, curl and browsers send HTTP/1.1.
 */
export interface ListenOptions {
  /** How long a new connection may stay silent before it is dropped. */
  readonly firstByteTimeoutMs?: number;
}

export async function listenDualProtocol(
  host: string,
  port: number,
  handler: Handler,
  { firstByteTimeoutMs = 10_000 }: ListenOptions = {},
): Promise<DualProtocolListener> {
  let closing = false;
  // Node tracks idle HTTP/1.1 connections only for servers that listen
  // themselves; ours are handed sockets, so we count in-flight requests here.
  const h1Inflight = new Map<net.Socket, number>();
  const h1 = http.createServer((req, res) => {
    const socket = req.socket;
    h1Inflight.set(socket, (h1Inflight.get(socket) ?? 0) + 1);
    if (closing) res.shouldKeepAlive = false;
    res.once("close", () => {
      const left = (h1Inflight.get(socket) ?? 1) - 1;
      h1Inflight.set(socket, left);
      if (closing && left === 0) socket.end();
    });
    (handler as http.RequestListener)(req, res);
  });
  const h2 = http2.createServer({}, handler as (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => void);
  const sessions = new Set<http2.Http2Session>();
  h2.on("session", (session) => {
    sessions.add(session);
    session.once("close", () => sessions.delete(session));
  });

  // Connections that have not yet sent a byte; nothing is in flight on them.
  const undecided = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    socket.once("error", () => socket.destroy());
    undecided.add(socket);
    socket.once("close", () => undecided.delete(socket));
    // A client that connects and says nothing would otherwise hold a socket forever.
    socket.setTimeout(firstByteTimeoutMs, () => socket.destroy());
    sniff(socket, (isH2) => {
      socket.setTimeout(0);
      undecided.delete(socket);
      if (isH2) return h2.emit("connection", socket);
      h1Inflight.set(socket, 0);
      socket.once("close", () => h1Inflight.delete(socket));
      h1.emit("connection", socket);
    });
  });

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
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // GOAWAY lets streams already started run to completion.
      for (const session of sessions) session.close();
      for (const [socket, inflight] of h1Inflight) if (inflight === 0) socket.end();
      for (const socket of undecided) socket.destroy();
      await closed;
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
