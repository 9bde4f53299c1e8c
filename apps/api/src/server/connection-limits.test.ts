// Acceptance (issue 11, findings 1-3): a client without a token cannot hold
// sockets, sessions, streams or memory beyond the limits, each attack is
// logged, and a well-behaved client keeps being served meanwhile.
// Limits are shortened through the serve flags, so the flags are tested too.
import * as http2 from "node:http2";
import * as net from "node:net";
import { UserService } from "@acp/proto";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, type ServedApi, serveInProcess } from "../testing/serve-in-process.js";

const flags = [
  ["--headers-timeout", "1s"],
  ["--request-timeout", "2s"],
  ["--keep-alive-timeout", "1s"],
  ["--idle-timeout", "1s"],
  ["--max-concurrent-streams", "8"],
  ["--max-pipelined-requests", "4"],
  ["--max-buffered-request-bytes", "1000000"],
  ["--max-incomplete-requests", "12"],
].flat();

describe("acp-api under hostile connections", () => {
  let api: ServedApi;
  beforeAll(async () => {
    // The cap comes from the environment, to cover that path as well.
    api = await serveInProcess(flags, { ACP_MAX_CONNECTIONS: "40" });
  });
  afterAll(async () => expect(await api.stop()).toBe(0));

  /** A real authenticated call on its own connection; resolves with the caller's name. */
  const wellBehaved = async () => {
    const users = createClient(UserService, createConnectTransport({ baseUrl: api.url, httpVersion: "1.1" }));
    const { user } = await users.getCurrentUser({}, { headers: { Authorization: `Bearer ${api.adminToken}` } });
    return user?.name;
  };
  /** The same call over HTTP/2, on a session of its own. */
  const wellBehavedOverHttp2 = async () => {
    const users = createClient(UserService, createConnectTransport({ baseUrl: api.url, httpVersion: "2" }));
    const { user } = await users.getCurrentUser({}, { headers: { Authorization: `Bearer ${api.adminToken}` } });
    return user?.name;
  };
  /** An HTTP/2 call whose request body is started and never finished. */
  const unfinishedCall = (session: http2.ClientHttp2Session) => {
    const stream = session.request({
      ":method": "POST",
      ":path": "/acp.users.v1.UserService/GetCurrentUser",
      "content-type": "application/proto",
      authorization: `Bearer ${api.adminToken}`,
    });
    stream.on("error", () => {});
    stream.on("data", () => {});
    stream.write(Buffer.alloc(16));
    return stream;
  };
  const logged = (msg: string, reason: string) =>
    api.logEntries().filter((e) => e["msg"] === msg && e["reason"] === reason).length;

  /** A raw connection that records what the server sends and when it closes. */
  const rawSocket = () => {
    const socket = net.connect(api.port, "127.0.0.1");
    const state = { received: "", closed: false };
    socket.on("data", (chunk: Buffer) => (state.received += chunk.toString("latin1")));
    socket.on("error", () => {});
    socket.on("close", () => (state.closed = true));
    return { socket, state };
  };

  it("answers 408 and closes an HTTP/1.1 connection that sends one header line at a time", async () => {
    // Before: acp-api never closed such a socket (130 s observed; 16 s in this form).
    const { socket, state } = rawSocket();
    socket.write("POST /acp.users.v1.UserService/GetCurrentUser HTTP/1.1\r\nHost: x\r\n");
    let lines = 0;
    const drip = setInterval(() => {
      if (!state.closed && lines < 40) socket.write(`x-drip-${lines++}: y\r\n`);
    }, 250);
    try {
      expect(await wellBehaved()).toBe("admin");
      await eventually("the slowloris connection closed", () => (state.closed ? true : undefined));
    } finally {
      clearInterval(drip);
      socket.destroy();
    }
    expect(state.received).toMatch(/^HTTP\/1\.1 408 /);
    expect(lines, "the drip stopped well before its 40 lines").toBeLessThan(40);
    expect(logged("request rejected", "ERR_HTTP_REQUEST_TIMEOUT")).toBeGreaterThan(0);
  });

  it("closes an HTTP/2 session that sends the preface and then nothing", async () => {
    // Before: such a session stayed open indefinitely (15 s observed, then the test gave up).
    const { socket, state } = rawSocket();
    socket.write(
      Buffer.concat([Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0])]),
    );
    try {
      expect(await wellBehaved()).toBe("admin");
      await eventually("the idle session closed", () => (state.closed ? true : undefined));
    } finally {
      socket.destroy();
    }
    expect(logged("connection closed", "idle")).toBeGreaterThan(0);
  });

  it("advertises a finite maxConcurrentStreams and serves no more streams than that at once", async () => {
    // Before: 4294967295 advertised, and every stream served.
    const session = http2.connect(api.url);
    session.on("error", () => {});
    try {
      await new Promise((resolve) => session.once("remoteSettings", resolve));
      expect(session.remoteSettings.maxConcurrentStreams).toBe(8);
      // Eight streams whose request never finishes: they hold every slot until the request timeout resets them.
      let firstHeldClosedAt = Number.POSITIVE_INFINITY;
      const held = Array.from({ length: 8 }, () => {
        const stream = unfinishedCall(session);
        stream.once("close", () => (firstHeldClosedAt = Math.min(firstHeldClosedAt, performance.now())));
        return stream;
      });
      const ninth = await new Promise<{ at: number; status?: number; error?: string }>((resolve) => {
        const stream = session.request({
          ":method": "POST",
          ":path": "/grpc.health.v1.Health/Check",
          "content-type": "application/json",
        });
        stream.once("response", (headers) => resolve({ at: performance.now(), status: headers[":status"] }));
        stream.once("error", (error: NodeJS.ErrnoException) => resolve({ at: performance.now(), error: error.code }));
        stream.on("data", () => {});
        stream.end("{}");
      });
      expect(await wellBehaved()).toBe("admin");
      if (ninth.error === undefined) {
        expect(ninth.status).toBe(200);
        expect(ninth.at, "the ninth stream was answered only once a held one was gone").toBeGreaterThanOrEqual(
          firstHeldClosedAt,
        );
      } else {
        expect(ninth.error).toBe("ERR_HTTP2_STREAM_ERROR");
      }
      await eventually("every held stream reset by the request timeout", () =>
        held.every((s) => s.closed) ? true : undefined,
      );
      expect(logged("request rejected", "request timeout")).toBeGreaterThan(0);
    } finally {
      session.destroy();
    }
  });

  it("refuses request bytes past the shared budget with resource_exhausted, and still serves small calls", async () => {
    // Before: each stream could hold up to 8 MB (preallocated from content-length alone), with no total.
    const session = http2.connect(api.url);
    session.on("error", () => {});
    try {
      const statuses = Array.from(
        { length: 3 },
        () =>
          new Promise<number | string>((resolve) => {
            const stream = session.request({
              ":method": "POST",
              ":path": "/acp.users.v1.UserService/GetCurrentUser",
              "content-type": "application/proto",
              "content-length": "4000000",
              authorization: `Bearer ${api.adminToken}`,
            });
            stream.once("response", (headers) => resolve(Number(headers[":status"])));
            stream.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
            stream.on("data", () => {});
            // 600 KB each, never finished: two of them already exceed the 1 MB budget.
            stream.write(Buffer.alloc(600_000));
          }),
      );
      const first = await Promise.race(statuses);
      expect(first).toBe(429);
      expect(await wellBehaved()).toBe("admin");
      expect(
        api.logEntries().filter((e) => e["msg"] === "rpc" && e["code"] === "resource_exhausted").length,
      ).toBeGreaterThan(0);
    } finally {
      session.destroy();
    }
  });

  it("holds HTTP/2 streams to --max-incomplete-requests across sessions, and a newcomer's call still gets in", async () => {
    // Before: every stream of every session was kept, each with its buffers (2,000 streams: RSS 70 → 1,357 MB).
    // Then: at the cap every other client's stream was refused until the request timeout.
    const sessions = [http2.connect(api.url), http2.connect(api.url)];
    const streams: http2.ClientHttp2Stream[] = [];
    try {
      const outcomes = sessions.flatMap((session) => {
        session.on("error", () => {});
        return Array.from(
          { length: 8 },
          () =>
            new Promise<number | "open">((resolve) => {
              const stream = unfinishedCall(session);
              streams.push(stream);
              stream.once("close", () => resolve(stream.rstCode ?? 0));
              setTimeout(() => resolve("open"), 1_000).unref();
            }),
        );
      });
      const results = await Promise.all(outcomes);
      const { NGHTTP2_REFUSED_STREAM, NGHTTP2_ENHANCE_YOUR_CALM } = http2.constants;
      const turnedAway = results.filter((r) => r === NGHTTP2_REFUSED_STREAM || r === NGHTTP2_ENHANCE_YOUR_CALM);
      expect(turnedAway.length).toBeGreaterThanOrEqual(4);
      expect(results.filter((r) => r === "open").length).toBeLessThanOrEqual(12);
      // The cap is full of unfinished bodies; a well-behaved HTTP/2 client's call takes the place of one.
      expect(await wellBehavedOverHttp2()).toBe("admin");
      expect(streams.filter((s) => s.rstCode === NGHTTP2_ENHANCE_YOUR_CALM).length).toBeGreaterThan(0);
      expect(logged("request rejected", "too many incomplete requests")).toBeGreaterThan(0);
      expect(logged("request rejected", "incomplete request evicted")).toBeGreaterThan(0);
    } finally {
      for (const session of sessions) session.destroy();
    }
  });

  it("at the incomplete-request cap, takes room from the session holding the most, never from a small one", async () => {
    // Eleven sessions hold one unfinished body each; then one session opens eight, which takes the
    // twelfth place (the cap) and may not take a twelfth session's place for a second one.
    const open = () => {
      const session = http2.connect(api.url);
      session.on("error", () => {});
      return session;
    };
    const small = Array.from({ length: 11 }, open);
    const big = open();
    try {
      const smallStreams = small.map(unfinishedCall);
      await eventually("every small session's stream sent", () =>
        smallStreams.every((s) => s.id !== undefined && s.sentHeaders) ? true : undefined,
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      const bigStreams = Array.from({ length: 8 }, () => unfinishedCall(big));
      const { NGHTTP2_REFUSED_STREAM, NGHTTP2_ENHANCE_YOUR_CALM } = http2.constants;
      await eventually("all but one of the big session's streams refused", () =>
        bigStreams.filter((s) => s.rstCode === NGHTTP2_REFUSED_STREAM).length === 7 ? true : undefined,
      );
      expect(smallStreams.filter((s) => s.rstCode === NGHTTP2_ENHANCE_YOUR_CALM)).toEqual([]);
      expect(bigStreams.filter((s) => s.rstCode === NGHTTP2_ENHANCE_YOUR_CALM)).toEqual([]);
    } finally {
      for (const session of [...small, big]) session.destroy();
    }
  });

  it("stops serving an HTTP/1.1 connection that pipelines requests without reading the answers", async () => {
    // Before: 48,500 pipelined health checks were all served in 8 s, and RSS grew 70 → 144 MB and stayed.
    const rpcCount = () => api.logEntries().filter((e) => e["method"] === "/grpc.health.v1.Health/Check").length;
    const before = rpcCount();
    const socket = net.connect(api.port, "127.0.0.1");
    socket.on("error", () => {});
    socket.pause();
    const request =
      "POST /grpc.health.v1.Health/Check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
    try {
      for (let i = 0; i < 20 && !socket.destroyed; i++) socket.write(request.repeat(100));
      expect(await wellBehaved()).toBe("admin");
      await eventually("the pipelining connection closed", () =>
        logged("connection closed", "too many pipelined requests") > 0 ? true : undefined,
      );
    } finally {
      socket.destroy();
    }
    // 2,000 were sent; one is served at a time and the connection is closed after a few wait.
    expect(rpcCount() - before).toBeLessThan(50);
  });

  it("at the connection cap, makes room for a working client by closing a silent connection", async () => {
    // Before: no cap; 20,000 slowloris sockets exhausted the file descriptors and nothing was answered.
    // Forty silent sockets reach the cap of 40 whatever the earlier tests left open; the oldest silent
    // ones make room for the later ones.
    const silent = Array.from({ length: 40 }, () => rawSocket());
    try {
      await eventually("the cap reached", () =>
        silent.every(({ socket, state }) => state.closed || socket.readyState === "open") ? true : undefined,
      );
      // A working client gets in while the cap is held by silent sockets.
      expect(await wellBehaved()).toBe("admin");
      expect(logged("connection closed", "evicted at max connections")).toBeGreaterThan(0);
    } finally {
      for (const { socket } of silent) socket.destroy();
    }
  });
});
