// How fast does one secret rotation reach every runner watching it? Opens a
// WatchSessionCredentials stream for each of many sessions of one project,
// waits until every stream has its first set, then rotates the secret of one
// bound credential and times, per stream, the arrival of the set holding the
// new secret, from the moment the UpdateCredential response is back.
//
// The streams are spread over a few HTTP/2 connections of connect-node gRPC
// clients in this process. Each rotation's report carries this process's CPU
// next to the server's over the same span, so a reader can tell whether the
// client, decoding every set, was the busier side and so set the pace.

import { once, setMaxListeners } from "node:events";
import { connect } from "node:http2";
import {
  type CredentialService,
  Health,
  SessionService,
  SessionState,
  WatchSessionCredentialsResponseSchema,
} from "@acp/proto";
import { toBinary } from "@bufbuild/protobuf";
import { type Client, Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport, Http2SessionManager } from "@connectrpc/connect-node";
import { table } from "./bench-report.js";
import { runBounded } from "./bounded-concurrency.js";
import type { ChildServer } from "./child-server.js";
import { processCpuMs } from "./process-cpu.js";
import { type ProcessMemory, processMemory, resetPeakMemory } from "./process-memory.js";
import { type BoundCredential, githubToken } from "./session-seed.js";

export interface FanoutOptions {
  readonly streams: number;
  /** HTTP/2 connections the streams are spread over, round robin; more if the server's stream limit needs them. */
  readonly connections: number;
  readonly rotations: number;
  /** Sessions created, and streams opened, at most this many at a time. */
  readonly concurrency: number;
}

export interface FanoutAdmin {
  readonly sessions: Client<typeof SessionService>;
  readonly credentials: Client<typeof CredentialService>;
}

export interface Rotation {
  /** The UpdateCredential call, request to response. */
  readonly updateMs: number;
  /** Per stream, ascending: ms from the update's response to the new set; negative if it came first. */
  readonly arrivalsMs: Float64Array;
  /** From the update's request until the last stream had the new set. */
  readonly serverCpuMs: number | undefined;
  readonly clientCpuMs: number;
  /**
   * The slowest answer to a Health/Check sent every few ms on a connection of
   * its own during the rotation: how long an unrelated caller waited.
   */
  readonly slowestHealthMs: number;
}

export interface FanoutResult {
  readonly streams: number;
  readonly connections: number;
  /** Credentials in every stream's set. */
  readonly credentialsPerSet: number;
  /** Size of one set on the wire (protobuf), bytes. */
  readonly setBytes: number;
  readonly createSessionsMs: number;
  /** Until every stream had its first set. */
  readonly openStreamsMs: number;
  /** The server before the first stream opened. */
  readonly memoryBefore: ProcessMemory | undefined;
  /** Once all were open and had settled; its peak is the one while they opened if peaksReset. */
  readonly memoryOpen: ProcessMemory | undefined;
  /** After the last rotation, while the streams are still open; its peak is the one during the rotations if peaksReset. */
  readonly memoryAfter: ProcessMemory | undefined;
  /** Whether each peak covers its phase only, rather than the server's whole life. */
  readonly peaksReset: boolean;
  readonly rotations: readonly Rotation[];
}

const firstSetTimeoutMs = 60_000;
const rotationTimeoutMs = 60_000;
// Lets start-up garbage and the last audit appends settle before memory is read or the next rotation starts.
const settleMs = 1_000;

/**
 * The streams the server lets one connection hold at once, from the SETTINGS
 * it sends: a stream past it waits for one to end, so a fan-out that put more
 * on a connection would wait forever for its first set.
 */
async function advertisedMaxStreams(url: string): Promise<number> {
  const session = connect(url);
  try {
    const [settings] = (await once(session, "remoteSettings")) as [{ maxConcurrentStreams?: number }];
    return settings.maxConcurrentStreams ?? Number.POSITIVE_INFINITY;
  } finally {
    session.close();
  }
}

/** One runner's stream: the set it holds and when the awaited secret came. */
interface Watcher {
  secret: string | undefined;
  arrivedAt: number | undefined;
  messages: number;
}

/**
 * Creates `options.streams` sessions in the project, opens one stream per
 * session, then rotates `rotated` `options.rotations` times. Every stream must
 * receive exactly one new set per rotation, holding the new secret, or this
 * throws. The streams are cancelled before it returns, whatever happens.
 */
export async function measureFanout(
  api: ChildServer,
  admin: FanoutAdmin,
  projectId: string,
  rotated: BoundCredential,
  options: FanoutOptions,
): Promise<FanoutResult> {
  const pid = api.child.pid!;
  const width = String(options.streams).length;
  const tokens: string[] = new Array(options.streams);
  const createStart = performance.now();
  await runBounded(options.streams, options.concurrency, async (i) => {
    const created = await admin.sessions.createSession({ projectId, name: `fanout-${String(i).padStart(width, "0")}` });
    tokens[i] = created.runnerToken;
  });
  const createSessionsMs = performance.now() - createStart;

  // At least enough connections for every stream to be served at once.
  const connections = Math.max(options.connections, Math.ceil(options.streams / (await advertisedMaxStreams(api.url))));
  const managers = Array.from({ length: connections }, () => new Http2SessionManager(api.url));
  // A bystander on a connection of its own, to see whether a rotation keeps other callers waiting.
  const healthManager = new Http2SessionManager(api.url);
  const health = createClient(Health, createGrpcTransport({ baseUrl: api.url, sessionManager: healthManager }));
  // Binary gRPC: of the three protocols, the least client CPU per set.
  const clients = managers.map((sessionManager) =>
    createClient(SessionService, createGrpcTransport({ baseUrl: api.url, sessionManager })),
  );
  const cancel = new AbortController();
  // Every stream listens on the one signal; that is no leak.
  setMaxListeners(options.streams + 16, cancel.signal);
  const watchers: Watcher[] = [];
  const loops: Promise<void>[] = [];
  // The rotation being awaited: its secret, and what to call when the last stream has it.
  let awaited: { readonly secret: string; pending: number; done: () => void } | undefined;
  let problem: string | undefined;
  let credentialsPerSet = 0;
  let setBytes = 0;
  const fail = (message: string) => {
    problem ??= message;
    awaited?.done();
  };

  try {
    await settle();
    const memoryBefore = processMemory(pid);
    let peaksReset = resetPeakMemory(pid);
    const openStart = performance.now();
    await runBounded(options.streams, options.concurrency, async (i) => {
      const watcher: Watcher = { secret: undefined, arrivedAt: undefined, messages: 0 };
      watchers.push(watcher);
      let first!: () => void;
      const firstSet = new Promise<void>((resolve) => (first = resolve));
      const stream = clients[i % clients.length]!.watchSessionCredentials(
        {},
        { signal: cancel.signal, headers: { authorization: `Bearer ${tokens[i]}` } },
      );
      loops.push(
        (async () => {
          for await (const message of stream) {
            const now = performance.now();
            watcher.messages += 1;
            if (message.state !== SessionState.RUNNING) return fail(`stream ${i + 1} was told its session ended`);
            const secret = message.credentials.find((c) => c.credentialId === rotated.id)?.secret;
            if (watcher.messages === 1) {
              watcher.secret = secret;
              credentialsPerSet = message.credentials.length;
              setBytes ||= toBinary(WatchSessionCredentialsResponseSchema, message).length;
              first();
              continue;
            }
            // Only the comparison: a secret never reaches the terminal.
            if (awaited === undefined || secret !== awaited.secret || watcher.arrivedAt !== undefined) {
              return fail(`stream ${i + 1} received a set it was not due (message ${watcher.messages})`);
            }
            watcher.secret = secret;
            watcher.arrivedAt = now;
            if (--awaited.pending === 0) awaited.done();
          }
          if (!cancel.signal.aborted) fail(`stream ${i + 1} ended by itself`);
        })()
          .catch((error: unknown) => {
            if (cancel.signal.aborted && ConnectError.from(error).code === Code.Canceled) return;
            fail(`stream ${i + 1}: ${describe(error)}`);
          })
          .finally(first),
      );
      await within(firstSet, firstSetTimeoutMs, `stream ${i + 1} had no first set within ${firstSetTimeoutMs} ms`);
      if (problem) throw new Error(problem);
      if (watcher.secret !== rotated.secret) throw new Error(`stream ${i + 1}'s first set lacks the bound secret`);
    });
    const openStreamsMs = performance.now() - openStart;
    await settle();
    const memoryOpen = processMemory(pid);
    peaksReset &&= resetPeakMemory(pid);

    const rotations: Rotation[] = [];
    for (let r = 0; r < options.rotations; r++) {
      for (const watcher of watchers) watcher.arrivedAt = undefined;
      const secret = githubToken();
      const everyone = new Promise<void>((resolve) => {
        awaited = { secret, pending: watchers.length, done: resolve };
      });
      const serverBefore = processCpuMs(pid);
      const clientBefore = process.cpuUsage();
      const bystander = healthProbe(health);
      const updateStart = performance.now();
      await admin.credentials.updateCredential({ id: rotated.id, updateMask: { paths: ["secret"] }, secret });
      const updated = performance.now();
      await within(everyone, rotationTimeoutMs, () => {
        const missing = watchers.filter((w) => w.arrivedAt === undefined).length;
        return `rotation ${r + 1}: ${missing} of ${watchers.length} streams had no new set within ${rotationTimeoutMs} ms`;
      });
      const slowestHealthMs = await bystander.stop();
      if (problem) throw new Error(`rotation ${r + 1}: ${problem}`);
      const serverAfter = processCpuMs(pid);
      const client = process.cpuUsage(clientBefore);
      const arrivalsMs = Float64Array.from(watchers, (w) => w.arrivedAt! - updated).sort();
      rotations.push({
        updateMs: updated - updateStart,
        arrivalsMs,
        serverCpuMs: serverBefore === undefined || serverAfter === undefined ? undefined : serverAfter - serverBefore,
        clientCpuMs: (client.user + client.system) / 1000,
        slowestHealthMs,
      });
      awaited = undefined;
      await settle();
    }
    const memoryAfter = processMemory(pid);
    return {
      streams: options.streams,
      connections,
      credentialsPerSet,
      setBytes,
      createSessionsMs,
      openStreamsMs,
      memoryBefore,
      memoryOpen,
      memoryAfter,
      peaksReset,
      rotations,
    };
  } finally {
    cancel.abort();
    await within(Promise.allSettled(loops), 10_000, "streams did not close within 10 s").catch(() => {});
    for (const manager of [...managers, healthManager]) manager.abort();
  }
}

const healthIntervalMs = 20;

/** Health/Check after Health/Check, 20 ms apart, until stopped; resolves to the slowest answer's ms. */
function healthProbe(health: Client<typeof Health>): { stop(): Promise<number> } {
  let stopped = false;
  let slowest = 0;
  let failure: unknown;
  const loop = (async () => {
    while (!stopped) {
      const start = performance.now();
      await health.check({}, { timeoutMs: rotationTimeoutMs });
      slowest = Math.max(slowest, performance.now() - start);
      await new Promise((resolve) => setTimeout(resolve, healthIntervalMs));
    }
  })().catch((error: unknown) => {
    failure = error;
  });
  return {
    async stop() {
      stopped = true;
      await loop;
      if (failure !== undefined) throw new Error(`Health/Check during the rotation: ${describe(failure)}`);
      return slowest;
    },
  };
}

/** Report lines for one fan-out measurement, with the verdict against `targetMs`. */
export function formatFanout(result: FanoutResult, targetMs: number): string[] {
  const mb = (m: ProcessMemory | undefined, pick: (m: ProcessMemory) => number) =>
    m === undefined ? "n/a" : `${pick(m).toFixed(0)} MB`;
  const { memoryBefore: before, memoryOpen: open, memoryAfter: after } = result;
  const growth =
    before && open
      ? ` (+${(open.rssMb - before.rssMb).toFixed(0)} MB, ${(((open.rssMb - before.rssMb) * 1024) / result.streams).toFixed(0)} KB per stream)`
      : "";
  const seconds = (ms: number) => (ms / 1000).toFixed(1);
  const lines = [
    `WatchSessionCredentials fan-out: ${result.streams} streams, one per session of one project, over ${result.connections} HTTP/2 connections (gRPC);`,
    `each set holds ${result.credentialsPerSet} credentials with their secrets (${(result.setBytes / 1024).toFixed(1)} KB) and is audited before it is sent`,
    `  ${result.streams} sessions created in ${seconds(result.createSessionsMs)} s; every stream had its first set ${seconds(result.openStreamsMs)} s after the first opened`,
    `  server RSS: ${mb(before, (m) => m.rssMb)} before the streams, ${mb(open, (m) => m.rssMb)} with all ${result.streams} open${growth}, ${mb(after, (m) => m.rssMb)} after the rotations`,
    result.peaksReset
      ? `  server peak RSS: ${mb(open, (m) => m.peakRssMb)} while the streams opened, ${mb(after, (m) => m.peakRssMb)} during the rotations`
      : `  server peak RSS over its whole life: ${mb(after, (m) => m.peakRssMb)}`,
    "",
    "one secret rotation (UpdateCredential) each, then every stream's new set; ms from the update's response (the",
    "streams start re-reading before the response is sent, so the last arrival is also given from the request;",
    `slowest health: the slowest Health/Check answer, asked every ${healthIntervalMs} ms on another connection meanwhile):`,
  ];
  const last = (r: Rotation) => r.arrivalsMs[r.arrivalsMs.length - 1]!;
  const rows = result.rotations.map((r, i) => [
    String(i + 1),
    r.updateMs.toFixed(0),
    percentile(r.arrivalsMs, 0.5).toFixed(0),
    percentile(r.arrivalsMs, 0.9).toFixed(0),
    last(r).toFixed(0),
    (last(r) + r.updateMs).toFixed(0),
    String(r.arrivalsMs.filter((ms) => ms < 0).length),
    r.serverCpuMs === undefined ? "n/a" : r.serverCpuMs.toFixed(0),
    r.clientCpuMs.toFixed(0),
    r.slowestHealthMs.toFixed(0),
  ]);
  const header = ["rotation", "update call", "p50", "p90", "last", "last from request", "before response"];
  lines.push(...table([...header, "server CPU ms", "client CPU ms", "slowest health"], rows));
  const clientBusier = result.rotations.some((r) => r.serverCpuMs === undefined || r.clientCpuMs > r.serverCpuMs);
  const verdict = (worst: number) =>
    clientBusier
      ? "NO VERDICT: the client was the busier side, or the server's CPU could not be read"
      : `${worst < targetMs ? "PASS" : "FAIL"} (worst ${worst.toFixed(0)} ms)`;
  lines.push(
    "",
    `target: every stream has the new set within ${targetMs} ms of the update's response, each rotation: ${verdict(Math.max(...result.rotations.map(last)))}`,
    `  the same from the update's request: ${verdict(Math.max(...result.rotations.map((r) => last(r) + r.updateMs)))}`,
  );
  return lines;
}

function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, settleMs));
}

async function within<T>(work: Promise<T>, ms: number, message: string | (() => string)): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(typeof message === "string" ? message : message())), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// Code and message only: the message of an acp error never carries a secret.
function describe(error: unknown): string {
  const e = ConnectError.from(error);
  return `${Code[e.code]}: ${e.rawMessage}`;
}

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted: Float64Array, q: number): number {
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}
