// Acceptance: clients that know nothing of this codebase — buf curl, a plain
// @grpc/grpc-js client built from the .proto files at run time, and curl —
// store and read a credential over every protocol the port serves.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BadRequestSchema } from "@acp/proto";
import { fromBinary } from "@bufbuild/protobuf";
import {
  type Client,
  credentials,
  Metadata,
  makeClientConstructor,
  type ServiceDefinition,
  type ServiceError,
  status,
} from "@grpc/grpc-js";
import { loadSync, type Options, type PackageDefinition } from "@grpc/proto-loader";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestApi } from "../testing/test-api.js";
import { testBackends } from "../testing/test-databases.js";

const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const protoDir = join(repoRoot, "proto");
const createPath = "/acp.credentials.v1.CredentialService/CreateCredential";
const getPath = "/acp.credentials.v1.CredentialService/GetCredential";
const secretPath = "/acp.credentials.v1.CredentialService/GetCredentialSecret";

// Two independent policy refusals, so the error must carry two violations.
const twoProblemKubeconfig = `apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster:
    server: https://k8s.example.test
    insecure-skip-tls-verify: true
contexts:
- name: prod
  context: {cluster: prod, user: deployer}
current-context: prod
users:
- name: deployer
  user:
    exec: {command: aws, apiVersion: client.authentication.k8s.io/v1}
`;

// Answers from clients that know nothing of our types, navigated freely by the assertions.
// biome-ignore lint/suspicious/noExplicitAny: the point is to read them as an outside client would.
type LooseJson = Record<string, any>;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command from the repository root and collects its output; never rejects on a non-zero exit. */
function run(command: string, args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

// ---------------------------------------------------------------------------
// buf curl
// ---------------------------------------------------------------------------

type BufProtocol = "connect" | "grpc" | "grpcweb";

/** `buf curl --schema proto`: the contract comes from the source tree, not server reflection. */
async function bufCurl(protocol: BufProtocol, url: string, body: unknown, token?: string): Promise<Run> {
  const args = ["curl", "--schema", "proto", "--protocol", protocol];
  if (protocol === "grpc") args.push("--http2-prior-knowledge");
  if (token) args.push("-H", `Authorization: Bearer ${token}`);
  return run(join(repoRoot, "node_modules/.bin/buf"), [...args, "-d", JSON.stringify(body), url]);
}

async function bufCurlOk(protocol: BufProtocol, url: string, body: unknown, token?: string): Promise<LooseJson> {
  const result = await bufCurl(protocol, url, body, token);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as LooseJson;
}

describe.each(testBackends)("buf curl on $name", (backend) => {
  const api = useTestApi(backend);

  it.each<BufProtocol>(["connect", "grpc", "grpcweb"])(
    "--protocol %s creates a credential, reads it and its secret",
    async (protocol) => {
      const token = api.tokens.alice;
      const name = `buf-${protocol}`;
      const secret = `ghp_buf${protocol}000000000000000000000000`;
      const created = await bufCurlOk(
        protocol,
        api.url + createPath,
        { name, provider: "PROVIDER_TYPE_GITHUB", secret, labels: { via: protocol } },
        token,
      );
      expect(created.credential).toMatchObject({
        name,
        provider: "PROVIDER_TYPE_GITHUB",
        ownerId: api.userIds.alice,
        labels: { via: protocol },
      });
      expect(JSON.stringify(created)).not.toContain(secret);
      const id = created.credential.id as string;

      const got = await bufCurlOk(protocol, api.url + getPath, { name }, token);
      expect(got.credential).toMatchObject({ id, name, provider: "PROVIDER_TYPE_GITHUB" });
      const revealed = await bufCurlOk(protocol, api.url + secretPath, { id }, token);
      expect(revealed).toMatchObject({ credentialId: id, provider: "PROVIDER_TYPE_GITHUB", secret });
    },
  );

  it.each<BufProtocol>(["connect", "grpc"])(
    "--protocol %s shows one field violation per kubeconfig problem in the error details",
    async (protocol) => {
      const result = await bufCurl(
        protocol,
        api.url + createPath,
        { name: `bad-${protocol}`, provider: "PROVIDER_TYPE_KUBECONFIG", secret: twoProblemKubeconfig },
        api.tokens.alice,
      );
      expect(result.code, result.stderr).toBe(3 * 8);
      const error = JSON.parse(result.stderr) as { code: string; details: Array<{ type: string; value: string }> };
      expect(error.code).toBe("invalid_argument");
      expect(error.details.map((d) => d.type)).toEqual(["google.rpc.BadRequest"]);
      // Decoded here rather than read from buf's "debug" rendering, which buf adds for Connect but not for gRPC.
      const detail = fromBinary(BadRequestSchema, Buffer.from(error.details[0]!.value, "base64"));
      expect(detail.fieldViolations.map(({ field, description }) => ({ field, description }))).toEqual([
        { field: "secret", description: expect.stringMatching(/^clusters\[0\]\.cluster\.insecure-skip-tls-verify: /) },
        { field: "secret", description: expect.stringMatching(/^users\[0\]\.user\.exec: /) },
      ]);
    },
  );

  it("gets SERVING from the health service without a token", async () => {
    const reply = await bufCurlOk("grpc", `${api.url}/grpc.health.v1.Health/Check`, {});
    expect(reply).toEqual({ status: "SERVING" });
  });

  it("gets the error code of a refused call; buf exits with 8 × the code", async () => {
    const result = await bufCurl(
      "grpc",
      `${api.url}/acp.projects.v1.ProjectService/CreateProject`,
      { name: "not-allowed" },
      api.tokens.alice,
    );
    expect(result.code).toBe(7 * 8);
    expect(JSON.parse(result.stderr)).toMatchObject({
      code: "permission_denied",
      message: "only an admin may create projects",
    });
  });
});

// ---------------------------------------------------------------------------
// @grpc/grpc-js with @grpc/proto-loader, no generated code
// ---------------------------------------------------------------------------

// Strings for enums and 64-bit numbers, the JSON-ish shape a JavaScript caller expects.
// google/protobuf/*.proto (timestamp, field_mask, descriptor) come from the
// copies bundled with protobufjs; proto/ holds none.
const loaderOptions: Options = { keepCase: true, enums: String, longs: String, defaults: true, oneofs: true };
let credentialDefs: PackageDefinition;
let otherDefs: PackageDefinition;

beforeAll(() => {
  // The contract must load as a grpc-js user would load it: the real files,
  // unmodified. (protobufjs cannot parse `[{…}]` lists inside options, which is
  // why provider_type.proto repeats fields instead.)
  credentialDefs = loadSync(join(protoDir, "acp/credentials/v1/credential_service.proto"), {
    ...loaderOptions,
    includeDirs: [protoDir],
  });
  otherDefs = loadSync(
    [join(protoDir, "grpc/health/v1/health.proto"), join(protoDir, "acp/projects/v1/project_service.proto")],
    { ...loaderOptions, includeDirs: [protoDir] },
  );
});

type Callback = (err: ServiceError | null, reply?: LooseJson) => void;
type UnaryMethod = (request: object, metadata: Metadata, callback: Callback) => void;

function grpcClient(defs: PackageDefinition, service: string, url: string): Client {
  const Ctor = makeClientConstructor(defs[service] as ServiceDefinition, service);
  return new Ctor(new URL(url).host, credentials.createInsecure());
}

/** One unary call; the bearer token travels as `authorization` metadata. */
function call(client: Client, method: string, request: object, token?: string): Promise<LooseJson> {
  const metadata = new Metadata();
  if (token) metadata.set("authorization", `Bearer ${token}`);
  const fn = (client as unknown as Record<string, UnaryMethod>)[method]!;
  return new Promise((resolve, reject) =>
    fn.call(client, request, metadata, (err, reply) => (err ? reject(err) : resolve(reply!))),
  );
}

async function callError(promise: Promise<unknown>): Promise<ServiceError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e as ServiceError,
  );
  expect(err, "expected the call to fail").toBeDefined();
  return err!;
}

describe.each(testBackends)("@grpc/grpc-js client on $name", (backend) => {
  const api = useTestApi(backend);
  let creds: Client;
  let health: Client;
  let projects: Client;
  beforeAll(async () => {
    creds = grpcClient(credentialDefs, "acp.credentials.v1.CredentialService", api.url);
    health = grpcClient(otherDefs, "grpc.health.v1.Health", api.url);
    projects = grpcClient(otherDefs, "acp.projects.v1.ProjectService", api.url);
  });
  afterAll(async () => {
    for (const client of [creds, health, projects]) client?.close();
  });

  it("creates a credential, reads it and its secret", async () => {
    const token = api.tokens.alice;
    const secret = "ghp_grpcjs0000000000000000000000000000";
    const { credential } = await call(
      creds,
      "CreateCredential",
      { name: "grpc-js", provider: "PROVIDER_TYPE_GITHUB", secret, labels: { via: "grpc-js" } },
      token,
    );
    expect(credential).toMatchObject({
      name: "grpc-js",
      provider: "PROVIDER_TYPE_GITHUB",
      owner_id: api.userIds.alice,
      labels: { via: "grpc-js" },
    });
    expect(credential.create_time.seconds).toMatch(/^\d+$/);
    expect(JSON.stringify(credential)).not.toContain(secret);

    const got = await call(creds, "GetCredential", { id: credential.id }, token);
    expect(got.credential).toMatchObject({ id: credential.id, name: "grpc-js", provider: "PROVIDER_TYPE_GITHUB" });
    const byName = await call(creds, "GetCredential", { name: "grpc-js" }, token);
    expect(byName.credential.id).toBe(credential.id);
    const revealed = await call(creds, "GetCredentialSecret", { id: credential.id }, token);
    expect(revealed).toMatchObject({ credential_id: credential.id, provider: "PROVIDER_TYPE_GITHUB", secret });
  });

  it("gets INVALID_ARGUMENT naming the field for an unknown provider", async () => {
    const err = await callError(
      call(creds, "CreateCredential", { name: "bad", provider: 99, secret: "tok" }, api.tokens.alice),
    );
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    // grpc-js decodes grpc-message with decodeURI; the server escapes only what the spec asks, so the text arrives intact.
    expect(err.details).toMatch(/^invalid request: provider: unknown provider 99; expected one of /);
  });

  it("gets UNAUTHENTICATED without a token", async () => {
    const err = await callError(call(creds, "GetCredential", { name: "grpc-js" }));
    expect(err.code).toBe(status.UNAUTHENTICATED);
  });

  it("gets SERVING from the health service without a token", async () => {
    expect(await call(health, "Check", { service: "" })).toEqual({ status: "SERVING" });
    expect(await call(health, "Check", { service: "acp.credentials.v1.CredentialService" })).toEqual({
      status: "SERVING",
    });
  });

  it("gets PERMISSION_DENIED, with the server's message, from a refused call", async () => {
    const err = await callError(call(projects, "CreateProject", { name: "not-allowed" }, api.tokens.alice));
    expect(err.code).toBe(status.PERMISSION_DENIED);
    expect(err.details).toBe("only an admin may create projects");
  });
});

// ---------------------------------------------------------------------------
// curl: Connect unary is JSON over a plain HTTP/1.1 POST
// ---------------------------------------------------------------------------

/** POSTs Connect JSON with curl forced to HTTP/1.1; reports the version curl actually spoke. */
async function curlConnect(url: string, body: unknown, token: string) {
  const result = await run("curl", [
    "--http1.1",
    "-sS",
    "-X",
    "POST",
    "-H",
    "Content-Type: application/json",
    "-H",
    `Authorization: Bearer ${token}`,
    "--data",
    JSON.stringify(body),
    "-w",
    "\n%{http_version} %{http_code}",
    url,
  ]);
  expect(result.code, result.stderr).toBe(0);
  const cut = result.stdout.lastIndexOf("\n");
  const [httpVersion, httpCode] = result.stdout.slice(cut + 1).split(" ");
  return {
    httpVersion,
    httpCode: Number(httpCode),
    json: JSON.parse(result.stdout.slice(0, cut)) as LooseJson,
  };
}

describe.each(testBackends)("curl with Connect JSON on $name", (backend) => {
  const api = useTestApi(backend);

  it("creates a credential, reads it and its secret over HTTP/1.1", async () => {
    const token = api.tokens.bob;
    const secret = "glpat-curl000000000000000";
    const created = await curlConnect(
      api.url + createPath,
      { name: "via-curl", provider: "PROVIDER_TYPE_GITLAB", secret },
      token,
    );
    expect(created).toMatchObject({ httpVersion: "1.1", httpCode: 200 });
    expect(created.json.credential).toMatchObject({
      name: "via-curl",
      provider: "PROVIDER_TYPE_GITLAB",
      ownerId: api.userIds.bob,
    });
    const id = created.json.credential.id as string;

    const got = await curlConnect(api.url + getPath, { id }, token);
    expect(got).toMatchObject({ httpVersion: "1.1", httpCode: 200, json: { credential: { id, name: "via-curl" } } });
    const revealed = await curlConnect(api.url + secretPath, { id }, token);
    expect(revealed).toMatchObject({
      httpVersion: "1.1",
      httpCode: 200,
      json: { credentialId: id, provider: "PROVIDER_TYPE_GITLAB", secret },
    });
  });

  it("gets HTTP 400 with code invalid_argument naming the field", async () => {
    const reply = await curlConnect(api.url + createPath, { name: "no-provider", secret: "tok" }, api.tokens.bob);
    expect(reply).toMatchObject({ httpVersion: "1.1", httpCode: 400, json: { code: "invalid_argument" } });
    expect(reply.json.message).toMatch(/^invalid request: provider: must be set/);
  });
});
