// How much does acp cost on top of the RPC framework? Starts the real API
// (SQLite in a fresh temp dir, --dev keyring), seeds it with thousands of
// credentials through its own API, starts a bare connect-node echo that
// answers the very bytes the API answers, and drives both with h2load over
// h2c in Connect JSON, Connect binary and gRPC at several stream counts. The
// ratio isolates the API's own work: token lookup, database read,
// decryption, per-call logging.
//
//   npm run bench:api
//   BENCH_PROTOCOLS=grpc BENCH_STREAMS=50 BENCH_ROUNDS=6 npm run bench:api
//   BENCH_CPU_PROF_DIR=/tmp/prof npm run bench:api   # .cpuprofile per server
//
// Every variable is listed in bench-config.ts. Exits 0 whether or not the
// target is met (this is a report), 1 if h2load is missing, any call fails
// or any answer is not the stored secret.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CredentialService, GetCredentialSecretResponseSchema } from "@acp/proto";
import { toBinary } from "@bufbuild/protobuf";
import { type Client, createClient } from "@connectrpc/connect";
import { createGrpcTransport, Http2SessionManager } from "@connectrpc/connect-node";
import { authorizationHeader } from "./authorization-header.js";
import { configHelp, readConfig } from "./bench-config.js";
import { formatReport, type Measurement } from "./bench-report.js";
import { type ChildServer, spawnChildServer } from "./child-server.js";
import { H2loadMissing, h2loadVersion } from "./h2load.js";
import { measureRounds, runRound, type Target, type Workload } from "./measure-rounds.js";
import { type Scenario, secretReadScenario } from "./scenarios.js";
import { seedCredentials } from "./seed-credentials.js";
import { bodyKey, verifyTargets } from "./verify-targets.js";
import { wireProtocols } from "./wire-protocols.js";

const defaultApiBin = fileURLToPath(new URL("../../apps/api/bin/acp-api.mjs", import.meta.url));
const echoEntry = fileURLToPath(new URL("./echo-server.ts", import.meta.url));
// The echo child loads TypeScript the way the API's tsx bin does.
const tsxLoader = import.meta.resolve("tsx");

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
  const dataDir = join(workDir, "data");
  const servers: ChildServer[] = [];
  // Anything a server printed is shown on failure; the API prints its
  // bootstrap token once at start-up, and that must not reach the terminal.
  let token = "";
  const nodeArgs = (label: string) =>
    // A directory per server: tsx's loader thread writes a profile of its own.
    config.cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${join(config.cpuProfDir, label)}`] : [];

  try {
    const apiBin = resolve(config.apiBin ?? defaultApiBin);
    const tokenFile = join(workDir, "bootstrap-token");
    const api = await spawnChildServer(
      "acp",
      [
        ...nodeArgs("acp"),
        apiBin,
        "serve",
        "--dev",
        "--data-dir",
        dataDir,
        "--listen",
        "127.0.0.1:0",
        "--bootstrap-token-file",
        tokenFile,
      ],
      process.env,
    );
    servers.push(api);
    token = (await readFile(tokenFile, "utf8")).trim();
    const authorization = `Bearer ${token}`;

    const seedStart = performance.now();
    const { credential, answer } = await withClient(api.url, authorization, async (client) => {
      const credential = await seedCredentials(client, config.credentials, config.seedConcurrency);
      return {
        credential,
        answer: toBinary(GetCredentialSecretResponseSchema, await client.getCredentialSecret({ id: credential.id })),
      };
    });
    const seedSeconds = (performance.now() - seedStart) / 1000;

    const echo = await spawnChildServer("echo", [...nodeArgs("echo"), "--import", tsxLoader, echoEntry], {
      ...process.env,
      ACP_BENCH_ECHO_RESPONSE: Buffer.from(answer).toString("base64"),
    });
    servers.push(echo);
    const targets: Target[] = [
      { name: "acp", server: api },
      { name: "echo", server: echo },
    ];

    const scenarios: Scenario[] = [secretReadScenario(credential)];
    const protocols = config.protocols.map((p) => wireProtocols[p]);
    const verify = () =>
      verifyTargets(
        targets.map((t) => ({ name: t.name, url: t.server.url })),
        scenarios,
        protocols,
        authorization,
      );
    const answerBytes = await verify();

    console.log(
      `${h2load} over h2c, one connection per run; node ${process.version}, ${availableParallelism()} CPUs, load average ${load()}`,
    );
    console.log(
      `acp: ${relative(process.cwd(), apiBin)} at ${api.url} (SQLite, --dev keyring, ${config.credentials} credentials seeded in ${seedSeconds.toFixed(1)} s)`,
    );
    console.log(
      `echo: bare connect-node at ${echo.url}; both verified with connect-node clients and raw requests, answers identical`,
    );
    console.log(
      `per protocol and target: ${config.warmupMs} ms warm-up; then per stream count ${config.rounds} rounds of ${config.roundMs} ms, alternating A B, B A`,
    );
    console.log("");

    const measurements: Measurement[] = [];
    for (const scenario of scenarios) {
      for (const protocol of protocols) {
        const bodyFile = join(workDir, `${scenario.name}.${protocol.name}.body`);
        await writeFile(bodyFile, scenario.bodies[protocol.name]);
        const work = (streams: number): Workload => ({
          scenario,
          protocol,
          streams,
          bodyFile,
          answerBytes: answerBytes.get(bodyKey(scenario, protocol))!,
          authorization,
          logFile: join(workDir, "h2load.log"),
        });
        // JSON and binary take different paths through both servers; let V8 optimize each before timing it.
        for (const target of targets) await runRound(target, work(Math.max(...config.streams)), config.warmupMs);
        for (const streams of config.streams) {
          const cell = await measureRounds(targets, work(streams), config.rounds, config.roundMs);
          measurements.push(...cell);
          console.log(
            `  ${scenario.name}, ${protocol.name}, streams ${streams}: ${cell.map((m) => `${m.target} ${m.summary.throughput.toFixed(0)} req/s`).join(", ")}`,
          );
        }
      }
    }
    // A server that degraded under load (errors, a wrong answer) fails the bench, not just its first call.
    await verify();

    console.log("");
    for (const line of formatReport(measurements)) console.log(line);
    console.log(`load average at the end: ${load()}`);
    return 0;
  } catch (error) {
    // The servers' last log lines usually say why a call failed; per-call logs hold no secret.
    for (const server of servers) {
      const tail = server.outputTail().trimEnd().split("\n").slice(-10).join("\n");
      console.error(`--- last output of ${server.label}:\n${token ? tail.replaceAll(token, "[token]") : tail}`);
    }
    throw error;
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await rm(workDir, { recursive: true, force: true });
    if (config.cpuProfDir) console.log(`\ncpu profiles: ${config.cpuProfDir}`);
  }
}

/** The load average tells a reader how much else was competing for the same cores. */
function load(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
}

/** A gRPC client of the API over one HTTP/2 session, closed when `use` settles. */
async function withClient<T>(
  baseUrl: string,
  authorization: string,
  use: (client: Client<typeof CredentialService>) => Promise<T>,
): Promise<T> {
  const sessionManager = new Http2SessionManager(baseUrl);
  try {
    const transport = createGrpcTransport({
      baseUrl,
      sessionManager,
      interceptors: [authorizationHeader(authorization)],
    });
    return await use(createClient(CredentialService, transport));
  } finally {
    sessionManager.abort();
  }
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(`bench:api failed: ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof Error && error.message.startsWith("BENCH_")) console.error(configHelp);
  return 1;
});
