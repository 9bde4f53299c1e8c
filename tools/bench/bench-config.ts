import { type ProtocolName, protocolNames } from "./wire-protocols.js";

export interface BenchConfig {
  /** Credentials created before measuring; the bench reads the middle one. */
  readonly credentials: number;
  readonly seedConcurrency: number;
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
}

export const configHelp = `environment (defaults in brackets):
  BENCH_CREDENTIALS [10000]  BENCH_SEED_CONCURRENCY [16]
  BENCH_PROTOCOLS [${protocolNames.join(",")}]  BENCH_STREAMS [1,10,50]
  BENCH_ROUNDS [6]  BENCH_ROUND_MS [1000]  BENCH_WARMUP_MS [2000]
  BENCH_API_BIN [apps/api/bin/acp-api.mjs]  BENCH_CPU_PROF_DIR [none: no .cpuprofile]`;

/** Defaults sized to finish in about two and a half minutes on a busy 2-core machine. */
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

  const protocols = list("BENCH_PROTOCOLS", protocolNames.join(","));
  for (const p of protocols) {
    if (!(protocolNames as readonly string[]).includes(p)) {
      throw new Error(
        `BENCH_PROTOCOLS: unknown protocol ${JSON.stringify(p)}; expected some of ${protocolNames.join(",")}`,
      );
    }
  }
  return {
    credentials: count("BENCH_CREDENTIALS", 10_000),
    seedConcurrency: count("BENCH_SEED_CONCURRENCY", 16),
    protocols: protocols as ProtocolName[],
    streams: list("BENCH_STREAMS", "1,10,50").map((s) => positiveInteger("BENCH_STREAMS", s)),
    rounds: count("BENCH_ROUNDS", 6),
    roundMs: count("BENCH_ROUND_MS", 1_000),
    warmupMs: count("BENCH_WARMUP_MS", 2_000),
    apiBin: raw("BENCH_API_BIN"),
    cpuProfDir: raw("BENCH_CPU_PROF_DIR"),
  };
}

function positiveInteger(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1)
    throw new Error(`${name} must hold positive integers, got ${JSON.stringify(raw)}`);
  return value;
}
