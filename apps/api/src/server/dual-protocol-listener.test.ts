import * as http from "node:http";
import * as http2 from "node:http2";
import * as net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { defaultConnectionLimits } from "./connection-limits.js";
import { type DualProtocolListener, listenDualProtocol } from "./dual-protocol-listener.js";

describe("listenDualProtocol", () => {
  let listener: DualProtocolListener | undefined;
  afterEach(async () => listener?.close());

  /** A raw connection that records when the server closes it. */
  const openSocket = (port: number) => {
    const socket = net.connect(port, "127.0.0.1");
    const state = { closed: false };
    socket.on("error", () => {});
    socket.on("close", () => (state.closed = true));
    return { socket, state };
  };
  /** Polls `check` for up to 2 s. */
  const until = async (check: () => boolean) => {
    for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    return check();
  };

  const start = async (headersTimeoutMs?: number) => {
    listener = await listenDualProtocol(
      "127.0.0.1",
      0,
      (req, res) => {
        let body = "";
        req.on("data", (c: Buffer) => (body += c.toString()));
        req.on("end", () => res.end(`${req.httpVersion} ${req.method} ${body}`));
      },
      headersTimeoutMs === undefined ? {} : { limits: { ...defaultConnectionLimits, headersTimeoutMs } },
    );
    return listener.address.port;
  };

  it("answers HTTP/1.1 and h2c on the same port", async () => {
    const port = await start();
    const h1 = await new Promise<string>((resolve, reject) => {
      const req = http.request({ host: "127.0.0.1", port, method: "POST", path: "/" }, (res) => {
        let out = "";
        res.on("data", (c: Buffer) => (out += c.toString()));
        res.on("end", () => resolve(out));
      });
      req.on("error", reject);
      req.end("one");
    });
    expect(h1).toBe("1.1 POST one");

    const session = http2.connect(`http://127.0.0.1:${port}`);
    const h2 = await new Promise<string>((resolve, reject) => {
      const stream = session.request({ ":method": "POST", ":path": "/" });
      let out = "";
      stream.on("data", (c: Buffer) => (out += c.toString()));
      stream.on("end", () => resolve(out));
      stream.on("error", reject);
      stream.end("two");
    });
    session.close();
    expect(h2).toBe("2.0 POST two");
  });

  it("routes a preface split across TCP segments to HTTP/2", async () => {
    const port = await start();
    // A client may flush the preface in pieces; the sniffer must wait for all 24 bytes.
    const session = http2.connect(`http://127.0.0.1:${port}`, {
      createConnection: () => {
        const socket = net.connect(port, "127.0.0.1");
        socket.setNoDelay(true);
        const write = socket.write.bind(socket);
        let first = true;
        socket.write = ((chunk: Buffer | string, ...rest: unknown[]) => {
          if (first && Buffer.isBuffer(chunk) && chunk.length > 3) {
            first = false;
            write(chunk.subarray(0, 3));
            return (write as (c: Buffer, ...r: unknown[]) => boolean)(chunk.subarray(3), ...rest);
          }
          return (write as (c: Buffer | string, ...r: unknown[]) => boolean)(chunk, ...rest);
        }) as typeof socket.write;
        return socket;
      },
    });
    const out = await new Promise<string>((resolve, reject) => {
      const stream = session.request({ ":method": "GET", ":path": "/" });
      let text = "";
      stream.on("data", (c: Buffer) => (text += c.toString()));
      stream.on("end", () => resolve(text));
      stream.on("error", reject);
      stream.end();
    });
    session.close();
    expect(out).toBe("2.0 GET ");
  });

  it("at the connection cap, evicts the oldest idle connection and refuses only when every one is busy", async () => {
    const held: http.ServerResponse[] = [];
    listener = await listenDualProtocol(
      "127.0.0.1",
      0,
      (_req, res) => {
        held.push(res as http.ServerResponse);
      },
      { limits: { ...defaultConnectionLimits, maxConnections: 2 } },
    );
    const port = listener.address.port;
    const open = () => openSocket(port);
    const idle = open();
    const busy = open();
    busy.socket.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    expect(await until(() => held.length === 1)).toBe(true);
    // Full: the silent one makes room for a newcomer, which then is busy too.
    const second = open();
    expect(await until(() => idle.state.closed)).toBe(true);
    second.socket.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    expect(await until(() => held.length === 2)).toBe(true);
    const refused = open();
    expect(await until(() => refused.state.closed)).toBe(true);
    expect(busy.state.closed || second.state.closed).toBe(false);
    for (const res of held) res.end();
    for (const { socket } of [busy, second]) socket.destroy();
  });

  it("at the connection cap, closes silent connections before a served HTTP/2 session, however old", async () => {
    listener = await listenDualProtocol("127.0.0.1", 0, (_req, res) => res.end("ok"), {
      limits: { ...defaultConnectionLimits, maxConnections: 3 },
    });
    const port = listener.address.port;
    const session = http2.connect(`http://127.0.0.1:${port}`);
    let sessionClosed = false;
    session.on("close", () => (sessionClosed = true));
    const call = () =>
      new Promise<string>((resolve, reject) => {
        const stream = session.request({ ":method": "POST", ":path": "/" });
        let out = "";
        stream.on("data", (c: Buffer) => (out += c.toString()));
        stream.on("end", () => resolve(out));
        stream.on("error", reject);
        stream.end();
      });
    try {
      expect(await call()).toBe("ok");
      // Two silent sockets fill the cap; each newcomer must take a silent one's place, not the session's.
      const silent = Array.from({ length: 4 }, () => openSocket(port));
      expect(await until(() => silent.filter(({ state }) => state.closed).length === 2)).toBe(true);
      expect(sessionClosed).toBe(false);
      expect(await call()).toBe("ok");
      for (const { socket } of silent) socket.destroy();
    } finally {
      session.destroy();
    }
  });

  it("drops a connection that never sends a byte", async () => {
    const port = await start(50);
    const socket = net.connect(port, "127.0.0.1");
    // The server's deadline is 50 ms; 5 s is generous on a loaded machine and
    // still fails fast (naming the cause) if the socket is never dropped.
    const closedBy = await Promise.race([
      new Promise<string>((resolve) => socket.once("close", () => resolve("server"))),
      new Promise<string>((resolve) => setTimeout(() => resolve("still open after 5 s"), 5_000).unref()),
    ]);
    socket.destroy();
    expect(closedBy).toBe("server");
  });
});
