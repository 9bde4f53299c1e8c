// What does acp-runner cost an agent's start, over the least any client
// could do? Starts the real API (its built bin, SQLite in a fresh temp dir,
// the --dev keyring), binds one credential of every provider to a project
// (the API resolves the two that share GOOGLE_APPLICATION_CREDENTIALS to
// one, so the session carries five), creates a session, then times N rounds
// each, alternating which goes first, of:
//   - the floor: `node tools/bench/grpc-floor.mjs`, a bare node start plus one
//     GetSessionCredentials call over node:http2, timed to its "done" line;
//   - the same call through the stack the runner must use (grpc-js-floor.ts,
//     @acp/grpc-client over @grpc/grpc-js, bundled as the bins are), so the
//     runner's own share shows apart from its gRPC library's;
//   - the runner as bin/acp-runner starts it: `node --snapshot-blob
//     apps/runner/dist/acp-runner.blob -- run … -- true` (the bin is a shell
//     script that execs just that), timed to its "ready" line (credentials
//     fetched, every file, env, git credentials and MCP config written, CMD
//     started); and, for comparison, `node apps/runner/bin/acp-runner.mjs
//     run …`, the loader the bin falls back to without a snapshot.
// The target: the runner's median at most 2 times the floor's.
//
// The secrets directory is on tmpfs (/dev/shm, or BENCH_RUNNER_SECRETS_ROOT),
// as the README tells Kubernetes users to mount it (a memory-backed
// emptyDir); the workdir, with its .mcp.json, is on the temp dir's disk.
//
// Both run in a clean environment (PATH, HOME, XDG_RUNTIME_DIR) unless
// BENCH_RUNNER_INHERIT_ENV=1: NODE_OPTIONS and the like add the same
// milliseconds to every node start and would flatter the ratio.
//
//   npm run bench:runner
//   BENCH_RUNNER_RUNS=40 npm run bench:runner
//   BENCH_RUNNER_CPU_PROF_DIR=/tmp/prof npm run bench:runner   # one profiled run
//
// The bundles are built first when their inputs changed. A report, not a
// gate: exits 0 whether or not the target is met, 1 if a run fails.
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { BindingService, CredentialService, ProjectService, SessionService } from "@acp/proto";
import { createClient } from "@connectrpc/connect";
import { buildIfStale, describeOutcome } from "../build/build-if-stale.js";
import { esbuildOptions } from "../build/esbuild-options.js";
import { repoRoot } from "../checks/repo-root.js";
import { table } from "./bench-report.js";
import type { ChildServer } from "./child-server.js";
import { percentile, runCount } from "./cli-timing.js";
import { startDevApi } from "./dev-api.js";
import { seedProject } from "./session-seed.js";
import { timeToLine } from "./time-to-line.js";

const runnerLoader = join(repoRoot, "apps/runner/bin/acp-runner.mjs");
const runnerBlob = join(repoRoot, "apps/runner/dist/acp-runner.blob");
const floorScript = join(repoRoot, "tools/bench/grpc-floor.mjs");
const grpcJsFloorEntry = "tools/bench/grpc-js-floor.ts";
const targetRatio = 2;
const readyLine = /"msg":"ready"/;
const doneLine = /^done$/;

let server: ChildServer | undefined;

async function main(): Promise<number> {
  const runs = runCount(process.env, "BENCH_RUNNER_RUNS", 20);
  for (const outcome of await buildIfStale()) console.log(`build: ${describeOutcome(outcome)}`);
  const dir = await mkdtemp(join(tmpdir(), "acp-runner-bench-"));
  try {
    const api = await startDevApi(dir);
    server = api.server;
    const { adminToken, adminTransport: transport } = api;
    const clients = {
      projects: createClient(ProjectService, transport),
      credentials: createClient(CredentialService, transport),
      bindings: createClient(BindingService, transport),
    };
    const project = await seedProject(clients, "bench-runner");
    const created = await createClient(SessionService, transport).createSession({
      projectId: project.projectId,
      name: "bench-runner",
    });
    const tokenFile = join(dir, "runner.token");
    await writeFile(tokenFile, `${created.runnerToken}\n`, { mode: 0o600 });

    const home = join(dir, "home");
    const runtime = await mkdtemp(join(secretsRoot(), "acp-runner-bench-"));
    const workdir = join(dir, "work");
    for (const path of [home, workdir]) await mkdir(path, { mode: 0o700 });
    cleanup.push(runtime);
    const grpcJsFloor = await bundleGrpcJsFloor(dir);
    const env = benchEnv(home, runtime);
    // node's own arguments as the bin's launcher gives them (dist/acp-runner.snapshot.sh).
    const runnerStart = existsSync(runnerBlob) ? ["--snapshot-blob", runnerBlob, "--"] : [runnerLoader];
    const runArgs = [
      "run",
      "--server",
      server.url,
      "--session-token-file",
      tokenFile,
      "--workdir",
      workdir,
      "--",
      "true",
    ];
    const runnerArgs = [...runnerStart, ...runArgs];
    const first = await timeToLine(runnerArgs, readyLine, { env });
    const secrets = [adminToken, created.runnerToken, ...project.bound.map((c) => c.secret)];
    if (secrets.some((secret) => first.stderr.includes(secret))) throw new Error("a secret reached the runner's log");
    const written = /"msg":"credentials written".*"credentials":\[([^\]]*)\]/.exec(first.stderr)?.[1] ?? "";
    const credentialCount = written === "" ? 0 : written.split(",").length;
    await timeToLine([floorScript, server.url, tokenFile], doneLine, { env });
    await timeToLine([grpcJsFloor, server.url, tokenFile], doneLine, { env });

    const variants = [
      {
        label: "node + one gRPC call over node:http2 (floor)",
        args: [floorScript, server.url, tokenFile],
        line: doneLine,
      },
      { label: "node + one call through grpc-js", args: [grpcJsFloor, server.url, tokenFile], line: doneLine },
      { label: "acp-runner run, to ready", args: runnerArgs, line: readyLine },
      {
        label: "  the same through bin/acp-runner.mjs (no snapshot)",
        args: [runnerLoader, ...runArgs],
        line: readyLine,
      },
    ];
    const samples = variants.map(() => [] as number[]);
    for (let round = 0; round < runs; round++) {
      for (let k = 0; k < variants.length; k++) {
        const index = (round + k) % variants.length;
        const variant = variants[index]!;
        samples[index]!.push((await timeToLine(variant.args, variant.line, { env })).toLineMs);
      }
    }

    const load = loadavg()
      .map((l) => l.toFixed(2))
      .join(" ");
    console.log(
      `\n${runs} runs each, alternating; ${credentialCount} credentials materialized; SQLite API on ${server.url}`,
    );
    console.log(`node ${process.version}, ${availableParallelism()} CPUs, load average ${load}\n`);
    const stats = variants.map((variant, i) => ({
      label: variant.label,
      median: percentile(samples[i]!, 0.5),
      p90: percentile(samples[i]!, 0.9),
    }));
    for (const line of table(
      ["", "median ms", "p90 ms"],
      stats.map((s) => [s.label, s.median.toFixed(0), s.p90.toFixed(0)]),
    ))
      console.log(line);
    const [floor, grpcJs, runner] = stats as [(typeof stats)[0], (typeof stats)[0], (typeof stats)[0], unknown];
    const ratio = runner.median / floor.median;
    console.log(`\nacp-runner adds ${(runner.median - floor.median).toFixed(0)} ms to the floor (medians)`);
    console.log(
      `median time to ready, acp-runner / floor: ${ratio.toFixed(2)}x (p90 ${(runner.p90 / floor.p90).toFixed(2)}x); ` +
        `target ${targetRatio}x or lower: ${ratio <= targetRatio ? "met" : "NOT met"}`,
    );
    console.log(
      `against the same call through grpc-js: ${(runner.median / grpcJs.median).toFixed(2)}x ` +
        `(grpc-js itself: ${(grpcJs.median / floor.median).toFixed(2)}x the floor)`,
    );

    const profDir = process.env["BENCH_RUNNER_CPU_PROF_DIR"];
    if (profDir) {
      await timeToLine(["--cpu-prof", "--cpu-prof-dir", profDir, ...runnerArgs], readyLine, { env });
      console.log(`CPU profile of one runner run written to ${profDir}`);
    }
    return 0;
  } finally {
    await server?.stop();
    for (const path of [dir, ...cleanup]) await rm(path, { recursive: true, force: true });
  }
}

const cleanup: string[] = [];

/** tmpfs when the machine has one, as a memory-backed emptyDir would be. */
function secretsRoot(): string {
  const chosen = process.env["BENCH_RUNNER_SECRETS_ROOT"];
  if (chosen) return chosen;
  return existsSync("/dev/shm") ? "/dev/shm" : tmpdir();
}

/** The grpc-js floor, bundled with the bins' own esbuild options into the bench's directory. */
async function bundleGrpcJsFloor(dir: string): Promise<string> {
  const { build } = await import("esbuild");
  const outfile = join(dir, "grpc-js-floor.mjs");
  await build({
    ...esbuildOptions({ name: "grpc-js-floor", entry: grpcJsFloorEntry, outfile }),
    absWorkingDir: repoRoot,
  });
  return outfile;
}

/** A clean environment unless BENCH_RUNNER_INHERIT_ENV=1; the secrets directory always under the bench's own. */
function benchEnv(home: string, runtime: string): NodeJS.ProcessEnv {
  const own = { HOME: home, XDG_RUNTIME_DIR: runtime };
  if (process.env["BENCH_RUNNER_INHERIT_ENV"] !== "1") return { PATH: process.env["PATH"] ?? "", ...own };
  const { ACP_SERVER: _server, ACP_SESSION_TOKEN_FILE: _token, ...inherited } = process.env;
  return { ...inherited, ...own };
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
