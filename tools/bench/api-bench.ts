// How much does acp cost on top of the RPC framework? Starts the real API
// (SQLite in a fresh temp dir, --dev keyring), seeds it with thousands of
// credentials through its own API, starts a bare connect-node echo that
// answers the very bytes the API answers, and drives both with h2load over
// h2c in Connect JSON, Connect binary and gRPC at several stream counts. The
// ratio isolates the API's own work: token lookup, database read,
// decryption, audit, per-call logging. Two reads are timed:
//
//   GetCredentialSecret    an admin reads one secret out of 10,000
//   GetSessionCredentials  a runner reads its session: one credential of each
//                          provider bound to its project, every read audited
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
//   BENCH_CPU_PROF_DIR=/tmp/prof npm run bench:api   # .cpuprofile per server
//
// The API's bundle is built first when its inputs changed, as `npm start`
// does, so a fresh clone needs no separate build. Every variable is listed in
// bench-config.ts. Exits 0 whether or not a target is met (this is a
// report), 1 if h2load is missing, any call fails, any answer is not the
// stored secret, or any stream misses a rotation.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  BindingService,
  CredentialService,
  GetCredentialSecretResponseSchema,
  GetSessionCredentialsResponseSchema,
  ProjectService,
  ProviderType,
  SessionService,
} from "@acp/proto";
import { toBinary } from "@bufbuild/protobuf";
import { type Client, createClient } from "@connectrpc/connect";
import { createGrpcTransport, Http2SessionManager } from "@connectrpc/connect-node";
import { buildIfStale, describeOutcome } from "../build/build-if-stale.js";
import { authorizationHeader } from "./authorization-header.js";
import { type BenchConfig, configHelp, readConfig } from "./bench-config.js";
import { formatReport, type Measurement } from "./bench-report.js";
import { type ChildServer, spawnChildServer } from "./child-server.js";
import { H2loadMissing, h2loadVersion } from "./h2load.js";
import { measureRounds, runRound, type Target, type Workload } from "./measure-rounds.js";
import { type Scenario, secretReadScenario, sessionReadScenario } from "./scenarios.js";
import { seedCredentials } from "./seed-credentials.js";
import { seedProject } from "./session-seed.js";
import { formatFanout, measureFanout } from "./stream-fanout.js";
import { bodyKey, verifyTargets } from "./verify-targets.js";
import { wireProtocols } from "./wire-protocols.js";

const defaultApiBin = fileURLToPath(new URL("../../apps/api/bin/acp-api.mjs", import.meta.url));
const echoEntry = fileURLToPath(new URL("./echo-server.ts", import.meta.url));
// The echo child loads TypeScript the way the API's tsx bin does.
const tsxLoader = import.meta.resolve("tsx");
/** The fan-out's bar on this 2-core machine: the last stream has the new set within a second. */
const fanoutTargetMs = 1_000;

interface AdminClients {
  readonly projects: Client<typeof ProjectService>;
  readonly credentials: Client<typeof CredentialService>;
  readonly bindings: Client<typeof BindingService>;
  readonly sessions: Client<typeof SessionService>;
}

/** A running API and its bootstrap admin's clients, over one HTTP/2 session. */
interface Api {
  readonly server: ChildServer;
  readonly authorization: string;
  readonly clients: AdminClients;
}

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
    // A directory per server: tsx's loader thread writes a profile of its own.
    config.cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${join(config.cpuProfDir, label)}`] : [];
  const apiBin = resolve(config.apiBin ?? defaultApiBin);

  /** A fresh API: its own SQLite data dir, --dev keyring, and bootstrap admin. */
  const startApi = async (label: string): Promise<Api> => {
    const tokenFile = join(workDir, `${label}.token`);
    const args = ["serve", "--dev", "--data-dir", join(workDir, label), "--listen", "127.0.0.1:0"];
    const server = await spawnChildServer(
      label,
      [...nodeArgs(label), apiBin, ...args, "--bootstrap-token-file", tokenFile],
      process.env,
    );
    servers.add(server);
    const token = (await readFile(tokenFile, "utf8")).trim();
    tokens.push(token);
    const authorization = `Bearer ${token}`;
    const sessionManager = new Http2SessionManager(server.url);
    sessionManagers.push(sessionManager);
    const transport = createGrpcTransport({
      baseUrl: server.url,
      sessionManager,
      interceptors: [authorizationHeader(authorization)],
    });
    return {
      server,
      authorization,
      clients: {
        projects: createClient(ProjectService, transport),
        credentials: createClient(CredentialService, transport),
        bindings: createClient(BindingService, transport),
        sessions: createClient(SessionService, transport),
      },
    };
  };
  const stop = async (server: ChildServer) => {
    await server.stop();
    servers.delete(server);
  };

  try {
    // Another build named by BENCH_API_BIN is the caller's to keep fresh.
    if (config.apiBin === undefined) {
      for (const outcome of await buildIfStale()) console.log(`build: ${describeOutcome(outcome)}`);
    }
    console.log(`node ${process.version}, ${availableParallelism()} CPUs, load average ${load()}`);
    console.log("");
    if (config.scenarios.length > 0) {
      const api = await startApi("acp");
      for (const line of await measureTables(config, { h2load, apiBin, workDir, api, startEcho })) console.log(line);
      // The fan-out gets a server of its own, so its memory figures are not those of the load above.
      for (const server of [...servers]) await stop(server);
    }
    if (config.fanoutStreams > 0) {
      const api = await startApi("acp-fanout");
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

interface TablesContext {
  readonly h2load: string;
  readonly apiBin: string;
  readonly workDir: string;
  readonly api: Api;
  readonly startEcho: (secretAnswer: Uint8Array, sessionAnswer: Uint8Array) => Promise<ChildServer>;
}

/**
 * Seeds the API, starts the echo with its answers, and times both with
 * h2load in every scenario × protocol × streams; returns the report's lines
 * (progress is printed as it goes).
 */
async function measureTables(config: BenchConfig, context: TablesContext): Promise<string[]> {
  const { api, workDir } = context;
  const { clients } = api;
  const seedStart = performance.now();
  const credential = await seedCredentials(clients.credentials, config.credentials, config.seedConcurrency);
  const secretAnswer = toBinary(
    GetCredentialSecretResponseSchema,
    await clients.credentials.getCredentialSecret({ id: credential.id }),
  );
  const seedSeconds = (performance.now() - seedStart) / 1000;

  // The runner's read: a session of a project with one credential of each provider bound to it.
  const readProject = await seedProject(clients, "bench-session");
  const created = await clients.sessions.createSession({ projectId: readProject.projectId, name: "bench-runner" });
  const runnerSession = { id: created.session!.id, runnerToken: created.runnerToken };
  const resolved = created.session!.resolved.map((r) => {
    const bound = readProject.bound.find((b) => b.id === r.credentialId);
    if (!bound) throw new Error(`the session resolved ${r.credentialId}, which the bench did not bind`);
    return bound;
  });
  const runnerManager = new Http2SessionManager(api.server.url);
  let sessionAnswer: Uint8Array;
  try {
    const runner = createClient(
      SessionService,
      createGrpcTransport({
        baseUrl: api.server.url,
        sessionManager: runnerManager,
        interceptors: [authorizationHeader(`Bearer ${runnerSession.runnerToken}`)],
      }),
    );
    sessionAnswer = toBinary(GetSessionCredentialsResponseSchema, await runner.getSessionCredentials({}));
  } finally {
    runnerManager.abort();
  }

  const echo = await context.startEcho(secretAnswer, sessionAnswer);
  const targets: Target[] = [
    { name: "acp", server: api.server },
    { name: "echo", server: echo },
  ];
  const all: Scenario[] = [
    secretReadScenario(credential, api.authorization),
    sessionReadScenario(runnerSession, resolved),
  ];
  const scenarios = all.filter((s) => (config.scenarios as readonly string[]).includes(s.name));
  const protocols = config.protocols.map((p) => wireProtocols[p]);
  const endpoints = targets.map((t) => ({ name: t.name, url: t.server.url }));
  const verify = () => verifyTargets(endpoints, scenarios, protocols);
  const answerBytes = await verify();

  const providers = (list: readonly { provider: ProviderType }[]) =>
    list.map((b) => ProviderType[b.provider]).join(", ");
  console.log(`${context.h2load} over h2c, one connection per run`);
  console.log(
    `acp: ${relative(process.cwd(), context.apiBin)} at ${api.server.url} (SQLite, --dev keyring, ${config.credentials} credentials seeded in ${seedSeconds.toFixed(1)} s)`,
  );
  console.log(
    `GetSessionCredentials: a runner token's read of its own session, body {}; the project has ${readProject.bound.length} credentials bound (${providers(readProject.bound)}), the session resolves ${resolved.length} (${providers(resolved)}): ${sessionAnswer.length} bytes in protobuf and ${resolved.length} audit records per call`,
  );
  for (const e of created.session!.excluded) console.log(`  excluded ${ProviderType[e.provider]}: ${e.reason}`);
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
      const body = scenario.bodies[protocol.name];
      const bodyFile = body.length === 0 ? undefined : join(workDir, `${scenario.name}.${protocol.name}.body`);
      if (bodyFile) await writeFile(bodyFile, body);
      const work = (streams: number): Workload => ({
        scenario,
        protocol,
        streams,
        bodyFile,
        answerBytes: answerBytes.get(bodyKey(scenario, protocol))!,
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
  return ["", ...formatReport(measurements, new Map(scenarios.map((s) => [s.name, s.targetPercent])))];
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
