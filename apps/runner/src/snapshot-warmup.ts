import { isIPv4, isIPv6 } from "node:net";
import { FieldRequirement, GetSessionCredentialsResponseSchema, SecretFormat, SessionState } from "@acp/proto";
import { planMaterialization, providers } from "@acp/providers";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { snapshotOf } from "./client/index.js";
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
 * each start. Touches no file, socket, clock or process state (the builder
 * refuses those).
 */
export function snapshotWarmup(): void {
  // grpc-js tests every address with these; node compiles their regexes on first use.
  isIPv4("127.0.0.1");
  isIPv6("::1");
  const sink = { write: () => true };
  const io = {
    stdout: sink,
    stderr: sink,
    stdin: [],
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
  const answer = create(GetSessionCredentialsResponseSchema, {
    session: { id: "ses_warmup", state: SessionState.RUNNING },
    credentials: providers.all().map((provider, i) => ({
      credentialId: `crd_warmup${i}`,
      name: `warmup-${i}`,
      provider: provider.type,
      secret: sampleSecrets[provider.secretFormat],
      url: provider.url === FieldRequirement.REQUIRED ? "https://warmup.test" : "",
      email: provider.email === FieldRequirement.REQUIRED ? "warmup@warmup.test" : "",
    })),
  });
  const read = fromBinary(GetSessionCredentialsResponseSchema, toBinary(GetSessionCredentialsResponseSchema, answer));
  const snapshot = snapshotOf(read.session, read.session?.state ?? SessionState.UNSPECIFIED, read.credentials);
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
