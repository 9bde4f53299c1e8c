// How much does acp cost on top of the RPC framework? Starts the real API
// (SQLite in a fresh temp dir, --dev keyring) with one worker and, when its
// serve has --workers, a second one with a worker per core on the same data,
// seeds them with thousands of credentials through timed h2load creates,
// starts a bare connect-node echo (one process) that answers the very bytes
// the API answers, and drives all with h2load over h2c in Connect JSON,
// Connect binary and gRPC at several stream counts. The ratio isolates the
// API's own work: token lookup, database read, decryption, audit, per-call
// logging. Timed:
//
//   CreateCredential       the seeding itself: one GitLab token stored again and again
//   GetCredentialSecret    an admin reads one secret out of 10,000
//   GetSessionCredentials  a runner reads its session: one credential of each
//                          provider bound to its project, every read audited
//
// The report ends with issue 12's targets, each met or NOT met, with the
// servers' idle memory; with BENCH_CPU_PROF_DIR, also each server's top
// self-time functions during each scenario's timed rounds.
//
// Then, on a fresh API of its own, the stream fan-out (stream-fanout.ts): a
// thousand runners watch their sessions, one bound secret is rotated three
// times, and the report says how long until the last of them has each new
// set, and the server's RSS with every stream open.
//
//   npm run bench:api
//   BENCH_PROTOCOLS=grpc BENCH_STREAMS=50 BENCH_ROUNDS=6 npm run bench:api
//   BENCH_SCENARIOS=GetSessionCredentials BENCH_FANOUT_STREAMS=0 npm run bench:api
//   BENCH_SCENARIOS=none npm run bench:api   # the fan-out alone, in about 30 s
//   BENCH_CPU_PROF_DIR=/tmp/prof npm run bench:api   # .cpuprofile per server, and their top five
//
// The API's bundle is built first when its inputs changed, as `npm start`
// does, so a fresh clone needs no separate build. Every variable is listed in
// bench-config.ts. Exits 0 whether or not a target is met (this is a
// report), 1 if h2load is missing, any call fails, any answer is not the
// stored secret, a create stored no row, or any stream misses a rotation.
import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ProviderType } from "@acp/proto";
import type { Http2SessionManager } from "@connectrpc/connect-node";
import { buildIfStale, describeOutcome } from "../build/build-if-stale.js";
import { type Api, serveHasWorkers, startApi, tokenFileIn } from "./api-servers.js";
import { type BenchConfig, configHelp, readConfig } from "./bench-config.js";
import { formatReport, type TargetName } from "./bench-report.js";
import { judgeTargets, type MemoryReading } from "./bench-targets.js";
import { type ChildServer, spawnChildServer } from "./child-server.js";
import { formatProfileSummary, readProfiles, sourceMapLocator, summarizeProfiles } from "./cpu-profile-summary.js";
import { H2loadMissing, h2loadVersion } from "./h2load.js";
import type { Target } from "./measure-rounds.js";
import { processTreeMemory } from "./process-tree.js";
import { measureTables, type Tables } from "./read-tables.js";
import { seedProject } from "./session-seed.js";
import { formatFanout, measureFanout } from "./stream-fanout.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const defaultApiBin = fileURLToPath(new URL("../../apps/api/bin/acp-api.mjs", import.meta.url));
const echoEntry = fileURLToPath(new URL("./echo-server.ts", import.meta.url));
// The echo child loads TypeScript the way the API's tsx bin does.
const tsxLoader = import.meta.resolve("tsx");
/** The fan-out's bar on this 2-core machine: the last stream has the new set within a second. */
const fanoutTargetMs = 1_000;
/**
 * When a server's idle memory is read after the load: soon, and twice more
 * while V8's memory reducer has its turn. It collects only once the
 * allocation rate it averages over its last collections is low, which after
 * a load takes a while: one run saw the one worker's young generation
 * returned 29 s after h2load stopped (194 to 128 MB), and neither of the two
 * workers' within 30 s; a server at 171 MB 10 s after the load was at 97 MB
 * 30 s after in another run.
 */
const settleMs = [2_000, 30_000, 60_000] as const;

async function main(): Promise<number> {
  const config = readConfig(process.env);
  let h2load: string;
  try {
    h2load = h2loadVersion();
  } catch (error) {
    if (!(error instanceof H2loadMissing)) throw error;
    console.error(error.message);
    return 1;
  }
  const workDir = await mkdtemp(join(tmpdir(), "acp-api-bench-"));
  const servers = new Set<ChildServer>();
  const sessionManagers: Http2SessionManager[] = [];
  // Anything a server printed is shown on failure; the API prints its
  // bootstrap token once at start-up, and that must not reach the terminal.
  const tokens: string[] = [];
  const nodeArgs = (label: string) =>
    // A directory per server: tsx's loader thread writes a profile of its own, and each worker one.
    config.cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${join(config.cpuProfDir, label)}`] : [];
  const apiBin = resolve(config.apiBin ?? defaultApiBin);
  const launch = async (label: string, dataLabel: string, workers: number | undefined): Promise<Api> => {
    const start = { label, apiBin, dataDir: join(workDir, dataLabel), tokenFile: tokenFileIn(workDir, dataLabel) };
    const api = await startApi({ ...start, workers, nodeArgs: nodeArgs(label) }, (s) => servers.add(s));
    tokens.push(api.authorization.slice("Bearer ".length));
    sessionManagers.push(api.sessionManager);
    return api;
  };

  try {
    // Another build named by BENCH_API_BIN is the caller's to keep fresh.
    if (config.apiBin === undefined) {
      for (const outcome of await buildIfStale()) console.log(`build: ${describeOutcome(outcome)}`);
    }
    const hasWorkers = serveHasWorkers(apiBin);
    console.log(`node ${process.version}, ${availableParallelism()} CPUs, load average ${load()}`);
    console.log(`acp: ${relative(process.cwd(), apiBin)}`);
    const unavailable = !hasWorkers
      ? "not available: this acp-api serve has no --workers flag"
      : config.workers < 2
        ? `not available: BENCH_WORKERS=${config.workers}`
        : undefined;
    console.log(
      unavailable
        ? `all workers: ${unavailable}; acp runs as one process`
        : `all workers: acp-api serve --workers ${config.workers} beside --workers 1, on the same data, driven over ${config.workerConnections} connections`,
    );
    console.log("");
    if (config.scenarios.length > 0) {
      const bench = await benchTables(config, { h2load, workDir, launch, unavailable, startEcho });
      // The fan-out gets a server of its own, so its memory figures are not those of the load above.
      // Stopped servers have written their profiles.
      for (const server of [...servers]) await stopServer(server);
      // Printed before the fan-out, so that its failure does not cost the tables.
      for (const line of [...bench.lines, ...(config.cpuProfDir ? profileLines(config, bench.tables) : [])]) {
        console.log(line);
      }
    }
    if (config.fanoutStreams > 0) {
      const api = await launch("acp-fanout", "acp-fanout", hasWorkers ? 1 : undefined);
      console.log(`fan-out: ${config.fanoutStreams} sessions and streams on a fresh acp, load average ${load()}`);
      // One credential of each provider, as the session read above; the GitHub token is the one rotated.
      const project = await seedProject(api.clients, "bench-fanout");
      const rotated = project.bound.find((b) => b.provider === ProviderType.GITHUB)!;
      const fanout = await measureFanout(api.server, api.clients, project.projectId, rotated, {
        streams: config.fanoutStreams,
        connections: config.fanoutConnections,
        rotations: config.fanoutRotations,
        concurrency: config.fanoutConcurrency,
      });
      console.log("");
      for (const line of formatFanout(fanout, fanoutTargetMs)) console.log(line);
      console.log("");
    }
    console.log(`load average at the end: ${load()}`);
    return 0;
  } catch (error) {
    // The servers' last log lines usually say why a call failed; per-call logs hold no secret.
    for (const server of servers) {
      const tail = server.outputTail().trimEnd().split("\n").slice(-10).join("\n");
      console.error(
        `--- last output of ${server.label}:\n${tokens.reduce((t, token) => t.replaceAll(token, "[token]"), tail)}`,
      );
    }
    throw error;
  } finally {
    for (const manager of sessionManagers) manager.abort();
    await Promise.all([...servers].map((server) => server.stop()));
    await rm(workDir, { recursive: true, force: true });
    if (config.cpuProfDir) console.log(`\ncpu profiles: ${config.cpuProfDir}`);
  }

  async function stopServer(server: ChildServer) {
    await server.stop();
    servers.delete(server);
  }

  async function startEcho(secretAnswer: Uint8Array, sessionAnswer: Uint8Array): Promise<ChildServer> {
    const echo = await spawnChildServer("echo", [...nodeArgs("echo"), "--import", tsxLoader, echoEntry], {
      ...process.env,
      ACP_BENCH_ECHO_RESPONSE: Buffer.from(secretAnswer).toString("base64"),
      ACP_BENCH_ECHO_SESSION_RESPONSE: Buffer.from(sessionAnswer).toString("base64"),
    });
    servers.add(echo);
    return echo;
  }
}

interface BenchContext {
  readonly h2load: string;
  readonly workDir: string;
  readonly launch: (label: string, dataLabel: string, workers: number | undefined) => Promise<Api>;
  /** Why there is no all-workers server, or undefined when there is one. */
  readonly unavailable: string | undefined;
  readonly startEcho: (secretAnswer: Uint8Array, sessionAnswer: Uint8Array) => Promise<ChildServer>;
}

/** The h2load tables, and the target verdicts as lines printed at the end. */
async function benchTables(
  config: BenchConfig,
  context: BenchContext,
): Promise<{ readonly tables: Tables; readonly lines: string[] }> {
  const one = await context.launch("acp", "acp", context.unavailable === undefined ? 1 : undefined);
  // Started second, on the first one's data: its primary finds the admin there and makes none.
  const all =
    context.unavailable === undefined ? await context.launch("acp-workers", "acp", config.workers) : undefined;
  const acp: Target[] = [{ name: "acp", server: one.server, connections: 1, processes: 1 }];
  if (all) {
    const { workerConnections: connections, workers: processes } = config;
    acp.push({ name: "acp-workers", server: all.server, connections, processes });
  }
  const memory: MemoryReading[] = [];
  const readMemory = (when: string) => {
    for (const target of acp) memory.push(memoryReading(target, when));
  };
  readMemory("fresh");

  const tables = await measureTables(config, {
    h2load: context.h2load,
    workDir: context.workDir,
    authorization: one.authorization,
    clients: one.clients,
    acp,
    startEcho: context.startEcho,
  });
  let waited = 0;
  for (const ms of settleMs) {
    await new Promise((r) => setTimeout(r, ms - waited));
    waited = ms;
    readMemory(`idle ${ms / 1000} s after the load`);
  }
  const workers = all ? { count: config.workers } : { unavailable: context.unavailable! };
  const lines = [
    "",
    ...formatReport([...tables.create, ...tables.reads], all ? config.workers : undefined),
    `load average after the tables: ${load()}`,
    "",
    ...judgeTargets({ measurements: tables.reads, workers, memory }),
    "",
  ];
  return { tables, lines };
}

/**
 * Resident memory of the processes that serve calls: the workers, or the
 * one process when there are none. A primary that only forks and supervises
 * is named apart.
 */
function memoryReading(target: Target, when: string): MemoryReading {
  const tree = processTreeMemory(target.server.child.pid!);
  const name = target.name === "acp" ? "acp, one worker" : "acp, all workers";
  if (tree.length <= 1) return { server: `${name}, ${when}`, workersMb: tree.map((t) => t.memory.rssMb) };
  const [primary, ...workers] = tree;
  return {
    server: `${name}, ${when} (primary ${primary!.memory.rssMb.toFixed(0)} MB)`,
    workersMb: workers.map((t) => t.memory.rssMb),
  };
}

/** Each server's top self-time entries in each scenario's timed rounds, from the profiles written at exit. */
function profileLines(config: BenchConfig, tables: Tables): string[] {
  const locate = sourceMapLocator(repoRoot);
  const lines: string[] = [];
  const labels: Readonly<Record<TargetName, string>> = {
    acp: "acp, one worker",
    "acp-workers": `acp, ${config.workers} workers`,
    echo: "echo",
  };
  for (const [target, byScenario] of tables.windows) {
    const profiles = readProfiles(join(config.cpuProfDir!, target));
    for (const [scenario, windows] of byScenario) {
      const summary = summarizeProfiles(profiles, windows, config.profileTop, locate);
      lines.push(...formatProfileSummary(`cpu profile, ${labels[target]}, ${scenario}`, summary), "");
    }
  }
  return lines;
}

/** The load average tells a reader how much else was competing for the same cores. */
function load(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(`bench:api failed: ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof Error && error.message.startsWith("BENCH_")) console.error(configHelp);
  return 1;
});
