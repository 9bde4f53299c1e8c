// How much does acp cost on top of the RPC framework? Starts the real API
// (SQLite in a fresh temp dir, --dev keyring) and a bare connect-node echo
// server as two child processes, then drives GetCredentialSecret on both with
// 1 and 50 concurrent clients and prints throughput, latency and their ratios.
// The echo answers the very bytes the API answers, so the ratio isolates the
// API's own work: token lookup, database read, decryption, per-call logging.
//
//   npm run bench:api
//   BENCH_CALLS_1=2000 BENCH_CALLS_50=10000 BENCH_WARMUP=500 BENCH_ROUNDS=4 npm run bench:api
//   BENCH_CPU_PROF_DIR=/tmp/prof npm run bench:api   # .cpuprofile per server
//
// Exits 0 whether or not the target is met (this is a report), 1 if any call
// fails or returns the wrong secret.
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { toBinary } from "@bufbuild/protobuf";
import { type Client, createClient, type Interceptor } from "@connectrpc/connect";
import { createGrpcTransport, Http2SessionManager } from "@connectrpc/connect-node";
import { CredentialService, GetCredentialSecretResponseSchema, ProviderType } from "@acp/proto";
import { formatReport, type Measurement } from "./bench-report.js";
import { type ChildServer, spawnChildServer } from "./child-server.js";
import { type LoadSample, runLoad } from "./load-driver.js";
import { type CpuUsed, summarize } from "./load-summary.js";
import { processCpuMs } from "./process-cpu.js";

const apiBin = fileURLToPath(new URL("../../apps/api/bin/acp-api.mjs", import.meta.url));
const echoEntry = fileURLToPath(new URL("./echo-server.ts", import.meta.url));
// The echo child loads TypeScript the way the API's bin does: through tsx.
const tsxLoader = import.meta.resolve("tsx");

const runTimeoutMs = 60_000;
const warmupConcurrency = 50;

interface BenchConfig {
  readonly warmup: number;
  /** Each level's calls are split into this many alternating rounds per target. */
  readonly rounds: number;
  /** [concurrency, calls] in the order they run. */
  readonly levels: ReadonlyArray<readonly [concurrency: number, calls: number]>;
  readonly cpuProfDir: string | undefined;
}

function readConfig(env: NodeJS.ProcessEnv): BenchConfig {
  const count = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === "") return fallback;
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
    return value;
  };
  // Defaults sized to finish in about a minute on a busy 2-core machine.
  return {
    warmup: count("BENCH_WARMUP", 500),
    rounds: count("BENCH_ROUNDS", 4),
    levels: [
      [1, count("BENCH_CALLS_1", 3_000)],
      [50, count("BENCH_CALLS_50", 15_000)],
    ],
    cpuProfDir: env.BENCH_CPU_PROF_DIR || undefined,
  };
}

interface Target {
  readonly name: Measurement["target"];
  readonly server: ChildServer;
  readonly client: Client<typeof CredentialService>;
}

/** Makes `calls` GetCredentialSecret calls on one target from `concurrency` clients. */
type Drive = (target: Target, calls: number, concurrency: number) => Promise<LoadSample>;

async function main(): Promise<number> {
  const config = readConfig(process.env);
  const dataDir = await mkdtemp(join(tmpdir(), "acp-api-bench-"));
  const servers: ChildServer[] = [];
  const sessions: Http2SessionManager[] = [];
  const nodeArgs = (label: string) =>
    // A directory per server: tsx's loader thread writes a profile of its own.
    config.cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${join(config.cpuProfDir, label)}`] : [];
  // One HTTP/2 session per target, shared by all its workers, closed by us at the end.
  const connect = (baseUrl: string, token: string) => {
    const sessionManager = new Http2SessionManager(baseUrl);
    sessions.push(sessionManager);
    return createClient(CredentialService, createGrpcTransport({ baseUrl, sessionManager, interceptors: [bearer(token)] }));
  };

  try {
    const tokenFile = join(dataDir, "bootstrap-token");
    const api = await spawnChildServer(
      "api",
      [...nodeArgs("api"), apiBin, "serve", "--dev", "--data-dir", dataDir, "--listen", "127.0.0.1:0", "--bootstrap-token-file", tokenFile],
      process.env,
    );
    servers.push(api);
    const token = (await readFile(tokenFile, "utf8")).trim();
    const apiClient = connect(api.url, token);

    // A classic personal access token is 40 characters: ghp_ and 36 more.
    const secret = `ghp_${randomBytes(27).toString("base64url")}`;
    const created = await apiClient.createCredential({ name: "bench-token", provider: ProviderType.GITHUB, secret });
    const id = created.credential?.id;
    if (!id) throw new Error("CreateCredential answered without a credential id");
    const real = toBinary(GetCredentialSecretResponseSchema, await apiClient.getCredentialSecret({ id }));

    const echo = await spawnChildServer(
      "echo",
      [...nodeArgs("echo"), "--import", tsxLoader, echoEntry],
      { ...process.env, ACP_BENCH_ECHO_RESPONSE: Buffer.from(real).toString("base64") },
    );
    servers.push(echo);
    // The echo ignores the token; sending it keeps both requests byte for byte alike.
    const targets: Target[] = [
      { name: "api", server: api, client: apiClient },
      { name: "echo", server: echo, client: connect(echo.url, token) },
    ];

    const readSecret = (client: Target["client"]) => async (_i: number, signal: AbortSignal) => {
      const response = await client.getCredentialSecret({ id }, { signal });
      // Length only: the secret itself never goes to the terminal.
      if (response.secret !== secret) throw new Error(`response secret differs from the stored one (${response.secret.length} chars)`);
    };
    // Names the target in any failure, so a broken API is easy to tell from a broken echo.
    const drive: Drive = (target, calls, concurrency) =>
      runLoad({ calls, concurrency, call: readSecret(target.client), timeoutMs: runTimeoutMs }).catch((error: unknown) => {
        throw new Error(`${target.name}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      });

    // The load average tells a reader how much else was competing for the same cores.
    const load = loadavg().map((l) => l.toFixed(2)).join(" ");
    console.log(`GetCredentialSecret over gRPC (h2c), one HTTP/2 session per target; node ${process.version}, ${availableParallelism()} CPUs, load average ${load}`);
    console.log(`api: ${api.url} (SQLite, --dev keyring)   echo: ${echo.url} (bare connect-node)   response: ${real.length} bytes each`);
    console.log(`warm-up: ${config.warmup} calls per target at ${warmupConcurrency} clients; then ${config.rounds} alternating rounds per level`);
    for (const target of targets) {
      await drive(target, config.warmup, warmupConcurrency);
    }

    const measurements: Measurement[] = [];
    for (const [concurrency, calls] of config.levels) {
      measurements.push(...(await measureLevel(targets, concurrency, calls, config.rounds, drive)));
    }
    console.log("");
    for (const line of formatReport(measurements)) console.log(line);
    return 0;
  } catch (error) {
    // The servers' last log lines usually say why a call failed (they never hold secrets).
    for (const server of servers) {
      console.error(`--- last output of ${server.label}:\n${server.outputTail().trimEnd().split("\n").slice(-10).join("\n")}`);
    }
    throw error;
  } finally {
    for (const session of sessions) session.abort();
    await Promise.all(servers.map((server) => server.stop()));
    await rm(dataDir, { recursive: true, force: true });
    if (config.cpuProfDir) console.log(`\ncpu profiles: ${config.cpuProfDir}`);
  }
}

/**
 * Drives every target at one concurrency. The calls are split into rounds
 * that alternate api-echo, echo-api, so drift and other load on a shared
 * machine hit both targets alike instead of whichever ran second.
 */
async function measureLevel(
  targets: readonly Target[],
  concurrency: number,
  calls: number,
  rounds: number,
  drive: Drive,
): Promise<Measurement[]> {
  const samples = new Map<Target, LoadSample[]>(targets.map((t) => [t, []]));
  const cpu = new Map<Target, CpuUsed>(targets.map((t) => [t, { serverMs: 0, clientMs: 0 }]));
  const roundCount = Math.min(rounds, calls);
  for (let round = 0; round < roundCount; round++) {
    const order = round % 2 === 0 ? targets : [...targets].reverse();
    const roundCalls = Math.floor(calls / roundCount) + (round < calls % roundCount ? 1 : 0);
    for (const target of order) {
      const pid = target.server.child.pid!;
      const serverBefore = processCpuMs(pid);
      const clientBefore = process.cpuUsage();
      samples.get(target)!.push(await drive(target, roundCalls, concurrency));
      const client = process.cpuUsage(clientBefore);
      const serverAfter = processCpuMs(pid);
      const sum = cpu.get(target)!;
      cpu.set(target, {
        // undefined once any reading is unavailable: a partial sum would mislead.
        serverMs: sum.serverMs === undefined || serverBefore === undefined || serverAfter === undefined
          ? undefined
          : sum.serverMs + serverAfter - serverBefore,
        clientMs: sum.clientMs + (client.user + client.system) / 1000,
      });
    }
  }
  return targets.map((target) => ({ target: target.name, summary: summarize(samples.get(target)!, concurrency, cpu.get(target)!) }));
}

function bearer(token: string): Interceptor {
  return (next) => (req) => {
    req.header.set("Authorization", `Bearer ${token}`);
    return next(req);
  };
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(`bench:api failed: ${error instanceof Error ? error.message : String(error)}`);
  return 1;
});
