import { isIP, connect as netConnect } from "node:net";
import type { Duplex } from "node:stream";
import { Code, ConnectError } from "@connectrpc/connect";
import {
  getAbortSignalReason,
  type UniversalClientFn,
  type UniversalClientResponse,
} from "@connectrpc/connect/protocol";
import { ResponseReader, ResponseSyntaxError } from "./http1-response.js";

/** A connection to `url`'s origin: TCP for http://, TLS for https://. */
export type Http1Connector = (url: URL) => Duplex;

/**
 * node:net, or node:tls for an https:// server (system roots and
 * NODE_EXTRA_CA_CERTS, as node:https), loaded only then.
 */
export const socketConnector: Http1Connector = (url) => {
  const secure = url.protocol === "https:";
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const port = Number(url.port || (secure ? 443 : 80));
  if (!secure) return netConnect({ host, port, noDelay: true });
  const tls = process.getBuiltinModule("node:tls");
  return tls.connect({ host, port, servername: isIP(host) === 0 ? host : undefined, ALPNProtocols: ["http/1.1"] });
};

/** One kept-alive connection per server, for the next call of the same command (a list's next page). */
export class Http1Connections {
  readonly #idle = new Map<string, Duplex>();
  #closed = false;

  constructor(private readonly connector: Http1Connector = socketConnector) {}

  take(url: URL): Duplex {
    const idle = this.#idle.get(url.origin);
    this.#idle.delete(url.origin);
    if (idle !== undefined && !idle.destroyed) {
      idle.removeAllListeners("close");
      return idle;
    }
    return this.connector(url);
  }

  give(url: URL, socket: Duplex): void {
    if (this.#closed || socket.destroyed) {
      socket.destroy();
      return;
    }
    this.#idle.get(url.origin)?.destroy();
    this.#idle.set(url.origin, socket);
    // A server that closes it meanwhile: the next call connects afresh.
    socket.once("close", () => {
      if (this.#idle.get(url.origin) === socket) this.#idle.delete(url.origin);
    });
    (socket as { unref?: () => void }).unref?.();
  }

  close(): void {
    this.#closed = true;
    for (const socket of this.#idle.values()) socket.destroy();
    this.#idle.clear();
  }
}

/**
 * connect's HTTP client for HTTP/1.1, on plain sockets: it writes the
 * request itself and reads the answer with http1-response.ts. node:http's
 * client cannot be in acpctl's startup snapshot (its parser is a native
 * handle), so it loaded and compiled on every command, ~7 ms of one; this
 * is warmed in the snapshot with the rest (snapshot-warmup.ts). HTTP/2 still
 * goes through connect-node (api-clients.ts).
 */
export function createHttp1Client(connections: Http1Connections): UniversalClientFn {
  return async (req) => {
    const url = new URL(req.url);
    const body = await collect(req.body);
    const head = requestHead(req.method, url, req.header, body.byteLength);
    req.signal?.throwIfAborted();
    return exchange(connections, url, req.method, Buffer.concat([head, body]), req.signal);
  };
}

async function collect(body: AsyncIterable<Uint8Array> | undefined): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  if (body !== undefined) for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks);
}

// Framing is ours to write; a caller's field must not override it.
const framingFields = new Set(["host", "content-length", "transfer-encoding", "connection"]);

function requestHead(method: string, url: URL, header: Headers, length: number): Buffer {
  let head = `${method} ${url.pathname}${url.search} HTTP/1.1\r\nhost: ${url.host}\r\n`;
  header.forEach((value, name) => {
    // CR, LF or NUL in a field would end it early and let the rest forge another (a token read from a file).
    if (/[\r\n\0]/.test(name) || /[\r\n\0]/.test(value)) {
      throw new ConnectError(`header field ${JSON.stringify(name)} holds a line break`, Code.InvalidArgument);
    }
    if (!framingFields.has(name)) head += `${name}: ${value}\r\n`;
  });
  head += `content-length: ${length}\r\nconnection: keep-alive\r\n\r\n`;
  return Buffer.from(head, "latin1");
}

/** Writes one request on a connection and reads its answer; the connection goes back for reuse when both allow. */
function exchange(
  connections: Http1Connections,
  url: URL,
  method: string,
  request: Buffer,
  signal: AbortSignal | undefined,
): Promise<UniversalClientResponse> {
  const socket = connections.take(url);
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    const trailer = new Headers();
    let headRead = false;
    let keepAlive = false;
    let ended = false;
    let failure: ConnectError | undefined;
    let wake: (() => void) | undefined;
    const reader = new ResponseReader(
      {
        head(head) {
          headRead = true;
          keepAlive = head.keepAlive;
          resolve({ status: head.status, header: head.header, body: body(), trailer });
        },
        body(chunk) {
          chunks.push(chunk);
          wake?.();
        },
        end(fields) {
          fields.forEach((value, name) => {
            trailer.append(name, value);
          });
          ended = true;
          detach();
          if (keepAlive) connections.give(url, socket);
          else socket.destroy();
          wake?.();
        },
      },
      method,
    );
    const fail = (error: unknown) => {
      if (failure !== undefined || ended) return;
      failure = error instanceof ConnectError ? error : nodeCallError(error);
      detach();
      socket.destroy();
      if (!headRead) reject(failure);
      wake?.();
    };
    const guarded = (step: () => void) => () => {
      try {
        step();
      } catch (error) {
        fail(
          error instanceof ResponseSyntaxError
            ? new ConnectError(`the answer is not HTTP/1.1: ${error.message}`, Code.Internal)
            : error,
        );
      }
    };
    const onData = (chunk: Uint8Array) => guarded(() => reader.push(chunk))();
    const onEnd = guarded(() => reader.close());
    const onError = (error: Error) => fail(error);
    const onClose = () => fail(Object.assign(new Error("the connection closed mid-answer"), { code: "ECONNRESET" }));
    const onAbort = () => fail(getAbortSignalReason(signal!));
    const detach = () => {
      socket.off("data", onData).off("end", onEnd).off("error", onError).off("close", onClose);
      signal?.removeEventListener("abort", onAbort);
    };
    async function* body(): AsyncIterable<Uint8Array> {
      try {
        for (;;) {
          const chunk = chunks.shift();
          if (chunk !== undefined) yield chunk;
          else if (failure !== undefined) throw failure;
          else if (ended) return;
          else await new Promise<void>((woken) => (wake = woken));
        }
      } finally {
        // Left unread: the rest of the answer would be read as the next one's.
        if (!ended) fail(new ConnectError("the answer was left unread", Code.Canceled));
      }
    }
    socket.on("data", onData).on("end", onEnd).on("error", onError).on("close", onClose);
    signal?.addEventListener("abort", onAbort, { once: true });
    socket.write(request);
  });
}

// Connection failures connect-node reports as Unavailable: the server was
// never reached. describeCallError names the server and suggests a login.
const unreachable = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH"]);

/**
 * A failed request as a ConnectError whose cause is the system error, as
 * connect-node's own client reports it: Unavailable when the server was never
 * reached, Aborted for a connection reset mid-call, Internal otherwise.
 */
export function nodeCallError(error: unknown): ConnectError {
  const code = (error as { code?: unknown } | undefined)?.code;
  const connectCode =
    typeof code === "string" && unreachable.has(code)
      ? Code.Unavailable
      : code === "ECONNRESET"
        ? Code.Aborted
        : Code.Internal;
  const converted = ConnectError.from(error, connectCode);
  if (converted !== error) converted.cause = error;
  return converted;
}
