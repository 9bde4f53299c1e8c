// Load generators for the attacks issue 11 found, sized by count and run
// until a deadline, against a separate acp-api process: each keeps its
// pressure up by reopening what the server closes, and releases everything
// when the deadline passes. server/connection-limits.test.ts and
// work-before-auth.test.ts check the server's answer to one such client;
// these measure memory and service while many of them keep at it.
import * as http from "node:http";
import * as http2 from "node:http2";
import * as net from "node:net";

export interface AttackTarget {
  readonly port: number;
  readonly url: string;
  readonly token: string;
}

/** What an attack did, for the report. */
export interface AttackCounts {
  opened: number;
  closedByServer: number;
}

export interface Attack {
  readonly name: string;
  run(target: AttackTarget, until: number): Promise<AttackCounts>;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pastDeadline = (until: number) => Date.now() >= until;

/**
 * Keeps `count` sockets open until the deadline: `start` speaks on each new
 * one, and a socket the server closes is replaced after a short pause.
 */
async function holdSockets(
  target: AttackTarget,
  until: number,
  count: number,
  start: (socket: net.Socket, until: number) => void,
): Promise<AttackCounts> {
  const counts: AttackCounts = { opened: 0, closedByServer: 0 };
  const live = new Set<net.Socket>();
  const open = () => {
    if (pastDeadline(until)) return;
    const socket = net.connect(target.port, "127.0.0.1");
    counts.opened++;
    live.add(socket);
    socket.on("error", () => {});
    socket.on("close", () => {
      live.delete(socket);
      if (pastDeadline(until)) return;
      counts.closedByServer++;
      setTimeout(open, 50);
    });
    socket.once("connect", () => start(socket, until));
  };
  for (let i = 0; i < count && !pastDeadline(until); i++) {
    open();
    // Open in bursts, so the attack does not starve this process's event loop.
    if (i % 100 === 99) await pause(10);
  }
  await pause(Math.max(0, until - Date.now()));
  for (const socket of live) socket.destroy();
  return counts;
}

/** Slowloris: a request's headers, one line per second, never finished. */
export const slowloris = (count: number): Attack => ({
  name: `slowloris (${count} sockets, a header line per second)`,
  run: (target, until) =>
    holdSockets(target, until, count, (socket) => {
      socket.write("POST /acp.users.v1.UserService/GetCurrentUser HTTP/1.1\r\nHost: x\r\n");
      let line = 0;
      const drip = setInterval(() => {
        if (socket.destroyed || pastDeadline(until)) clearInterval(drip);
        else socket.write(`x-drip-${line++}: y\r\n`);
      }, 1_000);
    }),
});

/** HTTP/2 sessions that send the preface and an empty SETTINGS frame, then nothing. */
export const idleHttp2 = (count: number): Attack => ({
  name: `idle HTTP/2 sessions (${count})`,
  run: (target, until) =>
    holdSockets(target, until, count, (socket) => {
      socket.write(Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));
      socket.write(Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0]));
    }),
});

/** Silent connections, past the connection cap. */
export const connectionFlood = (count: number): Attack => ({
  name: `connection flood (${count} silent sockets)`,
  run: (target, until) => holdSockets(target, until, count, () => {}),
});

/** HTTP/1.1 connections that pipeline health checks and never read an answer. */
export const unreadPipelining = (count: number, requestsPerSocket: number): Attack => ({
  name: `unread pipelining (${count} sockets x ${requestsPerSocket} requests)`,
  run: (target, until) =>
    holdSockets(target, until, count, (socket) => {
      socket.pause();
      const request =
        "POST /grpc.health.v1.Health/Check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
      socket.write(request.repeat(requestsPerSocket));
    }),
});

/**
 * HTTP/2 sessions holding every stream they may open, each sending a request
 * body that never ends (authenticated: the worst case, any user can do it).
 */
export const streamFlood = (sessions: number, chunkBytes: number): Attack => ({
  name: `stream flood (${sessions} HTTP/2 sessions, every stream with an unfinished body)`,
  async run(target, until) {
    const counts: AttackCounts = { opened: 0, closedByServer: 0 };
    const chunk = Buffer.alloc(chunkBytes);
    const all = new Set<http2.ClientHttp2Session>();
    const fill = (session: http2.ClientHttp2Session) => {
      const stream = session.request({
        ":method": "POST",
        ":path": "/acp.users.v1.UserService/GetCurrentUser",
        "content-type": "application/proto",
        authorization: `Bearer ${target.token}`,
      });
      counts.opened++;
      stream.on("error", () => {});
      stream.on("data", () => {});
      const push = () => {
        while (!stream.destroyed && !pastDeadline(until) && stream.write(chunk)) {}
      };
      stream.on("drain", push);
      stream.once("close", () => {
        if (pastDeadline(until) || session.destroyed) return;
        counts.closedByServer++;
        setTimeout(() => !session.destroyed && !session.closed && fill(session), 20);
      });
      push();
    };
    const connect = () => {
      if (pastDeadline(until)) return;
      const session = http2.connect(target.url);
      all.add(session);
      session.on("error", () => {});
      session.once("close", () => {
        all.delete(session);
        if (!pastDeadline(until)) setTimeout(connect, 50);
      });
      session.once("remoteSettings", (settings) => {
        const streams = Math.min(settings.maxConcurrentStreams ?? 100, 1_000);
        for (let i = 0; i < streams; i++) fill(session);
      });
    };
    for (let i = 0; i < sessions; i++) connect();
    await pause(Math.max(0, until - Date.now()));
    for (const session of all) session.destroy();
    return counts;
  },
});

/** Clients without a token posting deeply nested JSON bodies of `bytes` bytes, one after another. */
export const preAuthBodies = (clients: number, bytes: number): Attack => ({
  name: `pre-auth nested JSON bodies (${clients} clients x ${(bytes / 1e6).toFixed(1)} MB, no token)`,
  async run(target, until) {
    const counts: AttackCounts = { opened: 0, closedByServer: 0 };
    const body = Buffer.alloc(bytes, "[");
    const post = () =>
      new Promise<void>((resolve) => {
        counts.opened++;
        const request = http.request(
          {
            host: "127.0.0.1",
            port: target.port,
            method: "POST",
            path: "/acp.credentials.v1.CredentialService/ListCredentials",
            headers: { "content-type": "application/json", "content-length": bytes },
            agent: false,
          },
          (response) => {
            response.resume();
            response.once("end", resolve);
          },
        );
        request.on("error", () => resolve());
        request.on("close", () => resolve());
        request.end(body);
      });
    const client = async () => {
      for (let n = 0; n < 100_000 && !pastDeadline(until); n++) await post();
    };
    await Promise.all(Array.from({ length: clients }, client));
    return counts;
  },
});
