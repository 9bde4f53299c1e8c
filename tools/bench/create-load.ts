// A small HTTP/2 load generator for CreateCredential, which h2load cannot
// drive: it POSTs one fixed body, and a credential's name is unique per
// owner, so every call after the first would answer AlreadyExists. Here each
// call gets a name of its own, encoded per call (a few µs), over raw
// node:http2 sessions, which cost far less per call than a Connect client.
// Its own CPU is reported beside the server's, as h2load's is.
import * as http2 from "node:http2";
import { CredentialService } from "@acp/proto";
import { create } from "@bufbuild/protobuf";
import type { H2loadRun } from "./h2load.js";
import type { WireProtocol } from "./wire-protocols.js";

export interface CreateLoad {
  readonly url: string;
  readonly protocol: WireProtocol;
  readonly authorization: string;
  readonly count: number;
  /** Calls in flight in all, over `connections` sessions. */
  readonly streams: number;
  readonly connections: number;
  /** The i-th call's credential; names must differ across every call of a run and of the bench. */
  readonly credential: (i: number) => { readonly name: string; readonly secret: string; readonly provider: number };
}

const method = CredentialService.method.createCredential;
const path = `/${method.parent.typeName}/${method.name}`;

/**
 * `count` creates, `streams` at a time; resolves with the figures h2load
 * would report. A call counts as succeeded only with HTTP 200 and, in gRPC,
 * grpc-status 0 in its trailers; anything else is its status -1 in the log.
 */
export async function runCreates(load: CreateLoad): Promise<H2loadRun> {
  const sessions = await Promise.all(Array.from({ length: load.connections }, () => connect(load.url)));
  const latencies = new Float64Array(load.count);
  const statuses = new Int16Array(load.count);
  let next = 0;
  let succeeded = 0;
  let bodyBytes = 0;
  let firstProblem: string | undefined;
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const worker = async (w: number) => {
    const session = sessions[w % sessions.length]!;
    while (next < load.count) {
      const i = next++;
      const body = load.protocol.encode(method.input, create(method.input, load.credential(i)));
      const began = performance.now();
      const answer = await call(session, load, body);
      latencies[i] = performance.now() - began;
      statuses[i] = answer.ok ? answer.status : -1;
      bodyBytes += answer.bytes;
      if (answer.ok) succeeded++;
      else firstProblem ??= answer.problem;
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(load.streams, load.count) }, (_, w) => worker(w)));
  } finally {
    for (const session of sessions) session.close();
  }
  const durationMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  if (firstProblem !== undefined) {
    throw new CreateFailure(`${load.count - succeeded} of ${load.count} calls failed; the first: ${firstProblem}`);
  }
  return {
    durationMs,
    started: load.count,
    done: load.count,
    succeeded,
    unsuccessful: load.count - succeeded,
    statusNot2xx: [...statuses].filter((s) => s !== -1 && (s < 200 || s > 299)).length,
    bodyBytes,
    statuses,
    latenciesMs: latencies,
    clientCpuMs: (cpu.user + cpu.system) / 1000,
  };
}

function connect(url: string): Promise<http2.ClientHttp2Session> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(url);
    session.once("connect", () => resolve(session));
    session.once("error", reject);
  });
}

interface Answer {
  readonly ok: boolean;
  readonly status: number;
  readonly bytes: number;
  /** Why a call failed: its statuses and, for Connect, the error body (acp's messages hold no secret). */
  readonly problem?: string;
}

/** What one failed call said, for the bench's error: the first is enough to tell why. */
export class CreateFailure extends Error {}

function call(session: http2.ClientHttp2Session, load: CreateLoad, body: Uint8Array): Promise<Answer> {
  return new Promise((resolve) => {
    const request = session.request({
      ":method": "POST",
      ":path": path,
      ...load.protocol.headers,
      authorization: load.authorization,
    });
    let status = 0;
    let grpcStatus: string | undefined;
    let bytes = 0;
    let grpcMessage: string | undefined;
    const head: Buffer[] = [];
    const grpcStatusOf = (h: http2.IncomingHttpHeaders) => {
      if (h["grpc-status"] !== undefined) grpcStatus = String(h["grpc-status"]);
      if (h["grpc-message"] !== undefined) grpcMessage = decodeURIComponent(String(h["grpc-message"]));
    };
    request.on("response", (h) => {
      status = Number(h[":status"]);
      grpcStatusOf(h);
    });
    request.on("trailers", grpcStatusOf);
    request.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
      if (status !== 200 && bytes <= 512) head.push(chunk);
    });
    request.once("error", (error) => resolve({ ok: false, status, bytes, problem: error.message }));
    request.once("close", () => {
      const grpcOk = load.protocol.name !== "grpc" || grpcStatus === "0";
      const ok = status === 200 && grpcOk && bytes > 0;
      const said = status === 200 ? (grpcMessage ?? "") : Buffer.concat(head).toString("utf8").slice(0, 300);
      const problem = ok ? undefined : `HTTP ${status}, grpc-status ${grpcStatus ?? "none"}: ${said}`;
      resolve({ ok, status, bytes, problem });
    });
    request.end(body);
  });
}
