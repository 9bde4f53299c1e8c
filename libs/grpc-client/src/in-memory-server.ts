import { EventEmitter } from "node:events";
import * as http2Module from "node:http2";
import * as netModule from "node:net";
import * as tlsModule from "node:tls";

/** What the in-memory server sends back on a call: each message in turn, then status OK. */
export type InMemoryAnswer = (path: string) => readonly Uint8Array[];

/**
 * Runs `use` with every TCP connection and HTTP/2 session that grpc-js opens
 * meanwhile answered in memory: node:net's connect and node:http2's connect
 * are swapped for doubles until `use` settles. For a snapshot builder's
 * warmup (acp-runner's), which walks a real call through grpc-js where no
 * socket may be opened; nothing else may run in the process meanwhile.
 *
 * The doubles do what grpc-js 1.14's transport and call use of a session
 * and a stream, no more: a connect that succeeds, SETTINGS at once, and each
 * stream answered with `answer(path)`'s messages, then trailers with
 * grpc-status 0. grpc-js also reads http2's default settings and tests the
 * socket against tls.TLSSocket as it connects: those get doubles too.
 */
export async function withInMemoryServer<T>(answer: InMemoryAnswer, use: () => Promise<T>): Promise<T> {
  const net = commonJsExports(netModule);
  const http2 = commonJsExports(http2Module);
  const restore = [
    replace(net, "connect", (_options: unknown, onConnect?: () => void) => connectedSocket(onConnect)),
    replace(http2, "getDefaultSettings", () => ({ ...defaultSettings })),
    replace(
      http2,
      "connect",
      (_authority: unknown, options: { createConnection?: () => unknown }) =>
        new FakeSession((options.createConnection?.() as FakeSocket | undefined) ?? connectedSocket(), answer),
    ),
    replace(commonJsExports(tlsModule), "TLSSocket", class NotTls {}),
  ];
  try {
    return await use();
  } finally {
    for (const undo of restore.reverse()) undo();
  }
}

// RFC 9113's initial values, as node reports them.
const defaultSettings = {
  headerTableSize: 4096,
  enablePush: true,
  initialWindowSize: 65_535,
  maxFrameSize: 16_384,
  maxConcurrentStreams: 4_294_967_295,
  maxHeaderListSize: 65_535,
  maxHeaderSize: 65_535,
  enableConnectProtocol: false,
};

/**
 * The module object itself, which node's own require (and so grpc-js)
 * returns; an ES namespace is a frozen copy. A built-in's namespace carries
 * it as `default`, under node and in a CommonJS bundle alike.
 */
function commonJsExports(namespace: object): object {
  const exports = (namespace as { default?: object }).default;
  if (exports === undefined) throw new Error("a built-in module without its CommonJS exports");
  return exports;
}

/**
 * Defines `key` on `module` as `value` and returns what puts the export back.
 * By descriptor, not by assignment: in a snapshot builder the module is a
 * stand-in (tools/build/write-snapshot.mjs) that refuses reads while warming
 * but takes a double this way.
 */
function replace(module: object, key: string, value: unknown): () => void {
  const saved = Object.getOwnPropertyDescriptor(module, key);
  if (saved === undefined) throw new Error(`${key} is not an export to replace`);
  Object.defineProperty(module, key, { configurable: true, enumerable: true, writable: true, value });
  return () => Object.defineProperty(module, key, saved);
}

class FakeSocket extends EventEmitter {
  readonly remoteAddress = "127.0.0.1";
  readonly remotePort = 1;
  readonly localAddress = "127.0.0.1";
  readonly localPort = 2;
  closed = false;
  destroyed = false;
  setNoDelay(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  destroy(): this {
    if (this.destroyed) return this;
    this.destroyed = true;
    this.closed = true;
    setImmediate(() => this.emit("close", false));
    return this;
  }
}

function connectedSocket(onConnect?: () => void): FakeSocket {
  const socket = new FakeSocket();
  setImmediate(() => {
    onConnect?.();
    socket.emit("connect");
  });
  return socket;
}

class FakeSession extends EventEmitter {
  readonly encrypted = false;
  readonly state = { localWindowSize: 65_535, remoteWindowSize: 65_535 };
  closed = false;
  destroyed = false;

  constructor(
    readonly socket: FakeSocket,
    private readonly answer: InMemoryAnswer,
  ) {
    super();
    setImmediate(() => {
      this.emit("connect", this, socket);
      this.emit("localSettings", {});
      this.emit("remoteSettings", {});
    });
  }

  request(headers: Record<string, string>): FakeStream {
    return new FakeStream(this.answer(String(headers[":path"] ?? "")));
  }
  ping(callback: (error: Error | null, duration: number, payload: Buffer) => void): boolean {
    setImmediate(() => callback(null, 0, Buffer.alloc(8)));
    return true;
  }
  ref(): void {}
  unref(): void {}
  setLocalWindowSize(): void {}
  incrementWindowSize(): void {}
  close(callback?: () => void): void {
    this.end(callback);
  }
  destroy(): void {
    this.end();
  }
  private end(callback?: () => void): void {
    if (this.closed) return;
    this.closed = true;
    this.destroyed = true;
    this.socket.destroy();
    setImmediate(() => {
      this.emit("close");
      callback?.();
    });
  }
}

/** A stream as node's client side shows one: the answer starts once the request is ended. */
class FakeStream extends EventEmitter {
  rstCode = 0;
  destroyed = false;
  writableEnded = false;

  constructor(private readonly messages: readonly Uint8Array[]) {
    super();
  }

  write(_chunk: Uint8Array, callback?: () => void): boolean {
    if (callback !== undefined) setImmediate(callback);
    return true;
  }
  end(callback?: () => void): this {
    if (this.writableEnded) return this;
    this.writableEnded = true;
    setImmediate(() => this.respond());
    if (typeof callback === "function") setImmediate(callback);
    return this;
  }
  resume(): this {
    return this;
  }
  pause(): this {
    return this;
  }
  close(code = 0): void {
    if (this.destroyed) return;
    this.rstCode = code;
    this.destroyed = true;
    setImmediate(() => this.emit("close"));
  }

  private respond(): void {
    if (this.destroyed) return;
    this.emit("response", { ":status": 200, "content-type": "application/grpc+proto" }, 4);
    for (const message of this.messages) this.emit("data", framed(message));
    this.emit("trailers", { "grpc-status": "0", "grpc-message": "" }, 5);
    this.emit("end");
    this.close(0);
  }
}

/** gRPC's length-prefixed message: an uncompressed flag, the length, the bytes. */
function framed(message: Uint8Array): Buffer {
  const frame = Buffer.alloc(5 + message.byteLength);
  frame.writeUInt32BE(message.byteLength, 1);
  frame.set(message, 5);
  return frame;
}
