// The h2load tables of bench:api: seeds the table through timed creates,
// seeds the runner's session, starts the echo with the API's very answers,
// and times every read scenario × protocol × streams on every target.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  GetCredentialSecretResponseSchema,
  GetSessionCredentialsResponseSchema,
  ProviderType,
  SessionService,
} from "@acp/proto";
import { toBinary } from "@bufbuild/protobuf";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport, Http2SessionManager } from "@connectrpc/connect-node";
import type { AdminClients } from "./api-servers.js";
import { authorizationHeader } from "./authorization-header.js";
import type { BenchConfig } from "./bench-config.js";
import type { Measurement, TargetName } from "./bench-report.js";
import type { ChildServer } from "./child-server.js";
import type { TimeWindow } from "./cpu-profile-summary.js";
import { seedByCreates } from "./create-seed.js";
import { measureRounds, runRound, type Target, type Workload } from "./measure-rounds.js";
import { type Scenario, secretReadScenario, sessionReadScenario } from "./scenarios.js";
import { seedProject } from "./session-seed.js";
import { bodyKey, verifyTargets } from "./verify-targets.js";
import { wireProtocols } from "./wire-protocols.js";

export interface TablesContext {
  readonly h2load: string;
  readonly workDir: string;
  readonly authorization: string;
  readonly clients: AdminClients;
  /** acp with one worker first, then acp with all workers if there is one. */
  readonly acp: readonly Target[];
  readonly startEcho: (secretAnswer: Uint8Array, sessionAnswer: Uint8Array) => Promise<ChildServer>;
}

export interface Tables {
  readonly create: readonly Measurement[];
  readonly reads: readonly Measurement[];
  /** Per target and scenario, the spans of its timed rounds. */
  readonly windows: ReadonlyMap<TargetName, ReadonlyMap<string, readonly TimeWindow[]>>;
}

/** Progress is printed as it goes; the tables are returned for the report. */
export async function measureTables(config: BenchConfig, context: TablesContext): Promise<Tables> {
  const { clients, workDir } = context;
  const protocols = config.protocols.map((p) => wireProtocols[p]);
  const seed = await seedByCreates(clients.credentials, {
    targets: context.acp,
    protocols,
    authorization: context.authorization,
    count: config.credentials,
    streams: config.seedConcurrency,
    warmup: config.createWarmup,
  });
  const { chosen: credential } = seed;
  const secretAnswer = toBinary(
    GetCredentialSecretResponseSchema,
    await clients.credentials.getCredentialSecret({ id: credential.id }),
  );

  // The runner's read: a session of a project with one credential of each provider bound to it.
  const readProject = await seedProject(clients, "bench-session");
  const created = await clients.sessions.createSession({ projectId: readProject.projectId, name: "bench-runner" });
  const runnerSession = { id: created.session!.id, runnerToken: created.runnerToken };
  const resolved = created.session!.resolved.map((r) => {
    const bound = readProject.bound.find((b) => b.id === r.credentialId);
    if (!bound) throw new Error(`the session resolved ${r.credentialId}, which the bench did not bind`);
    return bound;
  });
  const acpUrl = context.acp[0]!.server.url;
  const runnerManager = new Http2SessionManager(acpUrl);
  let sessionAnswer: Uint8Array;
  try {
    const runner = createClient(
      SessionService,
      createGrpcTransport({
        baseUrl: acpUrl,
        sessionManager: runnerManager,
        interceptors: [authorizationHeader(`Bearer ${runnerSession.runnerToken}`)],
      }),
    );
    sessionAnswer = toBinary(GetSessionCredentialsResponseSchema, await runner.getSessionCredentials({}));
  } finally {
    runnerManager.abort();
  }

  const echo = await context.startEcho(secretAnswer, sessionAnswer);
  const targets: Target[] = [...context.acp, { name: "echo", server: echo, connections: 1, processes: 1 }];
  const all: Scenario[] = [
    secretReadScenario(credential, context.authorization),
    sessionReadScenario(runnerSession, resolved),
  ];
  const scenarios = all.filter((s) => (config.scenarios as readonly string[]).includes(s.name));
  const endpoints = targets.map((t) => ({ name: t.name, url: t.server.url }));
  const verify = () => verifyTargets(endpoints, scenarios, protocols);
  const answerBytes = await verify();

  const providers = (list: readonly { provider: ProviderType }[]) =>
    list.map((b) => ProviderType[b.provider]).join(", ");
  console.log(`${context.h2load} over h2c`);
  console.log(
    `acp: SQLite, --dev keyring; ${seed.rows} GitLab credentials created in ${seed.seconds.toFixed(1)} s through raw node:http2 (the CreateCredential table: ${config.seedConcurrency} streams, ${config.createWarmup} untimed per serving process first), the one read among them`,
  );
  console.log(
    `GetSessionCredentials, "six credentials": the runner token's read of its session, body {}; the project has ${readProject.bound.length} credentials bound, one per provider (${providers(readProject.bound)}); the session resolves ${resolved.length} (${providers(resolved)}), since a session holds one credential per provider and no two that set the same variable, file, git host or MCP server: ${sessionAnswer.length} bytes in protobuf and ${resolved.length} audit records per call`,
  );
  for (const e of created.session!.excluded) console.log(`  excluded ${ProviderType[e.provider]}: ${e.reason}`);
  console.log(
    `echo: bare connect-node, one process, at ${echo.url}; verified with connect-node clients and raw requests, answers identical`,
  );
  console.log(
    `per protocol and target: ${config.warmupMs} ms warm-up per serving process; then per stream count ${config.rounds} rounds of ${config.roundMs} ms, rotating the targets' order`,
  );
  console.log("");

  const windows = new Map<TargetName, Map<string, TimeWindow[]>>();
  const measurements: Measurement[] = [];
  for (const scenario of scenarios) {
    const record = (target: TargetName, window: TimeWindow) => {
      const byScenario = windows.get(target) ?? new Map<string, TimeWindow[]>();
      windows.set(target, byScenario);
      byScenario.set(scenario.name, [...(byScenario.get(scenario.name) ?? []), window]);
    };
    for (const protocol of protocols) {
      const body = scenario.bodies[protocol.name];
      const bodyFile = body.length === 0 ? undefined : join(workDir, `${scenario.name}.${protocol.name}.body`);
      if (bodyFile) await writeFile(bodyFile, body);
      const work = (streams: number, timed: boolean): Workload => ({
        scenario,
        protocol,
        streams,
        bodyFile,
        answerBytes: answerBytes.get(bodyKey(scenario, protocol))!,
        logFile: join(workDir, "h2load.log"),
        record: timed ? record : undefined,
      });
      // JSON and binary take different paths through both servers; let V8 optimize each, in every process, before timing it.
      for (const target of targets) {
        await runRound(target, work(Math.max(...config.streams), false), config.warmupMs * target.processes);
      }
      for (const streams of config.streams) {
        const cell = await measureRounds(targets, work(streams, true), config.rounds, config.roundMs);
        measurements.push(...cell);
        console.log(
          `  ${scenario.name}, ${protocol.name}, streams ${streams}: ${cell.map((m) => `${m.target} ${m.summary.throughput.toFixed(0)} req/s`).join(", ")}`,
        );
      }
    }
  }
  // A server that degraded under load (errors, a wrong answer) fails the bench, not just its first call.
  await verify();
  return { create: seed.measurements, reads: measurements, windows };
}
