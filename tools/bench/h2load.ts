// Drives a server with h2load (nghttp2's C load generator) over h2c. A Node
// client spends about as much CPU per call as the connect-node echo does, so
// it halves the echo's speed and squeezes every acp/echo ratio toward 1;
// h2load spends a few microseconds per call and leaves the cores to the server.
import { spawn, spawnSync } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import { reapedChildrenCpuMs } from "./process-cpu.js";

const installHint =
  "h2load is missing: install it with `apt-get install nghttp2-client` (Debian/Ubuntu) or `brew install nghttp2`.";

/** h2load's version line, or throws with how to install it. */
export function h2loadVersion(): string {
  const probe = spawnSync("h2load", ["--version"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) throw new H2loadMissing(installHint);
  return probe.stdout.trim();
}

export class H2loadMissing extends Error {}

export interface H2loadOptions {
  /** Base URL (http://host:port) and path. */
  readonly url: string;
  readonly path: string;
  /** Concurrent streams per HTTP/2 connection. */
  readonly streams: number;
  /**
   * HTTP/2 connections (h2load -c), 1 unless given. Workers sharing a port
   * each serve whole connections, so only several can keep several busy.
   */
  readonly connections?: number;
  readonly durationMs: number;
  /**
   * File holding the request body; h2load POSTs it on every call. Undefined
   * for an empty body (a binary empty message), which h2load cannot read from
   * a file: it then POSTs nothing.
   */
  readonly bodyFile: string | undefined;
  /** Written by h2load, read and removed by us. */
  readonly logFile: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** What one h2load run reported. */
export interface H2loadRun {
  readonly durationMs: number;
  /** Started calls: the done ones plus those cut off in flight when the duration ended. */
  readonly started: number;
  readonly done: number;
  readonly succeeded: number;
  /** failed + errored + timed out, as h2load counts them. */
  readonly unsuccessful: number;
  /** Answers with a 3xx, 4xx or 5xx status, including any cut off at the end. */
  readonly statusNot2xx: number;
  /** Bytes of response DATA, i.e. of response bodies, including any cut off at the end. */
  readonly bodyBytes: number;
  /** Per completed call, from --log-file; status -1 marks a failed stream. */
  readonly statuses: Int16Array;
  readonly latenciesMs: Float64Array;
  /** h2load's own CPU (user + system) for the whole run, or undefined without /proc. */
  readonly clientCpuMs: number | undefined;
}

/**
 * One timed run (-D) on `connections` connections (-c, default 1) with
 * `streams` in flight on each (-m). There is no --warm-up-time: the caller warms up with a run of its
 * own, because in a run with one h2load counts warm-up bytes in its traffic
 * line, and the body-bytes check needs them to match the calls exactly.
 *
 * The bearer token is in the headers and so in h2load's argv (h2load has no
 * header file); it belongs to a throwaway server on loopback that lives for
 * this run only, and the command line is never printed.
 */
export async function runH2load(options: H2loadOptions): Promise<H2loadRun> {
  const args = [
    `${options.url}${options.path}`,
    "-c",
    String(options.connections ?? 1),
    "-m",
    String(options.streams),
    "-D",
    `${options.durationMs}ms`,
    ...(options.bodyFile === undefined ? ["-H", ":method: POST"] : ["-d", options.bodyFile]),
    `--log-file=${options.logFile}`,
    ...Object.entries(options.headers).flatMap(([name, value]) => ["-H", `${name}: ${value}`]),
  ];
  // h2load appends to an existing log file.
  await rm(options.logFile, { force: true });
  // Our reaped children's CPU grows by exactly h2load's once it has been
  // waited for (before "close" is emitted); the servers, still running, add nothing.
  const cpuBefore = reapedChildrenCpuMs();
  const { code, stdout, stderr } = await run(args, options.durationMs + 30_000);
  const cpuAfter = reapedChildrenCpuMs();
  if (code !== 0) throw new Error(`h2load exited with ${code}: ${lastLines(stderr || stdout)}`);

  const summary = parseSummary(stdout);
  const log = parseLog(await readFile(options.logFile, "utf8"));
  await rm(options.logFile, { force: true });
  return {
    durationMs: options.durationMs,
    ...summary,
    ...log,
    clientCpuMs: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore,
  };
}

/** What is wrong with a run, or undefined if every call got a full 2xx answer of `bodyBytes`. */
export function runProblems(run: H2loadRun, bodyBytes: number): string | undefined {
  if (run.done === 0) return "no call completed";
  if (run.unsuccessful > 0 || run.succeeded !== run.done)
    return `${run.done - run.succeeded} of ${run.done} calls failed`;
  if (run.statusNot2xx > 0) return `${run.statusNot2xx} answers were not 2xx`;
  if (run.statuses.length !== run.done) return `log holds ${run.statuses.length} calls, h2load reported ${run.done}`;
  const bad = run.statuses.filter((s) => s < 200 || s > 299).length;
  if (bad > 0) return `log holds ${bad} calls without a 2xx answer`;
  // Every done call must have carried the verified body: a gRPC error is a
  // trailers-only answer with HTTP 200 and no body at all, so it shows here.
  // Calls cut off when the duration ends may have got their body but not
  // their end, hence the range; that slack hides at most streams − 1 errors
  // that coincide with the cut-off, and the check after all runs covers those.
  const least = run.done * bodyBytes;
  const most = run.started * bodyBytes;
  if (run.bodyBytes < least || run.bodyBytes > most || run.bodyBytes % bodyBytes !== 0) {
    return `answers carried ${run.bodyBytes} body bytes; ${run.done} done and ${run.started} started calls of ${bodyBytes} bytes each allow ${least} to ${most}`;
  }
  return undefined;
}

function run(args: string[], timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("h2load", args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal === "SIGKILL" ? null : -1), stdout, stderr });
    });
  });
}

type Summary = Pick<H2loadRun, "started" | "done" | "succeeded" | "unsuccessful" | "statusNot2xx" | "bodyBytes">;

// requests: 9900 total, 9950 started, 9900 done, 9900 succeeded, 0 failed, 0 errored, 0 timeout
const requestsLine =
  /^requests: \d+ total, (\d+) started, (\d+) done, (\d+) succeeded, (\d+) failed, (\d+) errored, (\d+) timeout/m;
// status codes: 9900 2xx, 0 3xx, 0 4xx, 0 5xx
const statusLine = /^status codes: \d+ 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx/m;
// traffic: 1.05MB (1095830) total, 56.07KB (57411) headers (space savings 89.76%), 846.02KB (866320) data
const trafficLine = /^traffic: .*\((\d+)\) data/m;

function parseSummary(stdout: string): Summary {
  const requests = requestsLine.exec(stdout);
  const status = statusLine.exec(stdout);
  const traffic = trafficLine.exec(stdout);
  if (!requests || !status || !traffic) throw new Error(`unexpected h2load output: ${lastLines(stdout)}`);
  const [started, done, succeeded, failed, errored, timeout] = requests.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const statusNot2xx = status
    .slice(1)
    .map(Number)
    .reduce((a, b) => a + b, 0);
  return {
    started,
    done,
    succeeded,
    unsuccessful: failed + errored + timeout,
    statusNot2xx,
    bodyBytes: Number(traffic[1]),
  };
}

/** --log-file rows: start time (µs since epoch), HTTP status, µs until the end of the response. */
function parseLog(text: string): Pick<H2loadRun, "statuses" | "latenciesMs"> {
  const rows = text.split("\n").filter((line) => line !== "");
  const statuses = new Int16Array(rows.length);
  const latenciesMs = new Float64Array(rows.length);
  rows.forEach((row, i) => {
    const [, status, micros] = row.split("\t");
    statuses[i] = Number(status);
    latenciesMs[i] = Number(micros) / 1000;
  });
  return { statuses, latenciesMs };
}

function lastLines(text: string): string {
  return text.trimEnd().split("\n").slice(-5).join("\n");
}
