import { availableParallelism } from "node:os";
import { type ProtocolName, protocolNames } from "./wire-protocols.js";

/** The h2load scenarios, by the name their tables carry. */
export const scenarioNames = ["GetCredentialSecret", "GetSessionCredentials"] as const;
export type ScenarioName = (typeof scenarioNames)[number];

export interface BenchConfig {
  /** Credentials created (and timed) before measuring; the bench reads the middle one. */
  readonly credentials: number;
  /** Streams in flight of those creates. */
  readonly seedConcurrency: number;
  /** Untimed creates per server and protocol before its timed ones. */
  readonly createWarmup: number;
  /** Workers of the all-workers server (when acp-api serve has --workers). */
  readonly workers: number;
  /** HTTP/2 connections the all-workers server is driven over, so that each worker gets some. */
  readonly workerConnections: number;
  /** Self-time entries of each CPU profile summary. */
  readonly profileTop: number;
  readonly scenarios: readonly ScenarioName[];
  readonly protocols: readonly ProtocolName[];
  /** Concurrent streams on the one HTTP/2 connection, in the order they run. */
  readonly streams: readonly number[];
  /** Timed runs per target at each protocol × streams, alternating targets A B B A … */
  readonly rounds: number;
  readonly roundMs: number;
  /** Untimed run per target and protocol before its first timed one. */
  readonly warmupMs: number;
  /** Another build of the API to bench instead of apps/api/bin/acp-api.mjs. */
  readonly apiBin: string | undefined;
  readonly cpuProfDir: string | undefined;
  /** WatchSessionCredentials streams (one session each) of the fan-out figure; 0 leaves it out. */
  readonly fanoutStreams: number;
  readonly fanoutConnections: number;
  readonly fanoutRotations: number;
  readonly fanoutConcurrency: number;
}

export const configHelp = `environment (defaults in brackets):
  BENCH_CREDENTIALS [10000, created and timed]  BENCH_SEED_CONCURRENCY [16 streams]
  BENCH_CREATE_WARMUP [200 per serving process and protocol]
  BENCH_WORKERS [the number of CPUs]  BENCH_WORKER_CONNECTIONS [2 per worker]  BENCH_PROFILE_TOP [5]
  BENCH_SCENARIOS [${scenarioNames.join(",")}; none: only the fan-out]
  BENCH_PROTOCOLS [${protocolNames.join(",")}]  BENCH_STREAMS [1,10,50]
  BENCH_ROUNDS [3]  BENCH_ROUND_MS [800]  BENCH_WARMUP_MS [1000 per serving process]
  BENCH_API_BIN [apps/api/bin/acp-api.mjs, built first if stale]  BENCH_CPU_PROF_DIR [none: no .cpuprofile]
  BENCH_FANOUT_STREAMS [1000; 0 skips the fan-out]  BENCH_FANOUT_CONNECTIONS [8, or enough for the server's streams per connection]
  BENCH_FANOUT_ROTATIONS [3]  BENCH_FANOUT_CONCURRENCY [32]`;

/** Defaults sized to finish the whole bench:api in about five minutes on a busy 2-core machine. */
export function readConfig(env: NodeJS.ProcessEnv): BenchConfig {
  const raw = (name: string) => (env[name] === undefined || env[name] === "" ? undefined : env[name]);
  const count = (name: string, fallback: number): number => {
    const value = raw(name);
    return value === undefined ? fallback : positiveInteger(name, value);
  };
  const list = (name: string, fallback: string) =>
    (raw(name) ?? fallback)
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);

  const oneOf = <T extends string>(name: string, known: readonly T[], noneAllowed = false): T[] => {
    const values = list(name, known.join(","));
    if (noneAllowed && values.length === 1 && values[0] === "none") return [];
    for (const v of values) {
      if (!(known as readonly string[]).includes(v))
        throw new Error(`${name}: unknown value ${JSON.stringify(v)}; expected some of ${known.join(",")}`);
    }
    return values as T[];
  };
  const fanoutStreams = raw("BENCH_FANOUT_STREAMS");
  return {
    credentials: count("BENCH_CREDENTIALS", 10_000),
    seedConcurrency: count("BENCH_SEED_CONCURRENCY", 16),
    createWarmup: count("BENCH_CREATE_WARMUP", 200),
    workers: count("BENCH_WORKERS", availableParallelism()),
    workerConnections: count("BENCH_WORKER_CONNECTIONS", 2 * count("BENCH_WORKERS", availableParallelism())),
    profileTop: count("BENCH_PROFILE_TOP", 5),
    scenarios: oneOf("BENCH_SCENARIOS", scenarioNames, true),
    protocols: oneOf("BENCH_PROTOCOLS", protocolNames),
    streams: list("BENCH_STREAMS", "1,10,50").map((s) => positiveInteger("BENCH_STREAMS", s)),
    rounds: count("BENCH_ROUNDS", 3),
    roundMs: count("BENCH_ROUND_MS", 800),
    warmupMs: count("BENCH_WARMUP_MS", 1_000),
    apiBin: raw("BENCH_API_BIN"),
    cpuProfDir: raw("BENCH_CPU_PROF_DIR"),
    fanoutStreams: fanoutStreams === "0" ? 0 : count("BENCH_FANOUT_STREAMS", 1_000),
    fanoutConnections: count("BENCH_FANOUT_CONNECTIONS", 8),
    fanoutRotations: count("BENCH_FANOUT_ROTATIONS", 3),
    fanoutConcurrency: count("BENCH_FANOUT_CONCURRENCY", 32),
  };
}

function positiveInteger(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1)
    throw new Error(`${name} must hold positive integers, got ${JSON.stringify(raw)}`);
  return value;
}
