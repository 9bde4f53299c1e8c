// Acceptance (issue 11): a runner's change stream, idle far longer than every
// connection limit (shortened here through the serve flags), still delivers
// the next update: the limits cut attackers, never a healthy stream.
import { BindingService, CredentialService, ProjectService, ProviderType, SessionService } from "@acp/proto";
import type { DescService } from "@bufbuild/protobuf";
import { createClient, type Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tokenKubeconfig } from "../testing/access-fixtures.js";
import { type ServedApi, serveInProcess } from "../testing/serve-in-process.js";
import { streamReader } from "../testing/stream-reader.js";

// Every timeout is 1 s; the stream then sits idle for 3.5 s.
const flags = [
  "--headers-timeout",
  "1s",
  "--request-timeout",
  "1s",
  "--keep-alive-timeout",
  "1s",
  "--idle-timeout",
  "1s",
];
const idleMs = 3_500;

describe("a runner's change stream under short connection limits", () => {
  let api: ServedApi;
  beforeAll(async () => {
    api = await serveInProcess(flags);
  });
  afterAll(async () => expect(await api.stop()).toBe(0));

  const transports: Record<string, () => Transport> = {
    // gRPC over h2c with keepalive pings, as the runner connects.
    grpc: () => createGrpcTransport({ baseUrl: api.url, pingIntervalMs: 300, pingIdleConnection: true }),
    "connect over HTTP/1.1": () => createConnectTransport({ baseUrl: api.url, httpVersion: "1.1" }),
  };

  it.each(Object.keys(transports))("over %s, delivers an update after idling past every limit", async (name) => {
    const auth = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });
    const admin = <S extends DescService>(service: S) =>
      createClient(service, createConnectTransport({ baseUrl: api.url, httpVersion: "1.1" }));
    const { project } = await admin(ProjectService).createProject(
      { name: `idle-${name.length}` },
      auth(api.adminToken),
    );
    const { credential } = await admin(CredentialService).createCredential(
      { name: `cluster-${name.length}`, provider: ProviderType.KUBECONFIG, secret: tokenKubeconfig("sha256~first") },
      auth(api.adminToken),
    );
    await admin(BindingService).createBinding(
      { credentialId: credential!.id, target: { case: "projectId", value: project!.id } },
      auth(api.adminToken),
    );
    const { runnerToken } = await admin(SessionService).createSession({ projectId: project!.id }, auth(api.adminToken));

    const controller = new AbortController();
    try {
      const stream = streamReader(
        createClient(SessionService, transports[name]!()).watchSessionCredentials(
          {},
          { ...auth(runnerToken), signal: controller.signal },
        ),
      );
      const secretOf = async (what: string) => (await stream.message(what)).credentials[0]?.secret ?? "";
      expect(await secretOf("the initial set")).toContain("sha256~first");
      await new Promise((resolve) => setTimeout(resolve, idleMs));
      await admin(CredentialService).updateCredential(
        { id: credential!.id, updateMask: { paths: ["secret"] }, secret: tokenKubeconfig("sha256~after-idle") },
        auth(api.adminToken),
      );
      expect(await secretOf("the update after the idle period")).toContain("sha256~after-idle");
    } finally {
      controller.abort();
    }
    expect(api.logText()).not.toContain("sha256~");
  });
});
