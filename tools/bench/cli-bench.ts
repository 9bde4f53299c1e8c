// What does one acpctl command cost a person at the prompt, over node
// itself? Starts the real API (its built bin, SQLite in a fresh temp dir, the
// --dev keyring), creates 20 credentials through it, logs acpctl in with a
// temporary config, then times N runs each of `node -e 0` (the floor) and
// `apps/cli/bin/acpctl credential list` (the real bin: a shell script that
// execs node on the build's startup snapshot) and, for comparison,
// `node apps/cli/bin/acpctl.mjs credential list` (the loader it falls back to:
// the bundle from its code cache), alternating which goes first, plus one
// `npx acpctl credential list` for reference (npx adds its own start-up on
// top). The target: the bin's median wall time at most 2.5 times that of
// `node -e 0`.
//
// Both run in a clean environment (PATH, HOME and the temporary config): a
// variable such as NODE_EXTRA_CA_CERTS or NODE_OPTIONS in the caller's shell
// adds the same milliseconds to every node start, which would flatter the
// ratio; BENCH_CLI_INHERIT_ENV=1 keeps the caller's environment instead.
//
//   npm run bench:cli
//   BENCH_CLI_RUNS=40 npm run bench:cli
//   BENCH_CLI_INHERIT_ENV=1 npm run bench:cli
//   BENCH_CLI_CPU_PROF_DIR=/tmp/prof npm run bench:cli   # one profiled run: where the time goes
//
// The bundles are built first when their inputs changed. A report, not a
// gate: exits 0 whether or not the target is met, 1 if a command fails.
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { CredentialService } from "@acp/proto";
import { createClient } from "@connectrpc/connect";
import { buildIfStale, describeOutcome } from "../build/build-if-stale.js";
import { repoRoot } from "../checks/repo-root.js";
import { table } from "./bench-report.js";
import type { ChildServer } from "./child-server.js";
import { percentile, type RunSample, runCount, timedRun } from "./cli-timing.js";
import { startDevApi } from "./dev-api.js";
import { seedCredentials } from "./seed-credentials.js";

const cliBin = join(repoRoot, "apps/cli/bin/acpctl");
const cliLoader = join(repoRoot, "apps/cli/bin/acpctl.mjs");
const cliBlob = join(repoRoot, "apps/cli/dist/acpctl.blob");
const credentialCount = 20;
const targetRatio = 2.5;
const command = ["credential", "list"];

interface Variant {
  readonly label: string;
  readonly command: string;
  readonly argv: readonly string[];
}

let server: ChildServer | undefined;

async function main(): Promise<number> {
  const runs = runCount(process.env, "BENCH_CLI_RUNS", 20);
  for (const outcome of await buildIfStale()) console.log(`build: ${describeOutcome(outcome)}`);
  const dir = await mkdtemp(join(tmpdir(), "acp-cli-bench-"));
  try {
    const api = await startDevApi(dir);
    server = api.server;
    const tokenFile = api.adminTokenFile;
    await seedCredentials(createClient(CredentialService, api.adminTransport), credentialCount, 4);

    const home = join(dir, "home");
    await mkdir(home, { mode: 0o700 });
    const env = benchEnv(home);
    await timedRun(cliBin, ["login", "--server", server.url, "--token-file", tokenFile], { env });
    const first = await timedRun(cliBin, command, { env });
    const rows = first.stdout.trimEnd().split("\n").length - 1;
    if (rows !== credentialCount) throw new Error(`credential list printed ${rows} rows, not ${credentialCount}`);

    const variants: Variant[] = [
      { label: "node -e 0", command: process.execPath, argv: ["-e", "0"] },
      { label: `acpctl ${command.join(" ")}`, command: cliBin, argv: command },
      {
        label: "  the same through bin/acpctl.mjs (no snapshot)",
        command: process.execPath,
        argv: [cliLoader, ...command],
      },
    ];
    const samples = new Map<Variant, RunSample[]>(variants.map((v) => [v, []]));
    for (let round = 0; round < runs; round++) {
      for (let k = 0; k < variants.length; k++) {
        const variant = variants[(round + k) % variants.length]!;
        samples.get(variant)!.push(await timedRun(variant.command, variant.argv, { env }));
      }
    }
    const npx = await timedRun("npx", ["--no-install", "acpctl", ...command], { env, cwd: repoRoot });

    const load = loadavg()
      .map((l) => l.toFixed(2))
      .join(" ");
    console.log(`\n${runs} runs each, alternating; ${credentialCount} credentials; SQLite API on ${server.url}`);
    console.log(`node ${process.version}, ${availableParallelism()} CPUs, load average ${load}\n`);
    const stats = variants.map((variant) => summary(variant.label, samples.get(variant)!));
    const rowsOut = [
      ...stats.map((s) => [s.label, ms(s.median), ms(s.p90), s.cpu === undefined ? "n/a" : ms(s.cpu)]),
      [
        `npx acpctl ${command.join(" ")} (1 run, reference)`,
        ms(npx.wallMs),
        "",
        npx.cpuMs === undefined ? "n/a" : ms(npx.cpuMs),
      ],
    ];
    for (const line of table(["", "median ms", "p90 ms", "CPU ms (median)"], rowsOut)) console.log(line);
    const [floor, cli] = stats as [Stats, Stats, Stats];
    const ratio = cli.median / floor.median;
    console.log(`\nacpctl adds ${ms(cli.median - floor.median)} ms to node's own start (medians)`);
    console.log(
      `median wall time, acpctl / node -e 0: ${ratio.toFixed(2)}x (p90 ${(cli.p90 / floor.p90).toFixed(2)}x); ` +
        `target ${targetRatio}x or lower: ${ratio <= targetRatio ? "met" : "NOT met"}`,
    );
    const startupVariables = nodeStartupVariables(process.env);
    if (startupVariables.length > 0) {
      const kept = process.env["BENCH_CLI_INHERIT_ENV"] === "1";
      console.log(
        `note: this environment sets ${startupVariables.join(", ")}, which changes what every node start costs; ` +
          (kept ? "kept (BENCH_CLI_INHERIT_ENV=1)" : "left out of the runs above (BENCH_CLI_INHERIT_ENV=1 keeps it)"),
      );
    }

    const profDir = process.env["BENCH_CLI_CPU_PROF_DIR"];
    if (profDir) {
      // As the bin starts it (its launcher adds only `--snapshot-blob BLOB --`).
      const start = existsSync(cliBlob) ? ["--snapshot-blob", cliBlob, "--"] : [cliLoader];
      await timedRun(process.execPath, ["--cpu-prof", "--cpu-prof-dir", profDir, ...start, ...command], { env });
      console.log(`CPU profile of one run written to ${profDir}`);
    }
    return 0;
  } finally {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * What the timed commands run with: a clean environment unless
 * BENCH_CLI_INHERIT_ENV=1, and never a token or server but the config's.
 */
function benchEnv(home: string): NodeJS.ProcessEnv {
  const config = { HOME: home, ACPCTL_CONFIG: join(home, "acpctl", "config.yaml") };
  if (process.env["BENCH_CLI_INHERIT_ENV"] !== "1") return { PATH: process.env["PATH"] ?? "", ...config };
  const { ACP_TOKEN: _token, ACP_SERVER: _server, XDG_CONFIG_HOME: _xdg, ...inherited } = process.env;
  return { ...inherited, ...config };
}

/** Variables that change node's own start-up, whatever it runs. */
function nodeStartupVariables(env: NodeJS.ProcessEnv): string[] {
  return ["NODE_OPTIONS", "NODE_EXTRA_CA_CERTS", "NODE_COMPILE_CACHE"].filter((name) => (env[name] ?? "") !== "");
}

interface Stats {
  readonly label: string;
  readonly median: number;
  readonly p90: number;
  readonly cpu: number | undefined;
}

function summary(label: string, runs: readonly RunSample[]): Stats {
  const wall = runs.map((r) => r.wallMs);
  const cpu = runs.flatMap((r) => (r.cpuMs === undefined ? [] : [r.cpuMs]));
  return {
    label,
    median: percentile(wall, 0.5),
    p90: percentile(wall, 0.9),
    cpu: cpu.length === 0 ? undefined : percentile(cpu, 0.5),
  };
}

function ms(value: number): string {
  return value.toFixed(0);
}

process.once("SIGINT", () => {
  void (server?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
});

try {
  process.exitCode = await main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
