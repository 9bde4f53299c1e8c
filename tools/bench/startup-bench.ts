// How long does acp-api take to answer its first health check, and how much
// memory does it then hold? Times N starts each of `node -e 0` (the floor),
// the built bin (plain node running the esbuild bundle) and the same sources
// through tsx (how the bin ran before it was built), interleaved in one run
// so the machine's load hits all three alike. Each server gets a fresh SQLite
// data dir, so every start also migrates and bootstraps, as a first start does.
//
//   npm run bench:startup
//   BENCH_STARTS=30 npm run bench:startup
//
// A report, not a gate: no time is asserted on a shared, noisy machine.
// Exits 1 only if a start fails.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Health, HealthCheckResponse_ServingStatus as ServingStatus } from "@acp/proto";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport, Http2SessionManager } from "@connectrpc/connect-node";
import { buildIfStale, describeOutcome } from "../build/build-if-stale.js";
import { repoRoot } from "../checks/repo-root.js";
import { type ChildServer, spawnChildServer } from "./child-server.js";

const apiBin = join(repoRoot, "apps/api/bin/acp-api.mjs");
const apiSources = join(repoRoot, "apps/api/src/main.ts");
const tsxLoader = import.meta.resolve("tsx");
// What the bin did before the bundle: load main.ts through tsx, then run it.
const tsxMain = `const { main } = await import(${JSON.stringify(apiSources)}); process.exit(await main(process.argv.slice(1)));`;

// The server is idle after start-up; a second lets lazy start-up work and
// the first garbage collections settle before its memory is read.
const idleMs = 1_000;
const healthDeadlineMs = 30_000;

interface StartSample {
  readonly ms: number;
  /** Resident memory a second after the first health answer; servers only. */
  readonly idleRssMb: number | undefined;
}

interface Variant {
  readonly label: string;
  start(): Promise<StartSample>;
}

function readStarts(env: NodeJS.ProcessEnv): number {
  const raw = env["BENCH_STARTS"];
  if (raw === undefined || raw === "") return 15;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new Error(`BENCH_STARTS must be a positive integer, got ${JSON.stringify(raw)}`);
  }
  return value;
}

const live = new Set<ChildServer>();

/** Spawn to exit of a process that does nothing: what node itself costs. */
async function startBareNode(): Promise<StartSample> {
  const started = performance.now();
  const child = spawn(process.execPath, ["-e", "0"], { stdio: "ignore" });
  const [code] = (await once(child, "exit")) as [number | null];
  if (code !== 0) throw new Error(`node -e 0 exited ${code}`);
  return { ms: performance.now() - started, idleRssMb: undefined };
}

/** Spawn to first SERVING answer of `node NODE_ARGS serve …`, then its idle memory. */
async function startServer(label: string, nodeArgs: readonly string[]): Promise<StartSample> {
  const dataDir = await mkdtemp(join(tmpdir(), "acp-startup-bench-"));
  const env = { ...process.env, ACP_DATABASE_URL: "", ACP_KEYRING_FILE: "" };
  const args = [...nodeArgs, "serve", "--dev", "--data-dir", dataDir, "--listen", "127.0.0.1:0"];
  const started = performance.now();
  // Resolves on the "listening" log line, which is where the URL comes from;
  // ready is the first health answer after it, not the line itself.
  const server = await spawnChildServer(label, args, env);
  live.add(server);
  const sessions = new Http2SessionManager(server.url);
  try {
    await untilServing(createClient(Health, createGrpcTransport({ baseUrl: server.url, sessionManager: sessions })));
    const ms = performance.now() - started;
    sessions.abort();
    await sleep(idleMs);
    return { ms, idleRssMb: residentMb(server.child.pid!) };
  } catch (error) {
    throw new Error(`${label}: ${error instanceof Error ? error.message : String(error)}\n${server.outputTail()}`);
  } finally {
    sessions.abort();
    await server.stop();
    live.delete(server);
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function untilServing(health: ReturnType<typeof createClient<typeof Health>>): Promise<void> {
  const deadline = performance.now() + healthDeadlineMs;
  let last: unknown;
  while (performance.now() < deadline) {
    try {
      const { status } = await health.check({});
      if (status === ServingStatus.SERVING) return;
      last = `status ${ServingStatus[status]}`;
    } catch (error) {
      last = error;
    }
    await sleep(5);
  }
  throw new Error(`no SERVING health answer within ${healthDeadlineMs} ms; last: ${String(last)}`);
}

/** VmRSS from /proc, in MB; undefined where /proc is unavailable. */
function residentMb(pid: number): number | undefined {
  try {
    const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

/** Nearest-rank percentile. */
function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

function report(variants: readonly Variant[], samples: ReadonlyMap<Variant, StartSample[]>): string[] {
  const stats = variants.map((variant) => {
    const all = samples.get(variant)!;
    const ms = all.map((s) => s.ms);
    const rss = all.flatMap((s) => (s.idleRssMb === undefined ? [] : [s.idleRssMb]));
    return {
      label: variant.label,
      median: percentile(ms, 0.5),
      p90: percentile(ms, 0.9),
      rss: rss.length === 0 ? undefined : percentile(rss, 0.5),
    };
  });
  const floor = stats[0]!;
  const rows = stats.map((s) => [
    s.label,
    s.median.toFixed(0),
    s.p90.toFixed(0),
    `${(s.median / floor.median).toFixed(1)}x`,
    `${(s.p90 / floor.p90).toFixed(1)}x`,
    s.rss === undefined ? "n/a" : s.rss.toFixed(0),
  ]);
  const header = ["", "median ms", "p90 ms", "median / node -e 0", "p90 / node -e 0", "idle RSS MB (median)"];
  const widths = header.map((_, c) => Math.max(...[header, ...rows].map((row) => row[c]!.length)));
  const line = (row: string[]) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)));
  return [header, ...rows].map((row) => line(row).join("  "));
}

async function main(): Promise<number> {
  const starts = readStarts(process.env);
  for (const outcome of await buildIfStale()) console.log(`build: ${describeOutcome(outcome)}`);
  const variants: Variant[] = [
    { label: "node -e 0", start: startBareNode },
    { label: "acp-api, built bundle", start: () => startServer("bundle", [apiBin]) },
    {
      label: "acp-api, through tsx",
      start: () => startServer("tsx", ["--import", tsxLoader, "--input-type=module", "-e", tsxMain, "--"]),
    },
  ];
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
  console.log(`start to first grpc.health.v1.Health/Check SERVING, ${starts} starts each, interleaved`);
  console.log(`node ${process.version}, ${availableParallelism()} CPUs, load average ${load}\n`);

  const samples = new Map<Variant, StartSample[]>(variants.map((v) => [v, []]));
  for (let round = 0; round < starts; round++) {
    // Rotate who goes first, so no variant always follows the same one.
    for (let k = 0; k < variants.length; k++) {
      const variant = variants[(round + k) % variants.length]!;
      samples.get(variant)!.push(await variant.start());
    }
  }
  for (const row of report(variants, samples)) console.log(row);
  return 0;
}

// Ctrl-C reaches the children too, but a server must not outlive the bench
// even if it ignores SIGINT.
process.once("SIGINT", () => {
  void Promise.all([...live].map((server) => server.stop())).finally(() => process.exit(130));
});

try {
  process.exitCode = await main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await Promise.all([...live].map((server) => server.stop()));
}
