import { withInMemoryServer } from "@acp/grpc-client";
import {
  FieldRequirement,
  GetSessionCredentialsResponseSchema,
  SecretFormat,
  SessionState,
  WatchSessionCredentialsResponseSchema,
} from "@acp/proto";
import { planMaterialization, providers } from "@acp/providers";
import { create, toBinary } from "@bufbuild/protobuf";
import { openSessionApi, type SessionSnapshot } from "./client/index.js";
import { buildProgram } from "./commands/index.js";
import { renderSession } from "./materialize/index.js";

const dir = "/run/acp-warmup";
const sampleSecrets: Record<SecretFormat, string> = {
  [SecretFormat.UNSPECIFIED]: "",
  [SecretFormat.OPAQUE_TOKEN]: "warmup-token-0000000000000000",
  [SecretFormat.KUBECONFIG_YAML]:
    "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: 'https://k8s.warmup.test'}\ncontexts:\n- name: c\n  context: {cluster: c, user: u}\ncurrent-context: c\nusers:\n- name: u\n  user: {token: warmup}\n",
  [SecretFormat.SERVICE_ACCOUNT_JSON]: '{"type":"service_account","project_id":"warmup","private_key":"x"}',
};

/**
 * Run by the snapshot builder (tools/build/write-snapshot.mjs), never at run
 * time: walks what every `run` does between start and CMD, on made-up input,
 * so the blob holds those functions compiled instead of compiling them on
 * each start. The session API is the real one, grpc-js and all, over an
 * in-memory server: a first call through grpc-js compiled ~15 ms of it.
 * Touches no file, no socket and nothing of the process but the clock.
 */
export async function snapshotWarmup(): Promise<void> {
  const sink = { write: () => true };
  const io = {
    stdout: sink,
    stderr: sink,
    stdin: (async function* () {})(),
    env: {},
    cwd: dir,
    openApi: undefined,
    now: () => 0,
    runnerCommand: [],
  };
  try {
    buildProgram(io, { exitCode: 0 }).parse(["run", "--help"], { from: "user" });
  } catch {
    // Help ends in commander's exit, thrown instead.
  }
  const snapshot = await fetchOverInMemoryServer();
  // Each provider alone (two may claim the same variable, which the API
  // resolves before a session sees them). A sample that no longer fits its
  // provider fails the build rather than warm half the path.
  for (const credential of snapshot.credentials) {
    const planned = planMaterialization([credential], { dir });
    if (!planned.ok) throw new Error(`warmup: ${planned.conflicts.map((c) => c.description).join("; ")}`);
    const rendered = renderSession(planned.plan, { dir, extraEnv: {}, workdir: undefined });
    if (!rendered.ok) throw new Error(`warmup: ${rendered.problems.join("; ")}`);
  }
}

/** GetSessionCredentials, then the change stream until it says ENDED, as `run` makes them. */
async function fetchOverInMemoryServer(): Promise<SessionSnapshot> {
  const session = { id: "ses_warmup", state: SessionState.RUNNING };
  const credentials = providers.all().map((provider, i) => ({
    credentialId: `crd_warmup${i}`,
    name: `warmup-${i}`,
    provider: provider.type,
    secret: sampleSecrets[provider.secretFormat],
    url: provider.url === FieldRequirement.REQUIRED ? "https://warmup.test" : "",
    email: provider.email === FieldRequirement.REQUIRED ? "warmup@warmup.test" : "",
  }));
  const got = toBinary(
    GetSessionCredentialsResponseSchema,
    create(GetSessionCredentialsResponseSchema, { session, credentials }),
  );
  const watched = [SessionState.RUNNING, SessionState.ENDED].map((state) =>
    toBinary(
      WatchSessionCredentialsResponseSchema,
      create(WatchSessionCredentialsResponseSchema, { session: { ...session, state }, state, credentials }),
    ),
  );
  return withInMemoryServer(
    (path) => (path.endsWith("/GetSessionCredentials") ? [got] : watched),
    async () => {
      // An address literal: a name would be looked up, and no lookup may leave the builder.
      const api = openSessionApi({ server: "http://127.0.0.1:1", token: "acpr_warmup" });
      try {
        const snapshot = await api.getCredentials(Date.now() + 10_000);
        const end = await api.watch({ onSnapshot: () => undefined }, new AbortController().signal);
        if (end.kind !== "ended") throw new Error(`warmup: the change stream ended ${end.kind}, not ENDED`);
        return snapshot;
      } finally {
        api.close();
      }
    },
  );
}
